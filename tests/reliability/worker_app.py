"""The Celery app as a separate worker process runs it in the kill test, plus one slow task.

``celery -A tests.reliability.worker_app worker --pool solo``. The visibility timeout is cut
from two hours to a few seconds (``RELIABILITY_VISIBILITY_TIMEOUT``) so that a message left
unacknowledged by a killed worker is redelivered within the test.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from cms.celery import app

app.conf.broker_transport_options = {
    **(app.conf.broker_transport_options or {}),
    "visibility_timeout": int(os.environ.get("RELIABILITY_VISIBILITY_TIMEOUT", "5")),
}


@app.task(name="reliability.slow_mark")
def slow_mark(path: str, seconds: float) -> str:
    """Note the start, sleep, note the completion: the file tells how often it ran and finished."""
    log = Path(path)
    with log.open("a") as out:
        out.write(f"start {os.getpid()}\n")
    time.sleep(seconds)
    with log.open("a") as out:
        out.write(f"done {os.getpid()}\n")
    return "done"
