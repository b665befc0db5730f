from __future__ import annotations

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from challenges.models import ChallengeIndexPage, ChallengePage, ContestPage
from cms.models import HomePage, NewsIndexPage, NewsPage, StandardPage
from tests.factories import (
    ChallengePageFactory,
    ContestCategoryFactory,
    ContestPageFactory,
    StandardPageFactory,
    build_site,
)


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_lives_only_under_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_home_page_children_are_calls_indexes_news_and_generic_pages(self):
        self.assertAllowedSubpageTypes(
            HomePage, {ChallengeIndexPage, ContestPage, StandardPage, NewsIndexPage}
        )

    def test_news_pages_live_only_under_the_news_index(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})

    def test_challenge_index_holds_only_challenges(self):
        self.assertAllowedParentPageTypes(ChallengeIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ChallengeIndexPage, {ChallengePage})

    def test_challenge_page_is_a_leaf_under_the_index(self):
        self.assertAllowedParentPageTypes(ChallengePage, {ChallengeIndexPage})
        self.assertAllowedSubpageTypes(ChallengePage, set())

    def test_contest_page_is_a_leaf_under_home(self):
        self.assertAllowedParentPageTypes(ContestPage, {HomePage})
        self.assertAllowedSubpageTypes(ContestPage, set())

    def test_generic_pages_nest_under_home_or_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})

    def test_challenge_cannot_be_created_under_home(self):
        self.assertCanNotCreateAt(HomePage, ChallengePage)
        self.assertCanCreateAt(ChallengeIndexPage, ChallengePage)


@pytest.fixture
def site(db):
    return build_site()


@pytest.mark.django_db
class TestEveryPageTypeRenders:
    def test_home_page_renders_in_vietnamese_at_the_root(self, client, site):
        response = client.get("/")
        assert response.status_code == 200
        assert response.context["page"].pk == site["home"].pk
        assert '<html lang="vi">' in response.text

    def test_home_page_renders_in_english_under_en(self, client, site):
        response = client.get("/en/")
        assert response.status_code == 200
        assert response.context["page"].pk == site["home_en"].pk
        assert '<html lang="en">' in response.text

    def test_challenge_index_lists_live_challenges(self, client, site):
        ChallengePageFactory(parent=site["index"], title="Nước vịnh Hạ Long", code="P01")
        draft = ChallengePageFactory(parent=site["index"], title="Bản nháp", code="P02", live=False)
        response = client.get(site["index"].url)
        assert response.status_code == 200
        assert "Nước vịnh Hạ Long" in response.text
        assert draft.title not in response.text

    def test_challenge_page_shows_statement_agency_and_budget(self, client, site):
        page = ChallengePageFactory(
            parent=site["index"],
            code="P07",
            budget_ceiling=12_500_000_000,
            owning_agency="Ban Quản lý vịnh Hạ Long",
        )
        response = client.get(page.url)
        assert response.status_code == 200
        assert "P07" in response.text
        assert "Ban Quản lý vịnh Hạ Long" in response.text
        assert "12.500.000.000\u00a0₫" in response.text

    def test_contest_page_lists_categories_with_age_bands(self, client, site):
        contest = ContestPageFactory(parent=site["home"])
        ContestCategoryFactory(page=contest, name="Thiếu niên", min_age=12, max_age=15)
        contest.save_revision().publish()
        response = client.get(contest.url)
        assert response.status_code == 200
        assert "Thiếu niên" in response.text
        assert "12–15" in response.text

    def test_standard_page_renders_intro(self, client, site):
        page = StandardPageFactory(parent=site["home"], title="Giới thiệu", intro="Về chương trình")
        response = client.get(page.url)
        assert response.status_code == 200
        assert "Về chương trình" in response.text

    def test_english_translation_is_served_under_en(self, client, site):
        page = ChallengePageFactory(parent=site["index"], title="Nước vịnh", code="P01")
        index_en = site["index"].copy_for_translation(site["en"])
        index_en.title = "Problems"
        index_en.save_revision().publish()
        page_en = page.copy_for_translation(site["en"]).specific
        page_en.title = "Bay water"
        page_en.save_revision().publish()
        response = client.get(page_en.url)
        assert page_en.url.startswith("/en/")
        assert response.status_code == 200
        assert "Bay water" in response.text
        # The language switch links to the Vietnamese page itself, not to the home page.
        assert f'href="{page.url}"' in response.text

    def test_draft_challenge_is_not_served(self, client, site):
        draft = ChallengePageFactory(parent=site["index"], code="P09", live=False)
        assert client.get(f"{site['index'].url}{draft.slug}/").status_code == 404


@pytest.mark.django_db
def test_api_lists_challenge_pages_by_type(client, site):
    ChallengePageFactory(parent=site["index"], code="P01", title="Một")
    ChallengePageFactory(parent=site["index"], code="P02", title="Hai")
    ContestPageFactory(parent=site["home"])
    response = client.get(
        "/api/v2/pages/?type=challenges.ChallengePage&fields=code,budget_ceiling,status"
    )
    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["total_count"] == 2
    assert sorted(item["code"] for item in data["items"]) == ["P01", "P02"]
    assert all(item["budget_ceiling"] == 5_000_000_000 for item in data["items"])
    assert {item["status"] for item in data["items"]} == {"open"}
