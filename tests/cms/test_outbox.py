from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from cms import outbox
from cms.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(monkeypatch):
    """Messages handed to Celery, in order (nothing actually runs)."""
    calls: list[OutboxMessage] = []
    monkeypatch.setattr(outbox, "send_message", calls.append)
    return calls


def test_enqueue_in_a_rolled_back_transaction_writes_nothing_and_publishes_nothing(
    published, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        outbox.enqueue("cms.ping", kwargs={"value": "x"}, dedup_key="ping:1")
        raise RuntimeError("roll back")

    assert callbacks == []
    assert published == []
    assert OutboxMessage.objects.count() == 0


def test_enqueue_committed_publishes_once_and_marks_sent(
    published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = outbox.enqueue("cms.ping", kwargs={"value": "x"}, dedup_key="ping:1")

    message.refresh_from_db()
    assert len(callbacks) == 1
    assert [m.pk for m in published] == [message.pk]
    assert message.sent_at is not None
    assert message.attempts == 1
    assert message.task_id == f"outbox-{message.pk}"


def test_enqueue_is_not_published_before_commit(published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        outbox.enqueue("cms.ping", kwargs={}, dedup_key="ping:1")

    assert len(callbacks) == 1
    assert published == []
    assert OutboxMessage.objects.get().sent_at is None


def test_enqueue_same_dedup_key_twice_keeps_one_message_and_one_publish(
    published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = outbox.enqueue("cms.ping", kwargs={"value": "a"}, dedup_key="ping:1")
        second = outbox.enqueue("cms.ping", kwargs={"value": "b"}, dedup_key="ping:1")

    assert second.pk == first.pk
    assert OutboxMessage.objects.count() == 1
    assert len(callbacks) == 1
    assert len(published) == 1


def test_dedup_key_is_unique_in_the_database():
    OutboxMessage.objects.create(task_name="cms.ping", dedup_key="k")
    with pytest.raises(IntegrityError), transaction.atomic():
        OutboxMessage.objects.create(task_name="cms.ping", dedup_key="k")


def test_relay_publishes_unsent_due_messages_and_marks_them_sent(published):
    due = OutboxMessage.objects.create(task_name="cms.ping", dedup_key="due")
    now = timezone.now()
    later = OutboxMessage.objects.create(
        task_name="cms.ping", dedup_key="later", available_at=now + timedelta(minutes=5)
    )
    done = OutboxMessage.objects.create(task_name="cms.ping", dedup_key="done", sent_at=now)

    assert outbox.relay_outbox(now=now) == 1
    assert outbox.relay_outbox(now=now) == 0

    assert [m.pk for m in published] == [due.pk]
    due.refresh_from_db()
    later.refresh_from_db()
    done.refresh_from_db()
    assert due.sent_at is not None
    assert later.sent_at is None
    assert done.attempts == 0


def test_relay_respects_the_batch_size_oldest_first(published):
    messages = [
        OutboxMessage.objects.create(task_name="cms.ping", dedup_key=f"k{i}") for i in range(5)
    ]

    assert outbox.relay_outbox(batch=2) == 2
    assert [m.pk for m in published] == [messages[0].pk, messages[1].pk]


def test_broker_refusal_keeps_the_message_unsent_with_the_error_and_a_backoff(monkeypatch):
    from kombu.exceptions import OperationalError

    def refuse(message):
        raise OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    monkeypatch.setattr(outbox, "send_message", refuse)
    first = OutboxMessage.objects.create(task_name="cms.ping", dedup_key="a")
    second = OutboxMessage.objects.create(task_name="cms.ping", dedup_key="b")
    now = timezone.now()

    assert outbox.relay_outbox(now=now) == 0

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.sent_at is None
    assert first.attempts == 1
    assert "Connection refused" in first.last_error
    assert first.available_at == now + timedelta(seconds=2)
    assert second.attempts == 0  # the relay stops at the first broker failure


def test_embedded_publish_runs_the_task_in_process(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.enqueue("cms.ping", kwargs={"value": "in-process"}, dedup_key="p")

    message.refresh_from_db()
    assert message.sent_at is not None
    assert message.last_error == ""


def test_embedded_task_failure_stays_unsent_for_the_relay(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.enqueue("cms.ping", kwargs={"no_such_argument": 1}, dedup_key="bad")

    message.refresh_from_db()
    assert message.sent_at is None
    assert message.attempts == 1
    assert "TypeError" in message.last_error


def test_relay_command_reports_what_it_sent(published, capsys):
    OutboxMessage.objects.create(task_name="cms.ping", dedup_key="a")

    call_command("relay_outbox")

    assert capsys.readouterr().out.strip() == "sent 1, still unsent 0"
