from __future__ import annotations

from celery import shared_task


@shared_task(name="cms.ping")
def ping(value: str = "pong") -> str:
    """A no-op round trip used by health checks and the worker test."""
    return value
