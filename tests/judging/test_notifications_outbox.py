"""Judging notifications are written to the transactional outbox with the change that causes them.

A panel invitation, an assignment notice or the award decisions must not be lost when the broker
is unreachable at the moment of the change, and must not go out for a change that rolled back.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from cms import outbox
from cms.models import OutboxMessage
from judging import actions
from tests.judging.test_assignment_db import fresh_round  # noqa: F401

pytestmark = pytest.mark.django_db


def later():
    """Past the retry backoff of a failed publish."""
    return timezone.now() + timedelta(minutes=11)


@pytest.fixture
def broker_down(monkeypatch):
    """Every publish fails as if Redis were stopped; the relay later delivers for real."""

    def refuse(message):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(outbox, "send_message", refuse)

    def restore():
        monkeypatch.undo()

    return restore


def test_panel_invitation_survives_a_broker_outage_and_is_sent_once(
    world, broker_down, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = actions.panel_invitation_create(
            panel=world.panel, email="new.expert@uni.example", actor=world.staff
        )

    message = OutboxMessage.objects.get(dedup_key=f"panel-invitation:{invitation.pk}")
    assert message.task_name == "judging.send_panel_invitation"
    assert message.sent_at is None
    assert mail.outbox == []

    broker_down()  # Redis is back
    outbox.relay_outbox(now=later())
    outbox.relay_outbox(now=later())

    message.refresh_from_db()
    assert message.sent_at is not None
    assert [m.to for m in mail.outbox] == [["new.expert@uni.example"]]


def test_rolled_back_invitation_queues_nothing(world, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        actions.panel_invitation_create(
            panel=world.panel, email="ghost@uni.example", actor=world.staff
        )
        raise RuntimeError("roll back")

    assert not OutboxMessage.objects.filter(task_name="judging.send_panel_invitation").exists()
    assert mail.outbox == []


def test_assignment_notices_go_through_the_outbox(
    fresh_round,  # noqa: F811
    broker_down,
    django_capture_on_commit_callbacks,
):
    world = fresh_round
    actions.assignments_propose(round=world.round, actor=world.staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.assignments_confirm(round=world.round, actor=world.staff)

    queued = OutboxMessage.objects.filter(task_name="judging.notify_judge_assignments")
    judges = set(world.round.assignments.values_list("judge__email", flat=True))
    assert queued.count() == len(judges)
    assert mail.outbox == []

    broker_down()
    outbox.relay_outbox(now=later())
    assert sorted(m.to[0] for m in mail.outbox) == sorted(judges)
    assert not queued.filter(sent_at=None).exists()
