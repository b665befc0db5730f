"""Pure filtering/sorting of the problems list and the call timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from challenges.listing import SortOrder, StatusFilter, filter_and_sort
from challenges.windows import CallStatus, Window, timeline

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Call:
    code: str
    opens_at: datetime
    closes_at: datetime
    results: bool = False

    def status_at(self, now: datetime) -> CallStatus:
        return Window(self.opens_at, self.closes_at, results_published=self.results).status(now)


def days(n: int) -> datetime:
    return NOW + timedelta(days=n)


CALLS = [
    Call("P01", days(-10), days(30)),  # open
    Call("P02", days(-10), days(3)),  # closing soon
    Call("P03", days(5), days(60)),  # upcoming
    Call("P04", days(-60), days(-5)),  # closed (judging: no judging date, so judging at close)
    Call("P05", days(-90), days(-30), results=True),  # results
    Call("P06", days(-60), days(-1)),  # closed more recently
]


def codes(calls) -> list[str]:
    return [c.code for c in calls]


def test_filter_and_sort_without_filters_orders_by_code():
    assert codes(filter_and_sort(reversed(CALLS), now=NOW)) == [f"P0{n}" for n in range(1, 7)]


def test_status_open_includes_calls_closing_soon():
    assert codes(filter_and_sort(CALLS, now=NOW, status=StatusFilter.OPEN)) == ["P01", "P02"]


def test_status_filters_upcoming_closed_and_results():
    assert codes(filter_and_sort(CALLS, now=NOW, status=StatusFilter.UPCOMING)) == ["P03"]
    assert codes(filter_and_sort(CALLS, now=NOW, status=StatusFilter.CLOSED)) == ["P04", "P06"]
    assert codes(filter_and_sort(CALLS, now=NOW, status=StatusFilter.RESULTS)) == ["P05"]


def test_sort_by_deadline_puts_open_calls_first_soonest_deadline_first():
    ordered = filter_and_sort(CALLS, now=NOW, sort=SortOrder.DEADLINE)
    assert codes(ordered) == ["P02", "P01", "P03", "P06", "P04", "P05"]


def test_timeline_marks_done_steps_and_places_you_are_here_after_them():
    window = Window(days(-10), days(30), judging_starts_at=days(37))
    result = timeline(window, NOW, results_expected_at=days(80))
    assert [s.key for s in result.steps] == ["opens", "closes", "judging", "results"]
    assert [s.done for s in result.steps] == [True, False, False, False]
    assert result.here == 1


def test_timeline_before_opening_puts_you_are_here_first():
    result = timeline(Window(days(1), days(30)), NOW)
    assert [s.key for s in result.steps] == ["opens", "closes"]
    assert result.here == 0


def test_timeline_with_published_results_is_complete():
    window = Window(days(-90), days(-30), judging_starts_at=days(-20), results_published=True)
    result = timeline(window, NOW, results_expected_at=days(10))
    assert all(step.done for step in result.steps)
    assert result.here == 4
