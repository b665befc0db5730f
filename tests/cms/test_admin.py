from __future__ import annotations

import pytest
from django.urls import reverse

from cms.models import User
from tests.factories import UserFactory, build_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    build_site()
    admin = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_admin_dashboard_opens_for_staff(admin_client):
    assert admin_client.get("/admin/").status_code == 200


def test_admin_creates_a_user_by_email_without_username(admin_client):
    form = admin_client.get(reverse("wagtailusers_users:add"))
    assert form.status_code == 200
    assert 'name="first_name"' not in form.text
    assert 'name="display_name"' in form.text
    response = admin_client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "New.Editor@Quangninh.example",
            "display_name": "Biên tập viên",
            "preferred_language": "vi",
            "password1": "a-long-enough-password-42",
            "password2": "a-long-enough-password-42",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    user = User.objects.get(email="new.editor@quangninh.example")
    assert user.display_name == "Biên tập viên"


def test_admin_edits_a_user(admin_client):
    user = UserFactory(email="edit.me@example.org", display_name="Cũ")
    url = reverse("wagtailusers_users:edit", args=[user.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            "email": "edit.me@example.org",
            "display_name": "Mới",
            "preferred_language": "en",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    user.refresh_from_db()
    assert (user.display_name, user.preferred_language) == ("Mới", "en")


def test_admin_page_editor_for_a_challenge_opens(admin_client):
    from wagtail.models import Page

    from challenges.models import ChallengeIndexPage

    index = ChallengeIndexPage.objects.get()
    response = admin_client.get(
        reverse("wagtailadmin_pages:add", args=["challenges", "challengepage", index.pk])
    )
    assert response.status_code == 200
    assert Page.objects.count() >= 3


def test_admin_uses_its_own_relaxed_csp(admin_client):
    response = admin_client.get("/admin/")
    assert "'unsafe-inline'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
