"""Transactional outbox: Celery work that must follow a commit, stored with that commit.

``enqueue`` writes an :class:`~cms.models.OutboxMessage` in the caller's transaction and, once it
commits, tries to publish it at once. If the broker is down the message simply stays unsent and
``relay_outbox`` (Celery beat every 30 s, or ``manage.py relay_outbox``) publishes it later. A
message is marked sent only after the broker accepted it, so delivery is *at least once*; the
task id is derived from the message id and every task is idempotent, so it is *effectively once*.

Embedded (``task_always_eager``), publishing runs the task in-process after the commit; a task
that fails there stays unsent and is retried by the relay, exactly like a broker refusal.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from kombu.exceptions import OperationalError

from cms.celery import app
from cms.models import OutboxMessage

logger = logging.getLogger(__name__)

#: One quick retry on a publish, then leave the message to the relay (a request must not hang
#: on a dead broker).
PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
MAX_BACKOFF = timedelta(minutes=10)


def enqueue(
    task_name: str,
    *,
    kwargs: dict[str, Any] | None = None,
    args: Sequence[Any] = (),
    dedup_key: str,
) -> OutboxMessage:
    """Store a task for delivery after the current transaction commits; publish it then.

    A second ``enqueue`` with the same ``dedup_key`` returns the first message and queues nothing.
    """
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                task_name=task_name, args=list(args), kwargs=kwargs or {}, dedup_key=dedup_key
            )
    except IntegrityError:
        return OutboxMessage.objects.get(dedup_key=dedup_key)
    message_id = message.pk
    transaction.on_commit(lambda: publish(message_id))
    return message


def _unsent() -> QuerySet[OutboxMessage]:
    queryset = OutboxMessage.objects.filter(sent_at=None)
    if connection.features.has_select_for_update_skip_locked:
        # Another relay (or the after-commit publish) holding a row keeps it; we take the rest.
        queryset = queryset.select_for_update(skip_locked=True)
    return queryset


def publish(message_id: int) -> bool:
    """Publish one unsent message now. True if the broker (or the in-process run) accepted it."""
    with transaction.atomic():
        message = _unsent().filter(pk=message_id).first()
        if message is None:
            return False
        return _deliver(message) is None


def relay_outbox(batch: int = 100, *, now: datetime | None = None) -> int:
    """Publish up to ``batch`` unsent, due messages, oldest first. Returns how many were sent.

    Stops at the first broker connection failure: the broker is down for all of them, and the
    next run (30 s later) tries again.
    """
    now = now or timezone.now()
    sent = 0
    with transaction.atomic():
        due = _unsent().filter(available_at__lte=now).order_by("available_at", "pk")[:batch]
        for message in due:
            error = _deliver(message, now=now)
            if error is None:
                sent += 1
            elif isinstance(error, OperationalError | OSError):
                break
    return sent


def send_message(message: OutboxMessage) -> None:
    """Hand the message to Celery (or run it, when eager). Raises if that fails."""
    if message.task_name not in app.tasks:
        app.loader.import_default_modules()  # autodiscovery is lazy outside a worker
    task = app.tasks[message.task_name]
    with transaction.atomic():  # a failing in-process run leaves none of its writes behind
        result = task.apply_async(
            args=message.args,
            kwargs=message.kwargs,
            task_id=message.task_id,
            retry_policy=PUBLISH_RETRY_POLICY,
        )
        if app.conf.task_always_eager and result.failed():
            raise RuntimeError(f"{message.task_name} failed in-process: {result.result!r}")


def _deliver(message: OutboxMessage, *, now: datetime | None = None) -> Exception | None:
    """Publish a locked message and record the outcome. Returns the error, if any."""
    message.attempts += 1
    try:
        send_message(message)
    except Exception as exc:  # any failure leaves the message for the relay
        now = now or timezone.now()
        message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        message.available_at = now + min(timedelta(seconds=2**message.attempts), MAX_BACKOFF)
        message.save(update_fields=["attempts", "last_error", "available_at"])
        logger.warning(
            "outbox message %s (%s) not published: %s", message.pk, message.task_name, exc
        )
        return exc
    message.sent_at = timezone.now()
    message.last_error = ""
    message.save(update_fields=["attempts", "sent_at", "last_error"])
    return None
