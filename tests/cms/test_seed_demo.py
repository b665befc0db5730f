from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from challenges.models import ChallengePage, ContestCategory, ContestPage
from cms.models import HomePage, StandardPage, User

pytestmark = pytest.mark.django_db(transaction=False)


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "live_pages": Page.objects.live().count(),
        "challenges": ChallengePage.objects.count(),
        "contests": ContestPage.objects.count(),
        "categories": ContestCategory.objects.count(),
        "generic": StandardPage.objects.count(),
        "users": User.objects.count(),
        "revisions": sum(1 for _ in Page.objects.values_list("latest_revision_id", flat=True)),
    }


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_twice_gives_the_same_content():
    first_output = seed()
    first = counts()
    snapshot = list(ChallengePage.objects.order_by("pk").values_list("pk", "title", "closes_at"))
    second_output = seed()
    assert counts() == first
    assert (
        list(ChallengePage.objects.order_by("pk").values_list("pk", "title", "closes_at"))
        == snapshot
    )
    assert "13 problems" in first_output
    assert "nothing new" in second_output


def test_seed_demo_publishes_thirteen_problems_and_two_contests_in_both_languages():
    seed()
    for language in ("vi", "en"):
        problems = ChallengePage.objects.live().filter(locale__language_code=language)
        assert problems.count() == 13
        assert sorted(problems.values_list("code", flat=True)) == [
            f"P{n:02d}" for n in range(1, 14)
        ]
        assert ContestPage.objects.live().filter(locale__language_code=language).count() == 2
    english = ChallengePage.objects.get(code="P01", locale__language_code="en")
    vietnamese = ChallengePage.objects.get(code="P01", locale__language_code="vi")
    assert english.translation_key == vietnamese.translation_key
    assert english.title != vietnamese.title
    assert english.budget_ceiling == vietnamese.budget_ceiling


def test_seed_demo_gives_the_youth_contest_age_band_categories_in_both_languages():
    seed()
    youth = ContestPage.objects.get(slug="youth-creativity", locale__language_code="en")
    bands = sorted((c.min_age, c.max_age) for c in youth.categories.all())
    assert bands == [(6, 11), (12, 15), (16, 24)]
    vi_names = set(
        ContestPage.objects.get(
            slug="youth-creativity", locale__language_code="vi"
        ).categories.values_list("name", flat=True)
    )
    assert vi_names.isdisjoint(youth.categories.values_list("name", flat=True))


def test_seed_demo_makes_the_vietnamese_home_the_site_root_and_prints_logins():
    output = seed()
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.root_page.locale.language_code == "vi"
    for role in ("administrator", "staff editor", "company owner", "judge"):
        assert role in output
    staff = User.objects.get(email__startswith="ha.nguyenthu")
    assert staff.is_staff and staff.groups.filter(name="Editors").exists()
    assert staff.emailaddress_set.get().verified


def test_seeded_site_serves_problems_in_both_languages(client):
    seed()
    vi = client.get("/cac-bai-toan/")
    en = client.get("/en/problems/")
    assert vi.status_code == en.status_code == 200
    assert vi.text.count('class="card card--call"') == 13
    assert en.text.count('class="card card--call"') == 13
    api = client.get("/api/v2/pages/?type=challenges.ChallengePage&locale=en&limit=20").json()
    assert api["meta"]["total_count"] == 13


def test_seed_demo_publishes_the_news_in_both_languages(client):
    from cms.demo_data import NEWS
    from cms.models import NewsPage

    seed()
    seed()
    for language in ("vi", "en"):
        news = NewsPage.objects.live().filter(locale__language_code=language)
        assert news.count() == len(NEWS)
    english = NewsPage.objects.get(slug=NEWS[0]["slug"], locale__language_code="en")
    assert english.title == NEWS[0]["en"]["title"]
    response = client.get(english.url)
    assert response.status_code == 200
    assert NEWS[0]["en"]["summary"] in response.text


def test_body_blocks_turn_demo_subheadings_into_level_two_headings():
    from cms.demo import body_blocks

    assert body_blocks("<h3>Aim</h3><p>One</p><h3>How</h3><ol><li>x</li></ol>") == [
        ("heading", {"text": "Aim", "level": "h2"}),
        ("paragraph", "<p>One</p>"),
        ("heading", {"text": "How", "level": "h2"}),
        ("paragraph", "<ol><li>x</li></ol>"),
    ]
