"""Publish unsent outbox messages now (what the 30-second beat task does), for operators."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from cms.models import OutboxMessage
from cms.outbox import relay_outbox


class Command(BaseCommand):
    help = "Publish unsent transactional-outbox messages to the Celery broker."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch", type=int, default=100, help="messages per pass")
        parser.add_argument(
            "--all", action="store_true", help="repeat passes until nothing more is sent"
        )

    def handle(self, *args, batch: int, all: bool, **options) -> None:
        total = 0
        while True:
            sent = relay_outbox(batch)
            total += sent
            if not all or sent < batch:
                break
        unsent = OutboxMessage.objects.filter(sent_at=None).count()
        self.stdout.write(f"sent {total}, still unsent {unsent}")
