"""Filtering and ordering of the problems list. Pure: no Django imports.

Status is computed from each call's window at request time, so it is filtered here rather than in
SQL; there are a few dozen problems at most.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import Protocol, TypeVar

from challenges.windows import CallStatus


class StatusFilter(StrEnum):
    """What a visitor filters by: 'open' includes calls closing soon; 'closed' includes judging."""

    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"
    RESULTS = "results"


STATUS_GROUPS: dict[StatusFilter, frozenset[CallStatus]] = {
    StatusFilter.UPCOMING: frozenset({CallStatus.UPCOMING}),
    StatusFilter.OPEN: frozenset({CallStatus.OPEN, CallStatus.CLOSING_SOON}),
    StatusFilter.CLOSED: frozenset({CallStatus.CLOSED, CallStatus.JUDGING}),
    StatusFilter.RESULTS: frozenset({CallStatus.RESULTS}),
}


class SortOrder(StrEnum):
    CODE = "code"
    DEADLINE = "deadline"


class Listed(Protocol):
    code: str
    closes_at: datetime

    def status_at(self, now: datetime) -> CallStatus: ...


T = TypeVar("T", bound=Listed)


def filter_and_sort(
    calls: Iterable[T],
    *,
    now: datetime,
    status: StatusFilter | None = None,
    sort: SortOrder = SortOrder.CODE,
) -> list[T]:
    """Keep the calls in ``status`` (all when None) and order them.

    By deadline: calls still accepting submissions first, soonest deadline first; then calls not
    yet open by their deadline; then closed calls, most recently closed first. Ties by code.
    """
    kept = [c for c in calls if status is None or c.status_at(now) in STATUS_GROUPS[status]]
    if sort is SortOrder.CODE:
        return sorted(kept, key=lambda c: c.code)

    def deadline_key(call: T) -> tuple:
        state = call.status_at(now)
        if state in STATUS_GROUPS[StatusFilter.OPEN]:
            return (0, call.closes_at.timestamp(), call.code)
        if state is CallStatus.UPCOMING:
            return (1, call.closes_at.timestamp(), call.code)
        return (2, -call.closes_at.timestamp(), call.code)

    return sorted(kept, key=deadline_key)
