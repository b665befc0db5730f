"""Site search in the visitor's language; the sitemap in both languages with hreflang."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import translation

from tests.cms.factories_public import NewsPageFactory, build_public_site
from tests.factories import ChallengePageFactory

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture
def site(db):
    return build_public_site()


def found(response) -> list[str]:
    return (
        [page.title for page in response.context["results"]] if response.context["results"] else []
    )


def test_search_finds_problems_contests_and_news_in_english(client, site):
    assert found(client.get("/en/search/", {"q": "Problem number 2"})) == ["Problem number 2"]
    assert found(client.get("/en/search/", {"q": "Innovation Contest"})) == ["Innovation Contest"]
    assert found(client.get("/en/search/", {"q": "announced"})) == ["Problems announced"]


def test_search_answers_in_the_visitor_language_only(client, site):
    assert found(client.get("/search/", {"q": "Problem number 2"})) == []
    assert found(client.get("/search/", {"q": "Bài toán số 2"})) == ["Bài toán số 2"]


def test_search_matches_body_text_not_just_titles(client, site):
    NewsPageFactory(
        parent=site["news_index"],
        title="Hội nghị",
        summary="Giới thiệu chương trình tới doanh nghiệp cảng biển",
    )
    assert found(client.get("/search/", {"q": "cảng biển"})) == ["Hội nghị"]


def test_search_leaves_out_drafts_and_other_page_types(client, site):
    ChallengePageFactory(parent=site["index"], code="P09", title="Nháp bí mật", live=False)
    assert found(client.get("/search/", {"q": "Nháp bí mật"})) == []
    # Generic pages are not part of the call search.
    assert found(client.get("/en/search/", {"q": "About"})) == []


def test_search_without_a_query_shows_the_form_only(client, site):
    response = client.get("/en/search/")
    assert response.status_code == 200
    assert response.context["results"] is None
    assert '<label for="id_q">' in response.text
    assert '<meta name="robots" content="noindex, follow">' in response.text


def sitemap_entries(client) -> dict[str, dict[str, str]]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    entries = {}
    for url in root.findall("s:url", NS):
        loc = url.find("s:loc", NS).text
        entries[loc] = {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
        }
    return entries


def test_sitemap_lists_every_live_page_in_both_languages(client, site):
    draft = NewsPageFactory(parent=site["news_index"], title="Nháp", slug="nhap", live=False)
    entries = sitemap_entries(client)
    keys = ["home", "index", "contest", "news_index", "news", "about"]
    expected = set()
    for key in keys:
        expected |= {site[key].full_url, site[f"{key}_en"].full_url}
    for vi, en in zip(site["problems"], site["problems_en"], strict=True):
        expected |= {vi.full_url, en.full_url}
    assert set(entries) == expected
    assert draft.full_url not in entries


def test_sitemap_gives_hreflang_alternates_for_translated_pages(client, site):
    entries = sitemap_entries(client)
    vi, en = site["problems"][0], site["problems_en"][0]
    alternates = {"vi": vi.full_url, "en": en.full_url}
    assert entries[vi.full_url] == alternates
    assert entries[en.full_url] == alternates


def test_sitemap_has_no_alternates_for_an_untranslated_page(client, site):
    lone = NewsPageFactory(parent=site["news_index"], title="Chỉ tiếng Việt", slug="chi-vi")
    assert sitemap_entries(client)[lone.full_url] == {}


def test_robots_txt_names_the_sitemap(client, site):
    text = client.get("/robots.txt").text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_robots_txt_disallows_the_private_pages_in_both_languages(client, site):
    disallowed = [
        line.removeprefix("Disallow: ")
        for line in client.get("/robots.txt").text.splitlines()
        if line.startswith("Disallow: ")
    ]
    assert disallowed == ["/admin/", "/accounts/", "/en/accounts/"]
    for language in ("vi", "en"):
        with translation.override(language):
            private = [reverse(name) for name in ("account_login", "account_signup")]
        for path in private:
            assert any(path.startswith(prefix) for prefix in disallowed), path
    assert not any(site["index_en"].url.startswith(prefix) for prefix in disallowed)
