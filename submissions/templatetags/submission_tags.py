from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from submissions.sanitize import clean_html

register = template.Library()


@register.filter
def cleaned(value) -> str:
    """Render user HTML: always the sanitiser's output (stored clean, cleaned again here)."""
    return mark_safe(clean_html(str(value or "")))  # noqa: S308 - clean_html output only


@register.filter
def filesize(value) -> str:
    size = int(value or 0)
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} B"
