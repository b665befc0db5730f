"""Run an award policy over JSON entries and print the result; no database involved."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from judging.allocation import PolicyInputError, simulate

INPUT_ERROR = 2


def _load(path: str, label: str) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(
            f"{label}: cannot read {path}: {error}", returncode=INPUT_ERROR
        ) from None
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise CommandError(
            f"{label}: invalid JSON in {path} at line {error.lineno} column {error.colno}: "
            f"{error.msg}",
            returncode=INPUT_ERROR,
        ) from None


class Command(BaseCommand):
    help = "Simulate an award policy: read policy and entries JSON, write the result JSON."
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--policy", required=True, help="policy JSON file")
        parser.add_argument("--entries", required=True, help="entries JSON file")

    def handle(self, *args: Any, **options: Any) -> None:
        policy = _load(options["policy"], "policy")
        entries = _load(options["entries"], "entries")
        try:
            result = simulate(policy, entries)
        except PolicyInputError as error:
            raise CommandError(str(error), returncode=INPUT_ERROR) from None
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
