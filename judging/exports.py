"""CSV and XLSX exports of a round's scores, by judge and by entry."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from judging.reads import Dashboard


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def by_entry(board: Dashboard) -> tuple[list[str], list[list]]:
    keys = [c.key for c in board.criteria]
    header = [
        _("Rank"),
        _("Entry"),
        _("Reviews submitted"),
        _("Reviews assigned"),
        _("Score"),
        *keys,
        _("Spread"),
        _("Flagged"),
    ]
    rows = []
    for row in board.entries:
        result = row.aggregate
        rows.append(
            [
                row.rank,
                row.label,
                row.submitted,
                row.assigned,
                result.score if result else None,
                *[(result.criterion_scores.get(k) if result else None) for k in keys],
                result.spread if result else None,
                "yes" if row.flagged else "",
            ]
        )
    return header, rows


def by_judge(board: Dashboard) -> tuple[list[str], list[list]]:
    keys = [c.key for c in board.criteria]
    header = [_("Judge"), _("E-mail"), _("Entry"), _("Status"), _("Total"), *keys]
    rows = []
    for entry in sorted(board.entries, key=lambda r: r.submission.pk):
        for review in sorted(entry.reviews, key=lambda r: r.judge.email):
            total = (
                entry.aggregate.judge_totals.get(str(review.judge.pk)) if entry.aggregate else None
            )
            rows.append(
                [
                    str(review.judge),
                    review.judge.email,
                    entry.label,
                    review.status,
                    total,
                    *[review.score_map.get(k) for k in keys],
                ]
            )
    rows.sort(key=lambda r: (r[1], r[2]))
    return header, rows


LAYOUTS = {"entry": by_entry, "judge": by_judge}


def as_csv(header: list[str], rows: list[list], filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_text(v) for v in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def as_xlsx(header: list[str], rows: list[list], filename: str) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "scores"
    sheet.append([str(h) for h in header])
    for row in rows:
        sheet.append([v if isinstance(v, int | Decimal) else _text(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


FORMATS = {"csv": as_csv, "xlsx": as_xlsx}
