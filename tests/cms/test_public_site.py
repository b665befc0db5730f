"""Every public page type, in both languages: content, language switch, hreflang, formats, meta."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import formats, translation
from wagtail.models import Page

from tests.cms.factories_public import NewsPageFactory, build_public_site
from tests.factories import StandardPageFactory

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


# --- language switch and hreflang for pages without a translation -------------------------------


def switch_link(text: str, language: str) -> str:
    """The href of the header's link to ``language``."""
    match = re.search(rf'<a href="([^"]*)" lang="{language}" hreflang="{language}">', text)
    assert match, f"no language switch to {language}"
    return match.group(1)


def test_untranslated_page_has_no_alternate_and_switches_to_the_translated_parent(client, site):
    lone = NewsPageFactory(parent=site["news_index"], title="Chỉ tiếng Việt", slug="chi-vi")
    assert client.get(f"/en{lone.url}").status_code == 404  # no English version to link to
    text = client.get(lone.url).text
    assert 'hreflang="en" href=' not in text
    assert f'hreflang="vi" href="http://testserver{lone.url}"' in text
    target = switch_link(text, "en")
    assert target == site["news_index_en"].url
    response = client.get(target)
    assert response.status_code == 200
    assert '<html lang="en">' in response.text


def test_untranslated_page_under_untranslated_pages_switches_to_the_home_page(client, site):
    parent = StandardPageFactory(parent=site["home"], title="Chỉ tiếng Việt", slug="chi-vi")
    child = StandardPageFactory(parent=parent, title="Trang con", slug="trang-con")
    text = client.get(child.url).text
    assert 'hreflang="en" href=' not in text
    assert switch_link(text, "en") == "/en/"
    assert client.get("/en/").status_code == 200


def test_english_only_page_switches_to_the_vietnamese_parent(client, site):
    lone = NewsPageFactory(parent=site["news_index_en"], title="English only", slug="en-only")
    text = client.get(lone.url).text
    assert 'hreflang="vi" href=' not in text
    assert 'hreflang="x-default"' not in text
    assert f'hreflang="en" href="http://testserver{lone.url}"' in text
    assert switch_link(text, "vi") == site["news_index"].url


def test_translated_page_keeps_both_alternates_from_either_language(client, site):
    vi, en = site["news"], site["news_en"]
    for url, other_language, other in ((vi.url, "en", en), (en.url, "vi", vi)):
        text = client.get(url).text
        assert f'hreflang="vi" href="http://testserver{vi.url}"' in text
        assert f'hreflang="en" href="http://testserver{en.url}"' in text
        assert switch_link(text, other_language) == other.url


def test_views_keep_both_alternates_and_switch_to_the_same_view(client, site):
    text = client.get("/en/search/?q=bay").text
    assert 'hreflang="vi" href="http://testserver/search/?q=bay"' in text
    assert 'hreflang="en" href="http://testserver/en/search/?q=bay"' in text
    assert switch_link(text, "vi") == "/search/?q=bay"


# --- meta descriptions --------------------------------------------------------------------------

LONG_INTRO = (
    "Tin tức, thông báo và kết quả của chương trình đổi mới sáng tạo mở tỉnh Quảng Ninh: "
    "các bài toán được công bố, các hội thi, lịch chấm và danh sách giải thưởng được cập nhật "
    "thường xuyên cho mọi người."
)
#: key → (field holding the lead, Vietnamese text, English text); the description is the text
#: unless EXPECTED_DESCRIPTIONS says otherwise (rich text flattened, long text cut, HTML-escaped).
LEAD_TEXTS = {
    "home": ("hero_lead", "Tỉnh công bố bài toán.", "The province publishes problems."),
    "index": (
        "intro",
        "<p>Bài toán &amp; thách thức</p><p>của tỉnh</p>",
        "<p>Problems &amp; challenges</p><p>of the province</p>",
    ),
    "problems.0": ("summary", "Tóm tắt bài toán 1", "Summary 1"),
    "contest": ("summary", "Hội thi.", "A contest."),
    "news_index": ("intro", LONG_INTRO, "News, notices and results."),
    "news": ("summary", "Tóm tắt tin.", "Summary."),
    "about": ("intro", "Về chương trình.", "About the programme."),
}
EXPECTED_DESCRIPTIONS = {
    "index": ("Bài toán &amp; thách thức của tỉnh", "Problems &amp; challenges of the province"),
    "news_index": (
        "Tin tức, thông báo và kết quả của chương trình đổi mới sáng tạo mở tỉnh Quảng Ninh: "
        "các bài toán được công bố, các hội thi, lịch chấm và danh sách giải thưởng…",
        "News, notices and results.",
    ),
}


@pytest.fixture
def described_site(site):
    for key, (field, vi_text, en_text) in LEAD_TEXTS.items():
        for language, text in (("vi", vi_text), ("en", en_text)):
            # A fresh copy: publishing a stale one would write back its old tree fields.
            page = Page.objects.get(pk=page_of(site, key, language).pk).specific
            setattr(page, field, text)
            page.save_revision().publish()
    return site


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("key", PAGE_KEYS)
def test_each_page_type_has_a_meta_description_from_its_lead(client, described_site, key, language):
    page = page_of(described_site, key, language)
    _field, vi_text, en_text = LEAD_TEXTS[key]
    expected = EXPECTED_DESCRIPTIONS.get(key, (vi_text, en_text))[language == "en"]
    text = client.get(page.url).text
    assert f'<meta name="description" content="{expected}">' in text
    assert f'<meta property="og:description" content="{expected}">' in text


def test_long_lead_is_cut_at_a_word_to_160_characters(client, described_site):
    text = client.get(described_site["news_index"].url).text
    content = re.search(r'<meta name="description" content="([^"]*)">', text).group(1)
    assert len(content) <= 160
    assert content.endswith("…")
    kept = content.removesuffix("…")
    assert LONG_INTRO.startswith(kept)
    assert LONG_INTRO[len(kept)] == " "  # cut between words


def test_search_description_overrides_the_lead(client, described_site):
    about = described_site["about_en"]
    about.search_description = "Who runs the programme and why."
    about.save_revision().publish()
    text = client.get(about.url).text
    assert '<meta name="description" content="Who runs the programme and why.">' in text
    assert "About the programme." not in text.split("</head>")[0]
