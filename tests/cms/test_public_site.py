"""Every public page type, in both languages: content, language switch, hreflang, formats, meta."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import formats, translation

from tests.cms.factories_public import NewsPageFactory, build_public_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    return build_public_site()


PAGE_KEYS = ["home", "index", "problems.0", "contest", "news_index", "news", "about"]


def page_of(site: dict, key: str, language: str):
    name, _, position = key.partition(".")
    name = name if language == "vi" else f"{name}_en"
    value = site[name]
    return value[int(position)] if position else value


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("key", PAGE_KEYS)
def test_each_page_type_renders_in_each_language(client, site, key, language):
    page = page_of(site, key, language)
    response = client.get(page.url)
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.text
    assert response.context["page"].pk == page.pk
    assert page.url.startswith("/en/") == (language == "en")


@pytest.mark.parametrize("key", PAGE_KEYS)
def test_each_page_has_hreflang_links_to_both_versions(client, site, key):
    vi, en = page_of(site, key, "vi"), page_of(site, key, "en")
    response = client.get(en.url)
    assert f'hreflang="vi" href="http://testserver{vi.url}"' in response.text
    assert f'hreflang="en" href="http://testserver{en.url}"' in response.text
    assert f'hreflang="x-default" href="http://testserver{vi.url}"' in response.text
    # The language switch goes to the same page in the other language.
    assert f'<a href="{vi.url}" lang="vi" hreflang="vi">' in response.text


def test_problem_page_shows_its_facts_and_window_in_english(client, site):
    page = site["problems_en"][0]
    response = client.get(page.url)
    text = response.text
    assert "P01" in text
    assert "VND\u00a05,000,000,000" in text
    with translation.override("en"):
        closes = formats.date_format(page.closes_at.astimezone(_tz()), "DATETIME_FORMAT")
    assert closes in text
    assert f'href="/en/calendar/{page.pk}.ics"' in text
    assert 'aria-current="step"' in text


def test_problem_page_formats_money_and_dates_the_vietnamese_way(client, site):
    page = site["problems"][0]
    response = client.get(page.url)
    assert "5.000.000.000\u00a0₫" in response.text
    with translation.override("vi"):
        closes = formats.date_format(page.closes_at.astimezone(_tz()), "DATETIME_FORMAT")
    assert closes in response.text
    assert f'href="/calendar/{page.pk}.ics"' in response.text


def _tz():
    return ZoneInfo("Asia/Ho_Chi_Minh")


def test_home_page_lists_problems_contests_and_latest_news(client, site):
    response = client.get("/en/")
    text = response.text
    for problem in site["problems_en"]:
        assert problem.title in text
    assert site["contest_en"].title in text
    assert site["news_en"].title in text
    assert response.context["open_calls_count"] == 4
    assert response.context["pilot_budget_total"] == 3 * 5_000_000_000


def test_home_page_news_is_in_the_page_language(client, site):
    assert site["news"].title in client.get("/").text
    assert site["news"].title not in client.get("/en/").text


def test_news_index_lists_articles_newest_first(client, site):
    NewsPageFactory(parent=site["news_index"], title="Tin mới nhất", date=dt.date(2026, 11, 25))
    response = client.get(site["news_index"].url)
    titles = [item.title for item in response.context["news_items"]]
    assert titles == ["Tin mới nhất", site["news"].title]


def test_footer_links_the_generic_pages_of_the_language(client, site):
    text = client.get("/en/").text
    assert f'href="{site["about_en"].url}"' in text
    assert f'href="{site["about"].url}"' not in text


def test_page_meta_has_description_canonical_and_open_graph(client, site):
    page = site["problems_en"][0]
    text = client.get(page.url).text
    assert f'<meta name="description" content="{page.summary}">' in text
    assert f'<link rel="canonical" href="http://testserver{page.url}">' in text
    assert f'<meta property="og:title" content="{page.title}">' in text
    assert '<meta property="og:locale" content="en_GB">' in text
    news = client.get(site["news_en"].url).text
    assert '<meta property="og:type" content="article">' in news


def test_draft_news_is_not_listed_or_served(client, site):
    draft = NewsPageFactory(parent=site["news_index"], title="Bản nháp tin", live=False)
    assert draft.title not in client.get(site["news_index"].url).text
    assert draft.title not in client.get("/").text
    assert client.get(f"{site['news_index'].url}{draft.slug}/").status_code == 404


@pytest.fixture
def site_formats(settings):
    """The site's own Vietnamese formats (settings: FORMAT_MODULE_PATH = ["cms.formats"])."""
    settings.FORMAT_MODULE_PATH = ["cms.formats"]
    formats._format_cache.clear()
    formats._format_modules_cache.clear()
    yield
    formats._format_cache.clear()
    formats._format_modules_cache.clear()


def test_vietnamese_dates_read_as_running_text(client, site, site_formats):
    page = site["problems"][0]
    page.closes_at = dt.datetime(2027, 1, 10, 10, 0, tzinfo=dt.UTC)
    page.judging_starts_at = page.results_expected_at = None
    page.save_revision().publish()
    text = client.get(page.url).text
    assert "17:00, ngày 10 tháng 1 năm 2027" in text
    english = client.get(site["problems_en"][0].url).text
    assert "ngày" not in english


def test_home_page_shows_submissions_received_when_an_app_provides_it(client, site):
    from wagtail import hooks

    def submissions_figure(page, request):
        return {"submissions_received_count": 42}

    with hooks.register_temporarily("cms_home_page_context", submissions_figure):
        response = client.get("/en/")
    assert response.context["submissions_received_count"] == 42
    assert "<dd>42</dd>" in response.text
