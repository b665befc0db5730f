"""Reads about calls that submissions need: the canonical page, its settings and categories."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import Locale, Page

from challenges.models import ChallengePage, ContestPage
from submissions.enums import EntrantKind
from submissions.models import CallSettings

CALL_MODELS = (ChallengePage, ContestPage)


def as_call(page: Page | None):
    """The specific call page, or None when ``page`` is not a problem or contest."""
    if page is None:
        return None
    specific = page.specific
    return specific if isinstance(specific, CALL_MODELS) else None


def canonical_call(page: Page):
    """The call in the site's default language: submissions and questions hang off this page."""
    call = as_call(page)
    if call is None:
        return None
    try:
        default = Locale.get_default()
    except Locale.DoesNotExist:
        return call
    if call.locale_id == default.pk:
        return call
    source = call.get_translation_or_none(default)
    return as_call(source) if source is not None else call


def localized_call(call):
    """The call's page in the active language when it exists (for titles and links)."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if call.locale.language_code == language:
        return call
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        return call
    translated = call.get_translation_or_none(locale)
    return as_call(translated) or call


def entrant_kind(call) -> EntrantKind:
    """Problems and adult contests take organisations; a contest with age bands takes people."""
    if isinstance(call, ContestPage) and (
        call.max_age is not None
        or any(category.max_age is not None for category in call.categories.all())
    ):
        return EntrantKind.PARTICIPANT
    return EntrantKind.ORGANISATION


def call_settings(call) -> CallSettings:
    found = CallSettings.objects.filter(call_id=call.pk).first()
    return found or CallSettings(call_id=call.pk)


def reference_code(call) -> str:
    if isinstance(call, ChallengePage) and call.code:
        return call.code
    configured = CallSettings.objects.filter(call_id=call.pk).values_list(
        "reference_code", flat=True
    )
    code = next(iter(configured), "")
    return code or f"C{call.pk}"


def categories(call) -> list:
    if isinstance(call, ContestPage):
        return list(call.categories.all())
    return []


def local_date(value) -> date:
    return value.astimezone(ZoneInfo(settings.TIME_ZONE)).date()


def youth_contest_opening_days(now: datetime | None = None) -> list[date]:
    """Opening days (Quang Ninh time) of live contests for people that have not closed yet."""
    contests = (
        ContestPage.objects.live()
        .filter(closes_at__gt=now or timezone.now())
        .prefetch_related("categories")
    )
    return sorted(
        {
            local_date(contest.opens_at)
            for contest in contests
            if entrant_kind(contest) == EntrantKind.PARTICIPANT
        }
    )
