"""Public, read-only views of the calls: site search, the deadlines calendar, open data."""

from __future__ import annotations

import csv
import json
from datetime import datetime

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from wagtail.models import Locale, Page

from challenges.calendar import Milestone, build_calendar
from challenges.forms import SiteSearchForm
from challenges.models import CallPage, ChallengePage, ContestPage
from cms.models import NewsPage

SEARCH_PAGE_SIZE = 20
UID_DOMAIN = "qn-open-innovation"


def _active_locale() -> Locale:
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return Locale.get_default()


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """Problems, contests and news in the visitor's language, best match first."""
    form = SiteSearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_bound and form.is_valid() else ""
    page_obj = None
    if query:
        pages = (
            Page.objects.live()
            .public()
            .filter(locale=_active_locale())
            .type(ChallengePage, ContestPage, NewsPage)
            .specific()
            .search(query, operator="and")
        )
        page_obj = Paginator(pages, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "challenges/search.html",
        {"form": form, "query": query, "results": page_obj},
    )


# --- deadlines calendar --------------------------------------------------------------------------


def _live_calls(locale: Locale) -> list[CallPage]:
    challenges = ChallengePage.objects.live().public().filter(locale=locale).order_by("code")
    contests = ContestPage.objects.live().public().filter(locale=locale).order_by("opens_at")
    return [*challenges, *contests]


def _call_name(call: CallPage) -> str:
    code = getattr(call, "code", "")
    return f"{code} · {call.title}" if code else call.title


def call_milestones(call: CallPage, request: HttpRequest) -> list[Milestone]:
    url = call.get_full_url(request) or ""
    name = _call_name(call)
    dated: list[tuple[str, datetime | None, str]] = [
        ("opens", call.opens_at, _("Submissions open: %(call)s")),
        ("closes", call.closes_at, _("Submission deadline: %(call)s")),
        ("judging", call.judging_starts_at, _("Judging starts: %(call)s")),
        ("results", call.results_expected_at, _("Results expected: %(call)s")),
    ]
    return [
        Milestone(
            uid=f"{call.translation_key}-{key}@{UID_DOMAIN}",
            summary=summary % {"call": name},
            at=at,
            url=url,
            description=call.summary,
        )
        for key, at, summary in dated
        if at is not None
    ]


def _calendar_response(name: str, milestones: list[Milestone], filename: str) -> HttpResponse:
    body = build_calendar(name, milestones, stamp=timezone.now().replace(microsecond=0))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def calendar_all(request: HttpRequest) -> HttpResponse:
    """Every live call's opening, closing, judging and results dates, in the visitor's language."""
    milestones = [
        m for call in _live_calls(_active_locale()) for m in call_milestones(call, request)
    ]
    return _calendar_response(
        _("Quang Ninh Open Innovation: deadlines"),
        milestones,
        f"qn-open-innovation-{get_language()}.ics",
    )


@require_safe
def calendar_call(request: HttpRequest, page_id: int) -> HttpResponse:
    call = (
        ChallengePage.objects.live().public().filter(pk=page_id).first()
        or ContestPage.objects.live().public().filter(pk=page_id).first()
    )
    if call is None:
        raise Http404
    slug = getattr(call, "code", "") or call.slug
    return _calendar_response(_call_name(call), call_milestones(call, request), f"{slug}.ics")


# --- open data -----------------------------------------------------------------------------------

PROBLEM_COLUMNS = [
    "code",
    "title",
    "sector",
    "sector_label",
    "owning_agency",
    "status",
    "budget_ceiling_vnd",
    "opens_at",
    "closes_at",
    "judging_starts_at",
    "results_expected_at",
    "summary",
    "url",
    "language",
]


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def problem_records(request: HttpRequest) -> list[dict]:
    locale = _active_locale()
    pages = ChallengePage.objects.live().public().filter(locale=locale).order_by("code")
    return [
        {
            "code": page.code,
            "title": page.title,
            "sector": page.sector,
            "sector_label": str(page.sector_label),
            "owning_agency": page.owning_agency,
            "status": page.status,
            "budget_ceiling_vnd": page.budget_ceiling,
            "opens_at": _iso(page.opens_at),
            "closes_at": _iso(page.closes_at),
            "judging_starts_at": _iso(page.judging_starts_at),
            "results_expected_at": _iso(page.results_expected_at),
            "summary": page.summary,
            "url": page.get_full_url(request),
            "language": locale.language_code,
        }
        for page in pages
    ]


@require_safe
def problems_json(request: HttpRequest) -> HttpResponse:
    body = json.dumps(
        {
            "generated_at": timezone.now().replace(microsecond=0).isoformat(),
            "license": "CC BY 4.0",
            "problems": problem_records(request),
        },
        ensure_ascii=False,
        indent=2,
    )
    return HttpResponse(body, content_type="application/json; charset=utf-8")


@require_safe
def problems_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="problems-{get_language()}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the Vietnamese text as UTF-8
    writer = csv.DictWriter(response, fieldnames=PROBLEM_COLUMNS)
    writer.writeheader()
    writer.writerows(problem_records(request))
    return response
