"""Anonymous pages are publicly cacheable; anything personal is private; publishing purges."""

from __future__ import annotations

import pytest
from django.test import override_settings
from wagtail.contrib.frontend_cache.backends import BaseBackend

from cms.middleware import PRIVATE, cache_policy
from tests.cms.factories_public import build_public_site
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MIDDLEWARE = "cms.middleware.CacheControlMiddleware"


@pytest.fixture
def cache_middleware(settings):
    """The middleware sits above session, CSRF, auth and messages (see README's settings)."""
    if MIDDLEWARE not in settings.MIDDLEWARE:
        middleware = list(settings.MIDDLEWARE)
        middleware.insert(
            middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1, MIDDLEWARE
        )
        settings.MIDDLEWARE = middleware
    settings.PUBLIC_CACHE_MAX_AGE = 300


@pytest.fixture
def site(db, cache_middleware):
    return build_public_site(problems=1)


PUBLIC_URLS = [
    "/",
    "/en/",
    "/en/problems/",
    "/en/problems/p01/",
    "/en/hoi-thi/",
    "/en/news/",
    "/en/search/?q=water",
    "/sitemap.xml",
    "/en/calendar.ics",
    "/en/open-data/problems.csv",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_anonymous_pages_are_public_with_a_max_age(client, site, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    assert "Cookie" in response["Vary"]
    assert not response.cookies


@pytest.mark.parametrize("url", ["/", "/en/problems/p01/", "/en/search/?q=water"])
def test_signed_in_pages_are_private(client, site, url):
    client.force_login(UserFactory())
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == PRIVATE


@pytest.mark.parametrize("url", ["/en/accounts/signup/", "/en/accounts/login/"])
def test_pages_with_a_csrf_form_are_never_public(client, site, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "public" not in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_the_account_page_is_private(client, site):
    client.force_login(UserFactory())
    response = client.get("/en/account/")
    assert response.status_code == 200
    assert "public" not in response["Cache-Control"]


def test_not_found_and_posts_are_not_made_public(client, site):
    assert "Cache-Control" not in client.get("/en/no-such-page/")
    response = client.post("/en/search/")
    assert "public" not in response.get("Cache-Control", "")


def test_cache_policy_keeps_a_header_the_view_set():
    args = {
        "method": "GET",
        "status": 200,
        "signed_in": False,
        "sets_cookies": False,
        "uses_csrf": False,
    }
    assert cache_policy(**args, already_set=True, max_age=60) is None
    assert cache_policy(**args, already_set=False, max_age=60) == "public, max-age=60"
    assert cache_policy(**{**args, "sets_cookies": True}, already_set=False, max_age=60) == PRIVATE
    assert cache_policy(**{**args, "uses_csrf": True}, already_set=False, max_age=60) == PRIVATE
    assert cache_policy(**{**args, "signed_in": True}, already_set=False, max_age=60) == PRIVATE
    assert cache_policy(**{**args, "method": "POST"}, already_set=False, max_age=60) is None


class RecordingBackend(BaseBackend):
    purged: list[str] = []

    def purge(self, url: str) -> None:
        RecordingBackend.purged.append(url)


@override_settings(
    WAGTAILFRONTENDCACHE={"default": {"BACKEND": "tests.cms.test_caching.RecordingBackend"}}
)
def test_publishing_a_problem_purges_it_its_lists_and_the_feeds(site):
    RecordingBackend.purged = []
    problem = site["problems"][0]
    problem.title = "Tiêu đề mới"
    problem.save_revision().publish()
    purged = set(RecordingBackend.purged)
    base = "http://testserver"
    assert {
        base + "/cac-bai-toan/p01/",
        base + "/en/problems/p01/",
        base + "/cac-bai-toan/",
        base + "/en/problems/",
        base + "/",
        base + "/en/",
        base + "/sitemap.xml",
        base + "/calendar.ics",
        base + "/en/calendar.ics",
        base + f"/calendar/{problem.pk}.ics",
        base + "/open-data/problems.csv",
        base + "/en/open-data/problems.json",
    } <= purged


@override_settings(
    WAGTAILFRONTENDCACHE={"default": {"BACKEND": "tests.cms.test_caching.RecordingBackend"}}
)
def test_publishing_news_purges_the_home_pages_but_not_the_feeds(site):
    RecordingBackend.purged = []
    site["news"].save_revision().publish()
    purged = set(RecordingBackend.purged)
    assert {"http://testserver/", "http://testserver/en/", "http://testserver/tin-tuc/"} <= purged
    assert "http://testserver/calendar.ics" not in purged
