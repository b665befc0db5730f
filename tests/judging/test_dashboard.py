from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from judging import actions, aggregation, reads
from judging.enums import ReviewStatus, RoundKind
from judging.models import Assignment, Review, ReviewScore, Round, RoundEntry
from submissions.enums import Eligibility, SubmissionStatus
from submissions.models import Submission
from tests.judging.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

KEYS = ("novelty", "feasibility", "impact")


def add_entries(world, judges, scores_by_entry):
    """Entries with submitted reviews: ``scores_by_entry`` is a list of [(n, f, i) per judge]."""
    criteria = {c.key: c for c in world.rubric.criteria.all()}
    created = []
    for per_judge in scores_by_entry:
        submission = Submission.objects.create(
            call=world.call,
            organisation=OrganisationFactory(),
            status=SubmissionStatus.SUBMITTED,
            eligibility=Eligibility.ELIGIBLE,
            title="Bài dự thi",
        )
        created.append(submission)
        for judge, scores in zip(judges, per_judge, strict=False):
            assignment = Assignment.objects.create(
                round=world.round,
                judge=judge,
                submission=submission,
                confirmed_at=world.assignment.confirmed_at,
            )
            if scores is None:
                continue
            review = Review.objects.create(
                assignment=assignment, rubric=world.rubric, status=ReviewStatus.SUBMITTED
            )
            ReviewScore.objects.bulk_create(
                ReviewScore(review=review, criterion=criteria[k], score=Decimal(str(v)))
                for k, v in zip(KEYS, scores, strict=True)
            )
    return created


@pytest.fixture
def scored(world):
    """Only entries made here: the world's own submissions are made ineligible."""
    Submission.objects.filter(pk__in=[world.submission.pk, world.other_submission.pk]).update(
        eligibility=Eligibility.INELIGIBLE
    )
    world.rubric.disagreement_spread = Decimal("20")
    world.rubric.save()
    judges = [world.judge, world.unassigned, world.conflicted]
    # weights 3, 4, 3 → totals: a: 70, 80, 60; b: 10, 94, 50; c: no review yet
    entries = add_entries(
        world,
        judges,
        [
            [(10, 10, 0), (10, 5, 10), (6, 6, 6)],
            [(2, 1, 0), (9, 10, 9), (5, 5, 5)],
            [None, None],
        ],
    )
    return world, entries


def test_dashboard_aggregation_matches_pure_module(scored):
    world, (a, b, c) = scored
    board = reads.dashboard(world.round, blind_labels=True)
    rows = {row.submission.pk: row for row in board.entries}
    criteria = reads.criteria_of(world.rubric)
    expected = aggregation.aggregate_pool(
        [
            aggregation.EntryReviews(
                str(a.pk),
                (
                    aggregation.Review(
                        "1", dict(zip(KEYS, map(Decimal, (10, 10, 0)), strict=True))
                    ),
                    aggregation.Review(
                        "2", dict(zip(KEYS, map(Decimal, (10, 5, 10)), strict=True))
                    ),
                    aggregation.Review("3", dict(zip(KEYS, map(Decimal, (6, 6, 6)), strict=True))),
                ),
            )
        ],
        criteria,
    )[str(a.pk)]
    assert rows[a.pk].aggregate.score == expected.score == Decimal("70.0000")
    assert rows[a.pk].aggregate.criterion_scores == expected.criterion_scores
    assert rows[b.pk].aggregate.score == Decimal("51.3333")
    assert rows[b.pk].aggregate.spread == Decimal("84.0000")
    assert [r.submission.pk for r in board.entries] == [a.pk, b.pk, c.pk]
    assert [r.rank for r in board.entries] == [1, 2, None]
    assert (rows[a.pk].flagged, rows[b.pk].flagged) == (False, True)


def test_dashboard_zscore_uses_pool(scored):
    world, (a, b, _c) = scored
    world.rubric.aggregation = "zscore"
    world.rubric.min_judge_sample = 2
    world.rubric.save()
    board = reads.dashboard(world.round, blind_labels=True)
    rows = {row.submission.pk: row for row in board.entries}
    pool = [
        aggregation.EntryReviews(
            str(row.submission.pk),
            tuple(
                aggregation.Review(str(review.judge.pk), {k: review.score_map[k] for k in KEYS})
                for review in row.reviews
            ),
        )
        for row in board.entries
    ]
    expected = aggregation.aggregate_pool(
        pool,
        reads.criteria_of(world.rubric),
        method=aggregation.Aggregation.ZSCORE,
        min_judge_sample=2,
    )
    assert rows[a.pk].aggregate == expected[str(a.pk)]
    assert rows[b.pk].aggregate == expected[str(b.pk)]
    # Every judge scored both entries: z = ±1, rescaled around the pool mean 60.
    assert rows[a.pk].aggregate.score == Decimal("69.5417")


def test_dashboard_filters_flagged(client, scored):
    world, (a, b, _c) = scored
    client.force_login(world.chair)
    html = client.get(f"/en/judging/rounds/{world.round.pk}/?show=flagged").content.decode()
    assert f'id="entry-{b.pk}"' in html
    assert f'id="entry-{a.pk}"' not in html


