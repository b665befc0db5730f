"""Open data of published results: each call's winners, and every published result, as CSV and JSON.

The files say what the public results page says and nothing more: each winner's public name
(``Submission.public_name``: a minor by given name only, and only with the guardian's
consent), prize and amount, with the run's result hash and dates. Never a score, a rank among
all entries, or anyone who did not win. A call without a published result is a 404; the
all-results file leaves it out.
"""

from __future__ import annotations

import csv
import json
from datetime import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from wagtail.models import Locale, Page

from challenges.templatetags.call_tags import OpenDataLink
from judging.award_reads import given_consents, tier_names
from judging.awards import AWARDED, policies_for_page
from judging.models import AllocationDecision, AllocationRun

LICENCE = "CC BY 4.0"  # the problems download's licence
CURRENCY = "VND"

RESULT_COLUMNS = [
    "call_code",
    "call_title",
    "policy",
    "tier_key",
    "tier",
    "rank",
    "winner",
    "entry_title",
    "amount_vnd",
    "result_hash",
    "approved_at",
    "published_at",
    "results_url",
    "language",
]


def _active_locale() -> Locale:
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return Locale.get_default()


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _calls_in_language(originals: dict[int, Page], locale: Locale) -> dict[int, Page]:
    """Each call page id → the specific call page in ``locale`` (or itself when it is not
    translated). Queries: a few per page type, whatever the number of calls."""
    keys = {page.translation_key for page in originals.values()}
    translated = {
        page.translation_key: page
        for page in Page.objects.filter(translation_key__in=keys, locale=locale).specific()
    }
    missing = [pk for pk, page in originals.items() if page.translation_key not in translated]
    fallback = {page.pk: page for page in Page.objects.filter(pk__in=missing).specific()}
    return {
        pk: translated.get(page.translation_key) or fallback[pk] for pk, page in originals.items()
    }


def result_records(
    request: HttpRequest,
    runs: list[AllocationRun],
    *,
    locale: Locale,
    call_key: str | None = None,
) -> list[dict]:
    """One record per winner of the given published runs, ranked within each run by the order of
    the result; only winners of calls with ``call_key`` as translation key when it is given."""
    if not runs:
        return []
    decisions = list(
        AllocationDecision.objects.filter(run__in=runs, reason=AWARDED)
        .select_related("submission__call", "submission__organisation", "submission__participant")
        .prefetch_related(given_consents("submission__participant__consents"))
        .order_by("run_id", "position")
    )
    calls = _calls_in_language({d.submission.call_id: d.submission.call for d in decisions}, locale)
    language = locale.language_code
    by_run = {run.pk: run for run in runs}
    names = {run.pk: tier_names(run.policy_json) for run in runs}
    order = {run.pk: index for index, run in enumerate(runs)}
    rank_in_run: dict[int, int] = {}
    records: list[tuple[tuple, dict]] = []
    for decision in decisions:
        rank = rank_in_run[decision.run_id] = rank_in_run.get(decision.run_id, 0) + 1
        submission = decision.submission
        if call_key is not None and submission.call.translation_key != call_key:
            continue
        call = calls[submission.call_id]
        submission.call = call  # public_name() reads the call's opening day
        run = by_run[decision.run_id]
        code = getattr(call, "code", "")
        key = (code, call.title, order[run.pk], rank)
        records.append(
            (
                key,
                {
                    "call_code": code,
                    "call_title": call.title,
                    "policy": run.policy.localised_name,
                    "tier_key": decision.tier_key,
                    "tier": names[run.pk].get(decision.tier_key, ""),
                    "rank": rank,
                    "winner": submission.public_name(),
                    "entry_title": submission.title if submission.organisation_id else "",
                    "amount_vnd": int(decision.amount),
                    "result_hash": run.result_hash,
                    "approved_at": _iso(run.approved_at),
                    "published_at": _iso(run.published_at),
                    "results_url": request.build_absolute_uri(
                        reverse("judging:results", kwargs={"page_id": call.pk})
                    ),
                    "language": language,
                },
            )
        )
    return [record for _key, record in sorted(records, key=lambda pair: pair[0])]


def published_runs_for_call(page: Page) -> list[AllocationRun]:
    return list(
        AllocationRun.objects.filter(policy__in=policies_for_page(page), published_at__isnull=False)
        .select_related("policy")
        .order_by("policy__category_key", "policy__name", "pk")
    )


def all_published_runs() -> list[AllocationRun]:
    return list(
        AllocationRun.objects.filter(published_at__isnull=False)
        .select_related("policy")
        .order_by("policy__category_key", "policy__name", "pk")
    )


# --- responses ----------------------------------------------------------------------------------


def _json_response(payload: dict, filename: str) -> HttpResponse:
    header = {
        "generated_at": timezone.now().replace(microsecond=0).isoformat(),
        "license": LICENCE,
        "currency": CURRENCY,
        "language": get_language(),
    }
    body = json.dumps({**header, **payload}, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv_response(records: list[dict], filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # as the problems file: spreadsheets then read Vietnamese as UTF-8
    writer = csv.DictWriter(response, fieldnames=RESULT_COLUMNS)
    writer.writeheader()
    writer.writerows(records)
    return response


def _call_in_language(page_id: int, locale: Locale) -> Page:
    page = get_object_or_404(Page, pk=page_id)
    translated = page.get_translation_or_none(locale) if page.locale_id != locale.pk else page
    return (translated or page).specific


def _call_results(request: HttpRequest, page_id: int) -> tuple[Page, list[dict]]:
    locale = _active_locale()
    call = _call_in_language(page_id, locale)
    runs = published_runs_for_call(call)
    if not runs:
        raise Http404
    return call, result_records(request, runs, locale=locale, call_key=call.translation_key)


def _call_slug(call: Page) -> str:
    return (getattr(call, "code", "") or call.slug).lower()


@require_safe
def call_results_csv(request: HttpRequest, page_id: int) -> HttpResponse:
    call, records = _call_results(request, page_id)
    return _csv_response(records, f"results-{_call_slug(call)}-{get_language()}.csv")


@require_safe
def call_results_json(request: HttpRequest, page_id: int) -> HttpResponse:
    call, records = _call_results(request, page_id)
    payload = {
        "call": {
            "code": getattr(call, "code", ""),
            "title": call.title,
            "url": call.get_full_url(request),
        },
        "results": records,
    }
    return _json_response(payload, f"results-{_call_slug(call)}-{get_language()}.json")


@require_safe
def results_csv(request: HttpRequest) -> HttpResponse:
    records = result_records(request, all_published_runs(), locale=_active_locale())
    return _csv_response(records, f"results-{get_language()}.csv")


@require_safe
def results_json(request: HttpRequest) -> HttpResponse:
    records = result_records(request, all_published_runs(), locale=_active_locale())
    return _json_response({"results": records}, f"results-{get_language()}.json")


def open_data_links(request: HttpRequest) -> list[OpenDataLink]:
    """The all-results files, for the open-data list of the problems index."""
    return [
        OpenDataLink(reverse("judging:results_csv"), _("All published results as CSV"), order=50),
        OpenDataLink(reverse("judging:results_json"), _("All published results as JSON"), order=51),
    ]
