from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from challenges.windows import CallStatus, Window

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
OPENS = datetime(2026, 12, 1, 8, 0, tzinfo=HCM)
CLOSES = datetime(2027, 2, 28, 17, 0, tzinfo=HCM)
WINDOW = Window(opens_at=OPENS, closes_at=CLOSES, judging_starts_at=CLOSES + timedelta(days=3))


@pytest.mark.parametrize(
    ("now", "status"),
    [
        (OPENS - timedelta(seconds=1), CallStatus.UPCOMING),
        (OPENS, CallStatus.OPEN),
        (CLOSES - timedelta(days=7, seconds=1), CallStatus.OPEN),
        (CLOSES - timedelta(days=7), CallStatus.CLOSING_SOON),
        (CLOSES - timedelta(seconds=1), CallStatus.CLOSING_SOON),
        (CLOSES, CallStatus.CLOSED),
        (CLOSES + timedelta(days=3), CallStatus.JUDGING),
    ],
)
def test_window_status_at_each_boundary(now, status):
    assert WINDOW.status(now) == status


def test_window_accepts_one_second_before_closing_and_refuses_at_closing():
    assert WINDOW.accepts_submissions(CLOSES - timedelta(seconds=1))
    assert not WINDOW.accepts_submissions(CLOSES)
    assert not WINDOW.accepts_submissions(CLOSES + timedelta(seconds=1))


def test_window_compares_instants_not_wall_clocks():
    # 10:00 UTC is 17:00 in Hạ Long: the call is closed at that instant.
    assert not WINDOW.accepts_submissions(datetime(2027, 2, 28, 10, 0, tzinfo=UTC))
    assert WINDOW.accepts_submissions(datetime(2027, 2, 28, 9, 59, 59, tzinfo=UTC))


def test_window_with_published_results_reports_results():
    window = Window(opens_at=OPENS, closes_at=CLOSES, results_published=True)
    assert window.status(CLOSES + timedelta(days=40)) == CallStatus.RESULTS


def test_window_without_judging_date_judges_right_after_closing():
    window = Window(opens_at=OPENS, closes_at=CLOSES)
    assert window.status(CLOSES) == CallStatus.JUDGING


def test_window_refuses_naive_datetimes():
    with pytest.raises(ValueError, match="timezone-aware"):
        Window(opens_at=datetime(2026, 1, 1), closes_at=CLOSES)


@given(
    st.datetimes(
        timezones=st.just(UTC), min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)
    )
)
def test_window_time_left_is_positive_exactly_when_accepting(now):
    left = WINDOW.time_left(now)
    assert (left is not None) == WINDOW.accepts_submissions(now)
    if left is not None:
        assert timedelta(0) < left <= CLOSES - OPENS
