"""Helpers for the per-app demo seeders (``<app>/demo.py``) run by ``manage.py seed_demo``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from wagtail.models import Locale, Page

DEMO_PASSWORD = "demo-Quangninh-2026"  # noqa: S105 - published demo password, printed and in README


@dataclass
class SeedContext:
    """What one seeding run shares between the apps' seeders."""

    today: datetime
    write: callable
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)

    def count(self, what: str, n: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + n

    def at(self, offset_days: int, hour: int = 8, minute: int = 0) -> datetime:
        """A day relative to the seeding day, at a local (Asia/Ho_Chi_Minh) time."""
        tz = ZoneInfo(settings.TIME_ZONE)
        day = (self.today + timedelta(days=offset_days)).astimezone(tz).date()
        return datetime.combine(day, time(hour, minute), tzinfo=tz)


def new_context(write) -> SeedContext:
    return SeedContext(today=timezone.now(), write=write)


def locales() -> tuple[Locale, Locale]:
    vi, _ = Locale.objects.get_or_create(language_code="vi")
    en, _ = Locale.objects.get_or_create(language_code="en")
    return vi, en


def publish(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def translate_page(page: Page, locale: Locale, **fields) -> Page:
    """The page's translation in ``locale``, created and published if missing (never updated)."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    copy = page.copy_for_translation(locale, copy_parents=False).specific
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    return publish(copy)
