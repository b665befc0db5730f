"""Formatting of money and numbers for people. Pure: no Django imports."""

from __future__ import annotations


def group_digits(value: int, separator: str) -> str:
    sign = "-" if value < 0 else ""
    digits = str(abs(value))
    groups = []
    while digits:
        groups.append(digits[-3:])
        digits = digits[:-3]
    return sign + separator.join(reversed(groups))


def format_vnd(amount: int, language: str) -> str:
    """Whole đồng: ``30.000.000 ₫`` in Vietnamese, ``VND 30,000,000`` in English."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError("VND amounts are integers")
    if language.startswith("vi"):
        return f"{group_digits(amount, '.')}\u00a0₫"
    return f"VND\u00a0{group_digits(amount, ',')}"
