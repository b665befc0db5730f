"""A small public site in both languages: problems, a contest, news and a generic page."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

import factory
import wagtail_factories
from django.utils import timezone
from wagtail.models import Page

from challenges.models import ContestCategory
from cms.models import NewsIndexPage, NewsPage
from tests.factories import (
    ChallengePageFactory,
    ContestPageFactory,
    StandardPageFactory,
    build_site,
)


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "Tin tức"
    slug = "tin-tuc"


class NewsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"Tin {n}")
    summary = "Tóm tắt tin."
    date = factory.LazyFunction(lambda: dt.date(2026, 11, 20))


def translate(page: Page, locale, **fields) -> Page:
    """Copy ``page`` into ``locale`` (its parent must be translated already) and publish it."""
    copy = page.copy_for_translation(locale).specific
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy


def build_public_site(problems: int = 3) -> dict:
    """``build_site()`` plus, in Vietnamese and English: problems P01…, a contest with a
    category, a news index with one article and an About page."""
    site = build_site()
    en = site["en"]
    now = timezone.now()
    site["index_en"] = translate(site["index"], en, title="Problems", slug="problems")
    site["problems"], site["problems_en"] = [], []
    sectors = ["environment", "tourism", "health", "transport"]
    for number in range(1, problems + 1):
        page = ChallengePageFactory(
            parent=site["index"],
            code=f"P{number:02d}",
            slug=f"p{number:02d}",
            title=f"Bài toán số {number}",
            summary=f"Tóm tắt bài toán {number}",
            sector=sectors[(number - 1) % len(sectors)],
            opens_at=now - timedelta(days=10),
            closes_at=now + timedelta(days=10 * number),
            judging_starts_at=now + timedelta(days=10 * number + 7),
            results_expected_at=now + timedelta(days=10 * number + 40),
        )
        site["problems"].append(page)
        site["problems_en"].append(
            translate(page, en, title=f"Problem number {number}", summary=f"Summary {number}")
        )
    contest = ContestPageFactory(
        parent=site["home"], title="Hội thi Sáng tạo", slug="hoi-thi", summary="Hội thi."
    )
    ContestCategory.objects.create(
        page=contest, key="young", name="Thiếu niên", min_age=12, max_age=15
    )
    contest.save_revision().publish()
    site["contest"] = contest
    site["contest_en"] = translate(contest, en, title="Innovation Contest", summary="A contest.")
    news_index = NewsIndexPageFactory(parent=site["home"])
    site["news_index"] = news_index
    site["news_index_en"] = translate(news_index, en, title="News", slug="news")
    article = NewsPageFactory(parent=news_index, title="Công bố bài toán", slug="cong-bo")
    site["news"] = article
    site["news_en"] = translate(
        article, en, title="Problems announced", slug="announced", summary="Summary."
    )
    about = StandardPageFactory(parent=site["home"], title="Giới thiệu", slug="gioi-thieu")
    site["about"] = about
    site["about_en"] = translate(about, en, title="About", slug="about")
    return site
