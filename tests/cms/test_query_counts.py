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
