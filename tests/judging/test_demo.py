from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from judging import reads
from judging.enums import ConflictSource, ReviewStatus
from judging.models import Assignment, Conflict, Panel, Review, Round, Rubric

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "panels": Panel.objects.count(),
        "rubrics": Rubric.objects.count(),
        "assignments": Assignment.objects.count(),
        "reviews": Review.objects.count(),
        "conflicts": Conflict.objects.count(),
    }


def test_demo_seed_gives_a_judged_round_and_is_idempotent():
    call_command("seed_demo", stdout=StringIO())
    first = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first
    assert (first["panels"], first["rubrics"]) == (6, 15)
    sources = set(Conflict.objects.values_list("source", flat=True))
    assert sources == {ConflictSource.DETECTED, ConflictSource.DECLARED}
    statuses = set(Review.objects.values_list("status", flat=True))
    assert statuses == {ReviewStatus.DRAFT, ReviewStatus.SUBMITTED}
    round = Round.objects.get(category_key="")  # P08's; the contest category has its own
    board = reads.dashboard(round, blind_labels=True)
    assert any(row.flagged for row in board.entries)
    assert [row.rank for row in board.entries if row.rank] == list(
        range(1, 1 + sum(1 for row in board.entries if row.rank))
    )
    conflicted = {(c.judge_id, c.organisation_id) for c in Conflict.objects.all()}
    for assignment in Assignment.objects.active().select_related("submission"):
        assert (assignment.judge_id, assignment.submission.organisation_id) not in conflicted
