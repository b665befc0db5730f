"""Redis down during submissions; one outbox message published twice. Real worker, PostgreSQL."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_prerun
from django.utils import timezone

from cms import outbox
from cms.celery import app
from cms.models import OutboxMessage
from submissions import actions
from submissions.enums import MemberRole, SubmissionStatus
from submissions.models import SentEmail, Submission
from tests.factories import UserFactory
from tests.reliability.conftest import broker_down, wait_for
from tests.submissions.factories import MembershipFactory, SubmissionFactory
from tests.submissions.test_uploads import make_pdf

pytestmark = [
    pytest.mark.real_worker,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("private_storage", "empty_queue"),
]


def _submit(submission: Submission, user) -> None:
    actions.attachment_add(submission=submission, name="plan.pdf", data=make_pdf(), user=user)
    actions.submission_submit(submission=submission, user=user)


def _later():
    """Past any publish backoff, as the relay would be a little later."""
    return timezone.now() + timedelta(minutes=15)


def _worker():
    return start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10)


def test_submissions_while_redis_is_down_succeed_and_each_receipt_goes_out_once_after(
    challenge, people, mailoutbox
):
    third = UserFactory(email="owner@c.example")
    org_c = MembershipFactory(user=third, role=MemberRole.OWNER).organisation
    entries = [
        (SubmissionFactory(call=challenge, organisation=people["org_a"]), people["owner_a"]),
        (SubmissionFactory(call=challenge, organisation=people["org_b"]), people["owner_b"]),
        (SubmissionFactory(call=challenge, organisation=org_c), third),
    ]

    with broker_down():
        for submission, user in entries:
            _submit(submission, user)

    assert Submission.objects.filter(status=SubmissionStatus.SUBMITTED).count() == 3
    messages = OutboxMessage.objects.order_by("pk")
    assert [m.task_name for m in messages] == ["submissions.send_submission_receipt"] * 3
    assert all(m.sent_at is None and m.attempts == 1 for m in messages)
    assert all("Connection refused" in m.last_error for m in messages)
    assert mailoutbox == []

    with _worker():
        assert outbox.relay_outbox(now=_later()) == 3
        assert wait_for(lambda: len(mailoutbox) == 4)
        assert outbox.relay_outbox(now=_later()) == 0
        time.sleep(2)  # anything delivered twice would arrive now

    assert sorted(m.to[0] for m in mailoutbox) == [
        "editor@a.example",
        "owner@a.example",
        "owner@b.example",
        "owner@c.example",
    ]
    assert SentEmail.objects.filter(key__startswith="receipt:").count() == 3
    assert OutboxMessage.objects.filter(sent_at=None).count() == 0


def test_receipt_published_twice_is_delivered_once(challenge, people, mailoutbox):
    submission = SubmissionFactory(call=challenge, organisation=people["org_a"])
    _submit(submission, people["owner_a"])  # published to Redis; no worker yet
    message = OutboxMessage.objects.get()
    assert message.sent_at is not None
    outbox.send_message(message)  # and once more, as a relay racing the first publish would

    runs: list[str] = []

    def count(task_id=None, **kwargs):
        runs.append(task_id)

    task_prerun.connect(count, weak=False)
    try:
        with _worker():
            assert wait_for(lambda: len(runs) == 2)
            time.sleep(1)
    finally:
        task_prerun.disconnect(count)

    assert runs == [message.task_id, message.task_id]
    assert sorted(m.to[0] for m in mailoutbox) == ["editor@a.example", "owner@a.example"]
    assert SentEmail.objects.filter(key__startswith="receipt:").count() == 1
