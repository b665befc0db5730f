"""Public pages cost the same number of queries however many problems are published."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ChallengePageFactory, ContestPageFactory, build_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    return build_site()


def queries_for(client, url: str) -> int:
    client.get(url)  # warm per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def add_problems(site, start: int, n: int) -> None:
    for number in range(start, start + n):
        ChallengePageFactory(parent=site["index"], code=f"P{number:02d}")


def test_home_page_query_count_does_not_grow_with_problems(
    client, site, django_assert_max_num_queries
):
    ContestPageFactory(parent=site["home"])
    add_problems(site, 1, 2)
    few = queries_for(client, "/")
    add_problems(site, 3, 11)
    many = queries_for(client, "/")
    assert many == few
    with django_assert_max_num_queries(20):
        client.get("/")


def test_problem_index_query_count_does_not_grow_with_problems(
    client, site, django_assert_max_num_queries
):
    add_problems(site, 1, 2)
    few = queries_for(client, site["index"].url)
    add_problems(site, 3, 11)
    assert queries_for(client, site["index"].url) == few
    with django_assert_max_num_queries(20):
        client.get(site["index"].url)


def test_challenge_page_query_count_does_not_grow_with_problems(
    client, site, django_assert_max_num_queries
):
    add_problems(site, 1, 1)
    from challenges.models import ChallengePage

    url = ChallengePage.objects.get(code="P01").url
    few = queries_for(client, url)
    add_problems(site, 2, 12)
    assert queries_for(client, url) == few
    with django_assert_max_num_queries(20):
        client.get(url)


def add_news(site, n: int) -> None:
    from tests.cms.factories_public import NewsPageFactory

    for _ in range(n):
        NewsPageFactory(parent=site["news_index"])


@pytest.fixture
def public_site(db):
    from tests.cms.factories_public import build_public_site

    return build_public_site(problems=1)


@pytest.mark.parametrize(
    "url",
    [
        "/en/",
        "/en/problems/",
        "/en/problems/?q=Problem&sector=environment&status=open&sort=deadline",
        "/en/problems/p01/",
        "/en/hoi-thi/",
        "/en/news/",
        "/en/news/announced/",
        "/en/search/?q=problem",
        "/en/calendar.ics",
        "/en/open-data/problems.json",
        "/sitemap.xml",
    ],
)
def test_public_page_query_count_does_not_grow_with_rows(
    client, public_site, url, django_assert_max_num_queries
):
    from challenges.models import ChallengePage

    def add_translated_problems(start: int, n: int) -> None:
        from tests.cms.factories_public import translate

        for number in range(start, start + n):
            page = ChallengePageFactory(parent=public_site["index"], code=f"P{number:02d}")
            translate(page, public_site["en"], title=f"Problem {number}")

    add_translated_problems(2, 2)
    add_news(public_site, 2)
    few = queries_for(client, url)
    add_translated_problems(4, 8)
    add_news(public_site, 8)
    assert ChallengePage.objects.filter(locale=public_site["en"]).count() == 11
    assert queries_for(client, url) == few
    with django_assert_max_num_queries(20):
        client.get(url)


def cold_queries_for(client, url: str) -> int:
    """Queries with an empty cache: the prize tables are cached, so read them from the records."""
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def add_awards(contest, policies: int, sponsors: int) -> None:
    """Award policies with their tiers, each with completed sponsor prizes (and a pending one,
    which the page never shows)."""
    from django.utils import timezone

    from judging.models import SponsorContribution
    from tests.judging.award_support import make_policy
    from tests.judging.factories import OrganisationFactory

    for _ in range(policies):
        number = SponsorContribution.objects.count() + 1
        policy = make_policy(contest, name=f"Giải thưởng {number}")
        organisation = OrganisationFactory()
        for status in ["completed"] * sponsors + ["pending"]:
            number += 1
            SponsorContribution.objects.create(
                organisation=organisation,
                policy=policy,
                prize_title=f"Giải tài trợ {number}",
                amount=5_000_000,
                status=status,
                completed_at=timezone.now() if status == "completed" else None,
                checkout_session_id=f"cs_test_{number}",
            )


@pytest.mark.parametrize("language", ["vi", "en"])
def test_contest_page_query_count_does_not_grow_with_rubrics_prizes_and_sponsors(
    client, public_site, language, django_assert_max_num_queries
):
    from tests.judging.factories import RubricFactory

    contest = public_site["contest"]
    url = public_site["contest" if language == "vi" else "contest_en"].url
    RubricFactory(call=contest, category_key="young")
    add_awards(contest, policies=2, sponsors=1)
    few, few_cold = queries_for(client, url), cold_queries_for(client, url)
    text = client.get(url).text
    assert "Giải thưởng 1" in text  # the prize table
    assert "Giải tài trợ 2" in text  # the sponsor prize
    assert ("Novelty" if language == "en" else "Tính mới") in text  # the rubric
    RubricFactory(call=contest)
    add_awards(contest, policies=3, sponsors=3)
    many, many_cold = queries_for(client, url), cold_queries_for(client, url)
    text = client.get(url).text
    assert text.count("Giải tài trợ") == 2 * 1 + 3 * 3
    assert many == few
    assert many_cold == few_cold
    with django_assert_max_num_queries(25):
        client.get(url)
