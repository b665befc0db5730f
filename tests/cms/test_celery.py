from __future__ import annotations

import pytest
from django.db import transaction

from cms.celery import app
from cms.tasks import ping


@pytest.mark.django_db
def test_task_enqueued_on_commit_runs_only_after_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        ping.delay_on_commit("after-commit")
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_task_enqueued_in_a_rolled_back_transaction_never_runs(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                ping.delay_on_commit("never")
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
    assert callbacks == []


def test_embedded_mode_runs_tasks_in_process():
    assert ping.delay("in-process").get(timeout=1) == "in-process"


@pytest.mark.real_worker
def test_task_round_trips_through_a_real_worker_on_redis():
    from celery.contrib.testing.worker import start_worker

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = ping.delay("through-redis")
        assert result.get(timeout=20) == "through-redis"
        assert result.status == "SUCCESS"
