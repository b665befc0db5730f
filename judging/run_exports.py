"""An allocation run's stored policy, entries and result as JSON downloads, so an auditor can
re-run it with ``manage.py simulate_awards --policy … --entries …`` and compare the hashes.

Staff only, behind the same gate as the run page (``judging_view`` and ``judging.manage_awards``,
else 404). The files are the stored snapshots as they are, in the format the command reads: the
entries carry every judge's scores, so they are never cached.
"""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from judging.access import judging_view
from judging.models import AllocationRun

#: download name → the stored field it serves
PARTS = {"policy": "policy_json", "entries": "entries_json", "result": "result_json"}


def run_file(run: AllocationRun, part: str) -> str:
    """The text of one download: UTF-8 JSON, indented like the command's output."""
    return json.dumps(getattr(run, PARTS[part]), ensure_ascii=False, indent=2) + "\n"


def _download(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    if not request.user.has_perm("judging.manage_awards"):
        raise Http404
    run = get_object_or_404(AllocationRun.objects.only("pk", PARTS[part]), pk=pk)
    response = HttpResponse(run_file(run, part), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="allocation-run-{run.pk}-{part}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@judging_view
def policy(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "policy")


@require_safe
@judging_view
def entries(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "entries")


@require_safe
@judging_view
def result(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "result")
