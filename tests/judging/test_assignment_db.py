from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from judging import actions, tasks
from judging.enums import AssignmentSource, ConflictSource
from judging.models import Assignment, ReminderSent
from tests.judging.conftest import make_judge
from tests.judging.factories import SubmissionFactory


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests assert English messages; Vietnamese is the site's default language."""
    from django.utils import translation

    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_round(world):
    """The world's round without its hand-made assignments, 4 entries, 5 judges."""
    Assignment.objects.filter(round=world.round).delete()
    for _ in range(2):
        SubmissionFactory(call=world.call)
    make_judge(world.panel, email="fifth@uni.example")
    return world


def test_assignment_propose_respects_conflicts_k_and_balance(fresh_round):
    world = fresh_round
    result = actions.assignments_propose(round=world.round, actor=world.staff)
    assert result.shortfall == {}
    rows = list(Assignment.objects.filter(round=world.round))
    assert all(a.confirmed_at is None for a in rows)
    per_entry = Counter(a.submission_id for a in rows)
    assert set(per_entry.values()) == {3}
    assert len(per_entry) == 4
    assert (world.conflicted.pk, world.submission.pk) not in {
        (a.judge_id, a.submission_id) for a in rows
    }
    loads = Counter(a.judge_id for a in rows)
    assert max(loads.values()) - min(loads.values()) <= 1


def test_assignment_propose_is_deterministic(fresh_round):
    world = fresh_round
    actions.assignments_propose(round=world.round, actor=world.staff)
    first = sorted(Assignment.objects.values_list("judge_id", "submission_id"))
    actions.assignments_propose(round=world.round, actor=world.staff)
    assert sorted(Assignment.objects.values_list("judge_id", "submission_id")) == first


def test_assignment_infeasible_reports_shortfall(world):
    Assignment.objects.filter(round=world.round).delete()
    world.round.judges_per_entry = 5
    world.round.save()
    result = actions.assignments_propose(round=world.round, actor=world.staff)
    # 4 judges, one conflicted with the first entry: it can get 3, the other 4.
    assert result.shortfall == {str(world.submission.pk): 2, str(world.other_submission.pk): 1}


def test_assignment_manual_add_refuses_conflict(world):
    Assignment.objects.filter(round=world.round).delete()
    with pytest.raises(actions.ActionRefused, match="conflict of interest"):
        actions.assignment_add(
            round=world.round,
            judge=world.conflicted,
            submission=world.submission,
            actor=world.staff,
        )


def test_assignment_manual_pair_kept_by_next_proposal(fresh_round):
    world = fresh_round
    Assignment.objects.all().delete()
    manual = actions.assignment_add(
        round=world.round, judge=world.unassigned, submission=world.submission, actor=world.staff
    )
    actions.assignments_propose(round=world.round, actor=world.staff)
    assert Assignment.objects.get(pk=manual.pk).source == AssignmentSource.MANUAL
    assert Assignment.objects.filter(submission=world.submission).count() == 3


def test_assignment_confirm_notifies_each_judge_once_with_due_date(
    fresh_round, django_capture_on_commit_callbacks
):
    world = fresh_round
    actions.assignments_propose(round=world.round, actor=world.staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        count = actions.assignments_confirm(round=world.round, actor=world.staff)
    assert count == 12
    judges = set(Assignment.objects.values_list("judge__email", flat=True))
    assert sorted(m.to[0] for m in mail.outbox) == sorted(judges)
    due = timezone.localtime(world.round.due_at).strftime("%H:%M %d/%m/%Y")
    assert all(due in m.body for m in mail.outbox)
    tasks.notify_judge_assignments(world.round.pk, world.judge.pk)
    assert len(mail.outbox) == len(judges)


def test_due_reminder_sent_exactly_once(world):
    world.round.due_at = timezone.now() + timedelta(hours=20)
    world.round.save()
    mail.outbox.clear()
    assert tasks.send_due_reminders() == 3
    assert tasks.send_due_reminders() == 0
    assert len(mail.outbox) == 3
    assert ReminderSent.objects.filter(kind="due_soon").count() == 3


def test_due_reminder_skips_rounds_due_later(world):
    mail.outbox.clear()
    assert tasks.send_due_reminders() == 0
    assert mail.outbox == []


def test_conflict_record_is_idempotent(world):
    first, created = actions.conflict_record(
        judge=world.judge,
        submission=world.other_submission,
        reason="Đồng tác giả",
        source=ConflictSource.DECLARED,
        actor=world.judge,
    )
    again, created_again = actions.conflict_record(
        judge=world.judge,
        submission=world.other_submission,
        reason="Đồng tác giả",
        source=ConflictSource.DECLARED,
        actor=world.judge,
    )
    assert (created, created_again, first.pk) == (True, False, again.pk)
