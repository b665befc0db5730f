"""The Celery app.

Tasks must be idempotent: they are acknowledged late and re-queued when a worker dies
(``task_acks_late`` + ``task_reject_on_worker_lost``), so one may run twice. Work that must not
be lost goes through the transactional outbox (``cms.outbox.enqueue``), which survives a broker
outage; otherwise callers enqueue with ``task.delay_on_commit(...)``. Either way nothing is sent
for a transaction that rolls back.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

app = Celery("cms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
