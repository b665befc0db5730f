"""A worker SIGKILLed in the middle of a task: another worker runs it to completion, once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from cms.celery import app
from tests.reliability.conftest import wait_for

pytestmark = [
    pytest.mark.real_worker,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("empty_queue"),
]

ROOT = Path(__file__).resolve().parents[2]


def _test_database_url() -> str:
    db = settings.DATABASES["default"]  # pytest-django has switched NAME to test_<name>
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}{port}/{db['NAME']}"


def _start_worker(name: str, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "RELIABILITY_VISIBILITY_TIMEOUT": "3",
    }
    celery = Path(sys.executable).with_name("celery")
    return subprocess.Popen(
        [
            str(celery),
            "-A",
            "tests.reliability.worker_app",
            "worker",
            "--pool",
            "solo",
            "--hostname",
            f"{name}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _lines(path: Path) -> list[str]:
    return [line.split()[0] for line in path.read_text().splitlines()] if path.exists() else []


def test_worker_killed_mid_task_task_completes_exactly_once_on_another_worker(tmp_path):
    marks = tmp_path / "marks.txt"
    worker_log = tmp_path / "workers.log"
    result = app.send_task("reliability.slow_mark", args=[str(marks), 6])

    first = _start_worker("doomed", worker_log)
    try:
        assert wait_for(lambda: _lines(marks) == ["start"], timeout=90), worker_log.read_text()
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(10)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
    time.sleep(1)
    assert _lines(marks) == ["start"]  # killed before it could finish

    second = _start_worker("survivor", worker_log)
    try:
        assert result.get(timeout=120) == "done", worker_log.read_text()
        time.sleep(4)  # past another visibility timeout: nothing is delivered a third time
    finally:
        second.send_signal(signal.SIGTERM)
        try:
            second.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(second.pid, signal.SIGKILL)

    assert _lines(marks) == ["start", "start", "done"]
