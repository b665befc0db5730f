"""Canonical form and hash of a frozen submission. Pure: no Django imports."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_json(content: dict[str, Any]) -> str:
    """Keys sorted, no insignificant whitespace, UTF-8 text kept as is: one text per content."""
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_sha256(canonical: str) -> str:
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def format_reference(code: str, number: int) -> str:
    """``QN-P03-0042``: the call's code and the call's own running number (4 digits or more)."""
    return f"QN-{code}-{number:04d}"