def test_export_by_entry_csv_exact_rows(client, scored):
    world, (a, b, c) = scored
    client.force_login(world.staff)
    response = client.get(f"/en/judging/rounds/{world.round.pk}/export/entry.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Disposition"] == (
        f'attachment; filename="round-{world.round.pk}-scores-by-entry.csv"'
    )
    assert rows == [
        [
            "Rank",
            "Entry",
            "Reviews submitted",
            "Reviews assigned",
            "Score",
            *KEYS,
            "Spread",
            "Flagged",
        ],
        ["1", f"Entry {a.pk}", "3", "3", "70.0000", "8.6667", "7.0000", "5.3333", "20.0000", ""],
        ["2", f"Entry {b.pk}", "3", "3", "51.3333", "5.3333", "5.3333", "4.6667", "84.0000", "yes"],
        ["", f"Entry {c.pk}", "0", "2", "", "", "", "", "", ""],
    ]


def test_export_by_judge_xlsx_exact_rows(client, scored):
    world, (a, b, _c) = scored
    client.force_login(world.chair)
    response = client.get(f"/en/judging/rounds/{world.round.pk}/export/judge.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Judge", "E-mail", "Entry", "Status", "Total", *KEYS]
    got = [(r[1], r[2], r[3], Decimal(str(r[4])).quantize(Decimal("0.0001"))) for r in rows[1:]]
    label_a, label_b = f"Entry {a.pk}", f"Entry {b.pk}"
    assert got == [
        ("conflicted@uni.example", label_a, "submitted", Decimal("60.0000")),
        ("conflicted@uni.example", label_b, "submitted", Decimal("50.0000")),
        ("judge@uni.example", label_a, "submitted", Decimal("70.0000")),
        ("judge@uni.example", label_b, "submitted", Decimal("10.0000")),
        ("unassigned@uni.example", label_a, "submitted", Decimal("80.0000")),
        ("unassigned@uni.example", label_b, "submitted", Decimal("94.0000")),
    ]


def test_round_advance_top_n(scored):
    world, (a, _b, _c) = scored
    final, advanced = actions.round_advance(round=world.round, actor=world.staff, top_n=1)
    assert final.kind == RoundKind.FINAL
    assert advanced == [a.pk]
    assert list(reads.round_submissions(final)) == [a]
    assert RoundEntry.objects.get(round=final).score == Decimal("70.0000")


def test_round_advance_above_score(scored):
    world, (a, b, _c) = scored
    _final, advanced = actions.round_advance(
        round=world.round, actor=world.staff, min_score=Decimal("51.3333")
    )
    assert advanced == [a.pk, b.pk]
    assert Round.objects.filter(kind=RoundKind.FINAL).count() == 1


def test_final_round_gets_its_own_assignment(scored):
    world, (a, _b, _c) = scored
    final, _ = actions.round_advance(round=world.round, actor=world.staff, top_n=1)
    result = actions.assignments_propose(round=final, actor=world.staff)
    assert {pair[1] for pair in result.pairs} == {str(a.pk)}
    assert Assignment.objects.filter(round=final).count() == 3


def test_consensus_note_by_chair_shows_on_dashboard(client, scored):
    world, (_a, b, _c) = scored
    client.force_login(world.chair)
    client.post(
        f"/en/judging/rounds/{world.round.pk}/entries/{b.pk}/notes/", {"text": "Thống nhất 60"}
    )
    html = client.get(f"/en/judging/rounds/{world.round.pk}/").content.decode()
    assert "Thống nhất 60" in html


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_dashboard_query_count_same_for_10_and_200_entries(client, world):
    judges = [world.judge, world.unassigned, world.conflicted]
    client.force_login(world.chair)
    url = f"/en/judging/rounds/{world.round.pk}/"
    add_entries(world, judges, [[(5, 5, 5), (6, 6, 6), (7, 7, 7)]] * 10)
    small = _queries(client, url)
    add_entries(world, judges, [[(5, 5, 5), (6, 6, 6), (7, 7, 7)]] * 190)
    assert _queries(client, url) == small


def test_my_assignments_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    client.force_login(world.judge)
    add_entries(world, [world.judge], [[(5, 5, 5)]])
    small = _queries(client, "/en/judging/")
    add_entries(world, [world.judge], [[(5, 5, 5)]] * 20 + [[None]] * 5)
    with django_assert_max_num_queries(small):
        client.get("/en/judging/")
    html = client.get("/en/judging/").content.decode()
    assert html.count('<progress class="progress"') == 1 + 27


def test_call_page_shows_rubric_from_records(client, world):
    world.call.save_revision().publish()
    html = client.get(world.call.url).content.decode()
    assert "Tính khả thi" in html
    assert ">4<" in html  # the feasibility weight, from the Criterion row
    crit = world.rubric.criteria.get(key="feasibility")
    crit.weight = Decimal("2.5")
    crit.save()
    assert ">2,5<" in client.get(world.call.url).content.decode()  # Vietnamese page
