from __future__ import annotations

from celery import shared_task


@shared_task(name="cms.ping")
def ping(value: str = "pong") -> str:
    """A no-op round trip used by health checks and the worker test."""
    return value


@shared_task(name="cms.relay_outbox")
def relay_outbox(batch: int = 100) -> int:
    """Publish outbox messages whose after-commit publish did not reach the broker."""
    from cms.outbox import relay_outbox as relay

    return relay(batch)
