from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from cms.models import User
from tests.factories import PASSWORD, UserFactory, build_site

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "Chi.Nguyen@HaLongTech.example",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "display_name": "  Nguyễn   Thị Chi ",
    "preferred_language": "en",
}


@pytest.fixture(autouse=True)
def site(db):
    return build_site()


def confirmation_link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/[^\s]*confirm-email/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_signup_sends_verification_mail_and_verifying_signs_in(client):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "chi.nguyen@halongtech.example"
    assert user.display_name == "Nguyễn Thị Chi"
    assert user.preferred_language == "en"
    assert not client.get(reverse("account_dashboard")).wsgi_request.user.is_authenticated

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["chi.nguyen@halongtech.example"]
    link = confirmation_link(message)

    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    assert user.emailaddress_set.get().verified is True
    dashboard = client.get(reverse("account_dashboard"))
    assert dashboard.status_code == 200
    assert "Nguyễn Thị Chi" in dashboard.text


def test_unverified_user_cannot_log_in(client):
    UserFactory(email="unverified@example.org", verified=False)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(
        user=User.objects.get(email="unverified@example.org"),
        email="unverified@example.org",
        verified=False,
        primary=True,
    )
    response = client.post(
        reverse("account_login"), {"login": "unverified@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1  # a fresh verification e-mail instead of a session


def test_verified_user_logs_in_with_email_any_case(client):
    user = UserFactory(email="owner@example.org")
    response = client.post(
        reverse("account_login"), {"login": "OWNER@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_rotates_the_session_id(client):
    UserFactory(email="rotate@example.org")
    client.get(reverse("account_login"))
    client.session["probe"] = 1
    before = client.session.session_key
    client.post(reverse("account_login"), {"login": "rotate@example.org", "password": PASSWORD})
    assert client.session.session_key != before


def test_wrong_password_is_refused_with_a_message(client):
    UserFactory(email="someone@example.org")
    response = client.post(
        reverse("account_login"), {"login": "someone@example.org", "password": "wrong-password-1"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "errorlist" in response.text or "message--error" in response.text


def test_signup_with_mismatched_passwords_keeps_the_other_fields(client):
    response = client.post(reverse("account_signup"), {**SIGNUP, "password2": "something-else-42"})
    assert response.status_code == 200
    assert User.objects.count() == 0
    assert 'value="chi.nguyen@halongtech.example"' in response.text.lower()
    assert "field--error" in response.text


def test_signup_page_is_translated_into_english(client):
    vi = client.get(reverse("account_signup"))
    en = client.get("/en" + reverse("account_signup"))
    assert vi.status_code == en.status_code == 200
    assert '<html lang="vi">' in vi.text
    assert '<html lang="en">' in en.text
    assert "Sign Up" in en.text or "Register" in en.text
    assert "Đăng ký" in vi.text


def test_password_reset_mail_is_sent_for_known_address(client):
    UserFactory(email="forgot@example.org")
    response = client.post(reverse("account_reset_password"), {"email": "forgot@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "password/reset/key/" in mail.outbox[0].body


def test_mfa_setup_page_offers_totp(client):
    UserFactory(email="judge@example.org")
    client.post(reverse("account_login"), {"login": "judge@example.org", "password": PASSWORD})
    # Turning on a second factor asks for the password again first.
    assert client.get(reverse("mfa_activate_totp")).url.startswith(
        reverse("account_reauthenticate")
    )
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    assert "otpauth" in response.text or "svg" in response.text


def test_dashboard_requires_login(client):
    response = client.get(reverse("account_dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_profile_form_rejects_blank_name_and_keeps_language(client):
    user = UserFactory(email="p@example.org", display_name="Cũ")
    client.force_login(user)
    response = client.post(
        reverse("account_dashboard"), {"display_name": "   ", "preferred_language": "en"}
    )
    assert response.status_code == 200
    assert "field--error" in response.text
    user.refresh_from_db()
    assert user.display_name == "Cũ"
