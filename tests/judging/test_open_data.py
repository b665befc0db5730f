"""Open data of published results: per-call and all-results files, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from judging import awards
from submissions.models import GuardianConsent
from tests.cms.factories_public import translate
from tests.judging.award_support import WORKED_SCORES, add_entry, judged_call, make_policy
from tests.submissions.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

WINNERS = [
    # rank, organisation, English tier, amount
    (1, "Công ty Đổi Mới 1", "First prize", 30_000_000),
    (2, "Công ty Đổi Mới 2", "Second prize", 20_000_000),
    (3, "Công ty Đổi Mới 3", "Second prize", 20_000_000),
    (4, "Công ty Đổi Mới 4", "Third prize", 10_000_000),
    (5, "Công ty Đổi Mới 5", "Third prize", 10_000_000),
    (6, "Công ty Đổi Mới 6", "Third prize", 10_000_000),
]


def en(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def vi(name: str, **kwargs) -> str:
    with translation.override("vi"):
        return reverse(name, kwargs=kwargs)


def approve(judged, policy=None):
    policy = policy or make_policy(judged.call)
    run = awards.allocation_start(policy=policy, actor=judged.staff)
    awards.allocation_approve(run=run, actor=judged.second_staff)
    run.refresh_from_db()
    return run


def publish(judged, policy=None):
    return awards.results_publish(run=approve(judged, policy), actor=judged.second_staff)


def csv_rows(response) -> list[dict]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


@pytest.fixture
def judged(site):
    judged = judged_call(site)
    for score in WORKED_SCORES:
        add_entry(judged, score)
    return judged


def test_call_results_csv_lists_the_winners_and_nothing_else(client, judged):
    run = publish(judged)
    response = client.get(en("judging:call_results_csv", page_id=judged.call.pk))
    assert response.status_code == 200
    rows = csv_rows(response)
    assert [(int(r["rank"]), r["winner"], r["tier"], int(r["amount_vnd"])) for r in rows] == WINNERS
    first = rows[0]
    assert first["call_code"] == "P05"
    assert first["call_title"] == judged.call.title
    assert first["policy"] == "Giải thưởng thử nghiệm"
    assert first["entry_title"] == "Giải pháp 1"
    assert first["result_hash"] == run.result_hash
    assert first["published_at"] == run.published_at.isoformat()
    assert first["approved_at"] == run.approved_at.isoformat()
    assert first["results_url"].endswith(en("judging:results", page_id=judged.call.pk))
    body = response.content.decode()
    for loser in judged.entries[6:]:
        assert loser.organisation.name not in body
        assert loser.title not in body
    assert "score" not in rows[0]
    assert "90.0000" not in body
    assert "60.0000" not in body
    assert "BUDGET_EXHAUSTED" not in body


def test_call_results_json_has_a_header_and_the_same_winners(client, judged):
    run = publish(judged)
    response = client.get(en("judging:call_results_json", page_id=judged.call.pk))
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["currency"] == "VND"
    assert data["license"] == "CC BY 4.0"
    assert data["language"] == "en"
    assert data["generated_at"]
    assert data["call"]["code"] == "P05"
    assert [
        (r["rank"], r["winner"], r["tier"], r["amount_vnd"]) for r in data["results"]
    ] == WINNERS
    assert all(isinstance(r["amount_vnd"], int) for r in data["results"])
    assert {r["result_hash"] for r in data["results"]} == {run.result_hash}
    body = response.content.decode()
    for loser in judged.entries[6:]:
        assert loser.organisation.name not in body
    assert "90.0000" not in body


def test_unpublished_results_are_404_and_left_out_of_all_results(client, site, judged):
    other = judged_call(site, "P06")
    add_entry(other, 90, name="Công ty Chưa Công Bố")
    approve(other)  # approved but not published
    for name in ("judging:call_results_csv", "judging:call_results_json"):
        assert client.get(en(name, page_id=other.call.pk)).status_code == 404
        assert client.get(en(name, page_id=judged.call.pk)).status_code == 404
    publish(judged)
    assert client.get(en("judging:call_results_csv", page_id=judged.call.pk)).status_code == 200
    assert client.get(en("judging:call_results_csv", page_id=other.call.pk)).status_code == 404
    rows = csv_rows(client.get(en("judging:results_csv")))
    assert [r["winner"] for r in rows] == [w[1] for w in WINNERS]
    assert {r["call_code"] for r in rows} == {"P05"}
    data = json.loads(client.get(en("judging:results_json")).content)
    assert "Công ty Chưa Công Bố" not in json.dumps(data, ensure_ascii=False)
    assert len(data["results"]) == len(WINNERS)


def test_all_results_lists_every_published_call(client, site, judged):
    publish(judged)
    other = judged_call(site, "P07")
    add_entry(other, 95, name="Công ty Hạ Long")
    add_entry(other, 30, name="Công ty Thua")
    publish(other)
    rows = csv_rows(client.get(en("judging:results_csv")))
    assert [(r["call_code"], r["winner"]) for r in rows] == [
        *(("P05", w[1]) for w in WINNERS),
        ("P07", "Công ty Hạ Long"),
    ]
    assert "Công ty Thua" not in client.get(en("judging:results_json")).content.decode()


def minor_participant(*, consented: bool):
    """A 14-year-old whose guardian was asked; ``consented`` when the guardian said yes."""
    minor = ParticipantFactory(
        full_name="Nguyễn Thị Mai",
        birth_date=timezone.localdate() - timedelta(days=365 * 14),
        guardian_name="Nguyễn Văn Hùng",
        guardian_email="hung@mail.example",
    )
    GuardianConsent.objects.create(
        participant=minor,
        guardian_name="Nguyễn Văn Hùng",
        guardian_email="hung@mail.example",
        consented_at=timezone.now() if consented else None,
    )
    return minor


def minor_wins(client, site, *, consented: bool) -> list[str]:
    judged = judged_call(site, "P13")
    minor = minor_participant(consented=consented)
    add_entry(judged, 90, participant=minor)
    add_entry(judged, 40)
    publish(judged)
    responses = [
        client.get(url)
        for url in (
            en("judging:call_results_csv", page_id=judged.call.pk),
            en("judging:call_results_json", page_id=judged.call.pk),
            en("judging:results_csv"),
            en("judging:results_json"),
        )
    ]
    bodies = [response.content.decode() for response in responses]
    for body in bodies:
        assert "Nguyễn Thị Mai" not in body
        assert minor.birth_date.isoformat() not in body
        assert minor.school not in body
        assert "Giải pháp 1" not in body  # a person's entry title is not published
    return responses


def test_a_minor_is_named_by_given_name_only(client, site):
    responses = minor_wins(client, site, consented=True)
    assert csv_rows(responses[0])[0]["winner"] == "Mai"
    assert json.loads(responses[1].content)["results"][0]["winner"] == "Mai"
    for response in responses:
        assert "name withheld" not in response.content.decode()


def test_a_minors_name_is_withheld_without_guardian_consent(client, site):
    responses = minor_wins(client, site, consented=False)
    withheld = "Youth participant (name withheld)"
    assert csv_rows(responses[0])[0]["winner"] == withheld
    assert json.loads(responses[1].content)["results"][0]["winner"] == withheld
    for response in responses:
        assert "Mai" not in response.content.decode()


def test_downloads_are_attachments_and_publicly_cacheable(client, judged):
    publish(judged)
    cases = [
        (en("judging:call_results_csv", page_id=judged.call.pk), "results-p05-en.csv", "text/csv"),
        (vi("judging:call_results_json", page_id=judged.call.pk), "results-p05-vi.json", "json"),
        (en("judging:results_csv"), "results-en.csv", "text/csv"),
        (vi("judging:results_json"), "results-vi.json", "application/json"),
    ]
    for url, filename, content_type in cases:
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
        assert content_type in response["Content-Type"]
        assert response["Cache-Control"].startswith("public, max-age=")
        assert not response.cookies


def test_titles_and_prizes_follow_the_language(client, site, judged):
    translate(site["index"], site["en"], title="Problems", slug="problems")
    call_en = translate(judged.call, site["en"], title="Clean water for Ha Long Bay")
    publish(judged)
    english = csv_rows(client.get(en("judging:call_results_csv", page_id=judged.call.pk)))
    assert {r["call_title"] for r in english} == {"Clean water for Ha Long Bay"}
    assert english[0]["tier"] == "First prize"
    assert english[0]["language"] == "en"
    assert english[0]["results_url"].endswith(en("judging:results", page_id=call_en.pk))
    vietnamese = json.loads(client.get(vi("judging:results_json")).content)["results"]
    assert {r["call_title"] for r in vietnamese} == {judged.call.title}
    assert vietnamese[0]["tier"] == "Giải Nhất"
    assert vietnamese[0]["language"] == "vi"
    # The English page's id gives the English file too.
    data = json.loads(client.get(en("judging:call_results_json", page_id=call_en.pk)).content)
    assert data["call"]["title"] == "Clean water for Ha Long Bay"
    assert len(data["results"]) == len(WINNERS)


QUERY_LIMIT = 12


def _ten_places():
    return [("prize", "Giải", "Prize", 10, 1_000_000, "50")]


def test_query_counts_do_not_grow_with_winners_or_calls(
    client, site, django_assert_max_num_queries
):
    counts: dict[str, list[int]] = {}
    for code, winners in (("P21", 2), ("P22", 10)):
        judged = judged_call(site, code)
        for number in range(winners):
            add_entry(judged, 90 - number, name=f"Công ty {code} {number}")
        publish(judged, make_policy(judged.call, tiers=_ten_places()))
        urls = {
            "call_csv": en("judging:call_results_csv", page_id=judged.call.pk),
            "call_json": en("judging:call_results_json", page_id=judged.call.pk),
            "all_csv": en("judging:results_csv"),
            "all_json": en("judging:results_json"),
        }
        for key, url in urls.items():
            with django_assert_max_num_queries(QUERY_LIMIT) as queries:
                assert client.get(url).status_code == 200
            counts.setdefault(key, []).append(len(queries))
    assert all(first == second for first, second in counts.values()), counts
    assert len(csv_rows(client.get(en("judging:results_csv")))) == 12


def test_results_page_and_problems_index_link_the_downloads(client, judged, site):
    publish(judged)
    page = client.get(en("judging:results", page_id=judged.call.pk)).content.decode()
    assert en("judging:call_results_csv", page_id=judged.call.pk) in page
    assert en("judging:call_results_json", page_id=judged.call.pk) in page
    assert en("judging:results_csv") in page
    index = client.get(site["index"].url).content.decode()
    assert vi("judging:results_csv") in index
    assert vi("judging:results_json") in index
