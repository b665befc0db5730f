"""Submission-window arithmetic. Pure: no Django imports.

All instants are timezone-aware; the province's calendar is Asia/Ho_Chi_Minh (UTC+7, no DST).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

CLOSING_SOON = timedelta(days=7)


class CallStatus(StrEnum):
    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSING_SOON = "closing_soon"
    CLOSED = "closed"
    JUDGING = "judging"
    RESULTS = "results"


@dataclass(frozen=True)
class Window:
    opens_at: datetime
    closes_at: datetime
    judging_starts_at: datetime | None = None
    results_published: bool = False

    def __post_init__(self) -> None:
        for name in ("opens_at", "closes_at", "judging_starts_at"):
            value = getattr(self, name)
            if value is not None and value.tzinfo is None:
                raise ValueError(f"{name} must be timezone-aware")

    def status(self, now: datetime) -> CallStatus:
        if self.results_published:
            return CallStatus.RESULTS
        if now < self.opens_at:
            return CallStatus.UPCOMING
        if now < self.closes_at:
            if self.closes_at - now <= CLOSING_SOON:
                return CallStatus.CLOSING_SOON
            return CallStatus.OPEN
        judging_starts = self.judging_starts_at or self.closes_at
        if now >= judging_starts:
            return CallStatus.JUDGING
        return CallStatus.CLOSED

    def accepts_submissions(self, now: datetime) -> bool:
        """Open from opens_at inclusive to closes_at exclusive: a submit at 23:59:59 counts."""
        return self.opens_at <= now < self.closes_at

    def time_left(self, now: datetime) -> timedelta | None:
        if not self.accepts_submissions(now):
            return None
        return self.closes_at - now


@dataclass(frozen=True)
class TimelineStep:
    key: str  # "opens", "closes", "judging", "results"
    at: datetime
    done: bool


@dataclass(frozen=True)
class Timeline:
    steps: tuple[TimelineStep, ...]
    here: int  # "you are here" sits before steps[here]; len(steps) means after the last one


def timeline(
    window: Window, now: datetime, results_expected_at: datetime | None = None
) -> Timeline:
    """The call's milestones in order, each marked done or not, and where today falls."""
    dated = [("opens", window.opens_at), ("closes", window.closes_at)]
    if window.judging_starts_at is not None:
        dated.append(("judging", window.judging_starts_at))
    if results_expected_at is not None:
        dated.append(("results", results_expected_at))
    steps = tuple(
        TimelineStep(
            key=key,
            at=at,
            done=now >= at or (key == "results" and window.results_published),
        )
        for key, at in dated
    )
    here = sum(1 for step in steps if step.done)
    return Timeline(steps=steps, here=here)
