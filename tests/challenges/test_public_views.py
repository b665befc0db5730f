"""The problems index filters, the deadlines calendar and the open-data downloads."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from challenges.models import ChallengePage
from tests.cms.factories_public import build_public_site
from tests.factories import ChallengePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    return build_public_site(problems=4)


def listed(response) -> list[str]:
    return [page.code for page in response.context["challenges"]]


# --- filters --------------------------------------------------------------------------------------


def test_index_without_filters_lists_every_live_problem_by_code(client, site):
    response = client.get(site["index_en"].url)
    assert listed(response) == ["P01", "P02", "P03", "P04"]
    assert response.context["total_count"] == 4


def test_index_filters_by_sector(client, site):
    response = client.get(site["index_en"].url, {"sector": "tourism"})
    assert listed(response) == ["P02"]


def test_index_filters_by_status(client, site):
    now = timezone.now()
    ChallengePageFactory(
        parent=site["index"],
        code="P09",
        opens_at=now + timedelta(days=3),
        closes_at=now + timedelta(days=40),
    )
    ChallengePageFactory(
        parent=site["index"],
        code="P10",
        opens_at=now - timedelta(days=40),
        closes_at=now - timedelta(days=3),
    )
    assert listed(client.get(site["index"].url, {"status": "upcoming"})) == ["P09"]
    assert listed(client.get(site["index"].url, {"status": "closed"})) == ["P10"]
    assert listed(client.get(site["index"].url, {"status": "open"})) == [
        "P01",
        "P02",
        "P03",
        "P04",
    ]


def test_index_sorts_by_deadline(client, site):
    now = timezone.now()
    ChallengePageFactory(parent=site["index"], code="P09", closes_at=now + timedelta(days=2))
    response = client.get(site["index"].url, {"sort": "deadline"})
    assert listed(response) == ["P09", "P01", "P02", "P03", "P04"]


def test_index_search_matches_words_in_the_page_language(client, site):
    ChallengePage.objects.filter(pk=site["problems_en"][2].pk).update(
        statement="<p>Floating plastic waste in the bay</p>"
    )
    site["problems_en"][2].refresh_from_db()
    site["problems_en"][2].save_revision().publish()
    assert listed(client.get(site["index_en"].url, {"q": "plastic"})) == ["P03"]
    assert listed(client.get(site["index"].url, {"q": "plastic"})) == []


def test_index_combines_search_sector_and_status(client, site):
    response = client.get(
        site["index_en"].url, {"q": "Problem", "sector": "environment", "status": "open"}
    )
    assert listed(response) == ["P01"]


def test_index_ignores_invalid_filters(client, site):
    response = client.get(site["index_en"].url, {"sector": "nonsense", "status": "x"})
    assert response.status_code == 200
    assert listed(response) == ["P01", "P02", "P03", "P04"]


def test_index_filter_form_has_labelled_fields(client, site):
    text = client.get(site["index_en"].url).text
    for name in ("q", "sector", "status", "sort"):
        assert f'<label for="id_{name}">' in text


# --- calendar -------------------------------------------------------------------------------------


def parse(response) -> Calendar:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_calendar_feed_parses_and_holds_every_call_milestone(client, site):
    calendar = parse(client.get("/en/calendar.ics"))
    events = calendar.walk("VEVENT")
    calls = [*site["problems_en"], site["contest_en"]]
    expected = set()
    for call in calls:
        expected |= {
            (f"{call.translation_key}-opens@qn-open-innovation", call.opens_at),
            (f"{call.translation_key}-closes@qn-open-innovation", call.closes_at),
        }
        if call.judging_starts_at:
            expected.add(
                (f"{call.translation_key}-judging@qn-open-innovation", call.judging_starts_at)
            )
        if call.results_expected_at:
            expected.add(
                (f"{call.translation_key}-results@qn-open-innovation", call.results_expected_at)
            )
    expected = {(uid, at.replace(microsecond=0)) for uid, at in expected}
    assert {(str(e["UID"]), e.decoded("DTSTART")) for e in events} == expected
    summaries = {str(e["SUMMARY"]) for e in events}
    assert "Submission deadline: P01 · Problem number 1" in summaries
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Ho_Chi_Minh"


def test_calendar_feed_is_in_the_visitor_language(client, site):
    events = parse(client.get("/calendar.ics")).walk("VEVENT")
    assert any("Bài toán số 1" in str(e["SUMMARY"]) for e in events)
    assert not any("Problem number 1" in str(e["SUMMARY"]) for e in events)


def test_calendar_feed_leaves_out_drafts(client, site):
    draft = ChallengePageFactory(parent=site["index"], code="P09", live=False)
    events = parse(client.get("/calendar.ics")).walk("VEVENT")
    assert not any(str(e["UID"]).startswith(str(draft.translation_key)) for e in events)


def test_call_calendar_holds_only_that_call(client, site):
    call = site["contest_en"]
    events = parse(client.get(f"/en/calendar/{call.pk}.ics")).walk("VEVENT")
    assert sorted(str(e["UID"]) for e in events) == [
        f"{call.translation_key}-closes@qn-open-innovation",
        f"{call.translation_key}-opens@qn-open-innovation",
    ]
    assert events[0]["URL"] == f"http://testserver{call.url}"


def test_call_calendar_of_a_draft_or_another_page_is_not_found(client, site):
    draft = ChallengePageFactory(parent=site["index"], code="P09", live=False)
    assert client.get(f"/calendar/{draft.pk}.ics").status_code == 404
    assert client.get(f"/calendar/{site['news'].pk}.ics").status_code == 404


# --- open data ------------------------------------------------------------------------------------


def test_problems_json_lists_every_live_problem_in_the_language(client, site):
    ChallengePageFactory(parent=site["index"], code="P09", live=False)
    response = client.get("/en/open-data/problems.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content)
    problems = data["problems"]
    assert [p["code"] for p in problems] == ["P01", "P02", "P03", "P04"]
    first = site["problems_en"][0]
    assert problems[0] == {
        "code": "P01",
        "title": "Problem number 1",
        "sector": "environment",
        "sector_label": "Environment and the bay",
        "owning_agency": first.owning_agency,
        "status": "open",
        "budget_ceiling_vnd": 5_000_000_000,
        "opens_at": first.opens_at.isoformat(),
        "closes_at": first.closes_at.isoformat(),
        "judging_starts_at": first.judging_starts_at.isoformat(),
        "results_expected_at": first.results_expected_at.isoformat(),
        "summary": "Summary 1",
        "url": f"http://testserver{first.url}",
        "language": "en",
    }


def test_problems_csv_has_a_header_and_one_row_per_problem(client, site):
    response = client.get("/open-data/problems.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="problems-vi.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["code"] for r in rows] == ["P01", "P02", "P03", "P04"]
    assert rows[0]["title"] == "Bài toán số 1"
    assert rows[0]["budget_ceiling_vnd"] == "5000000000"
    assert rows[0]["language"] == "vi"


@pytest.mark.parametrize(
    "url", ["/calendar.ics", "/en/open-data/problems.csv", "/open-data/problems.json", "/search/"]
)
def test_feeds_answer_head_requests_and_refuse_posts(client, site, url):
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405
