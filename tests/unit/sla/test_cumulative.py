"""The running total of working time (W(b) − W(a)) gives exactly `WorkingCalendar.between`:
hand-picked clocks over holidays, weekends, midnight and month ends, then any calendar and any
two instants."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given

from hotline.sla.calendar import WorkingCalendar
from hotline.sla.cumulative import CumulativeWorkingTime, epoch_us, from_epoch_us
from tests.unit.sla.strategies import PROPERTY_SETTINGS, H, calendars, instants, wib


def _table(cal: WorkingCalendar, a: datetime, b: datetime) -> CumulativeWorkingTime:
    days = sorted(x.astimezone(cal.zone).date() for x in (a, b))
    table = CumulativeWorkingTime.build(cal, days[0] - timedelta(days=1), days[1])
    assert table is not None
    return table


# Two intervals a day and a regional holiday on Monday 31 August 2026, besides the national
# ones (Monday 17 August, Independence Day; Tuesday 25 August, Maulid Nabi).
SPLIT = WorkingCalendar(
    hours={wd: ((time(8), time(12)), (time(13), time(16))) for wd in range(5)},
    extra_holidays=frozenset({date(2026, 8, 31)}),
)


@pytest.mark.parametrize(
    ("a", "b", "hours"),
    [
        # Friday evening to Tuesday morning over a weekend and the 17 August holiday.
        (wib(2026, 8, 14, 15), wib(2026, 8, 18, 9), 2),
        # Across midnight, from the middle of the lunch break to the next morning's first hour.
        (wib(2026, 8, 12, 12, 30), wib(2026, 8, 13, 9), 4),
        # Over the month end: Friday 28 August 10:00 to Tuesday 1 September 10:00 (31 is closed).
        (wib(2026, 8, 28, 10), wib(2026, 9, 1, 10), 7),
        # Within one interval, backwards: negative.
        (wib(2026, 8, 12, 11), wib(2026, 8, 12, 9), -2),
        # Nights and weekends alone: nothing.
        (wib(2026, 8, 15, 1), wib(2026, 8, 16, 23), 0),
    ],
)
def test_hand_picked_clocks(a: datetime, b: datetime, hours: int) -> None:
    table = _table(SPLIT, a, b)
    assert table.between(epoch_us(a), epoch_us(b)) == hours * 3600 * 1_000_000
    assert SPLIT.between(a, b) == hours * H


def test_a_holiday_added_is_in_the_next_table() -> None:
    """The table is derived from the calendar: a changed calendar gives a changed table."""
    a, b = wib(2026, 9, 1, 8), wib(2026, 9, 3, 8)
    closed = WorkingCalendar(extra_holidays=frozenset({date(2026, 9, 2)}))
    assert _table(WorkingCalendar(), a, b).between(epoch_us(a), epoch_us(b)) == 16 * 3600 * 10**6
    assert _table(closed, a, b).between(epoch_us(a), epoch_us(b)) == 8 * 3600 * 10**6


def test_a_zone_whose_offset_changes_inside_working_hours_is_refused() -> None:
    """Wall-clock working time differs from elapsed time across a DST change: no table (the
    figures then ask the calendar itself)."""
    night = WorkingCalendar(timezone="Europe/Berlin", hours={6: ((time(0), time(23)),)})
    assert CumulativeWorkingTime.build(night, date(2026, 3, 28), date(2026, 3, 30)) is None
    assert CumulativeWorkingTime.build(night, date(2026, 3, 1), date(2026, 3, 27)) is not None


def test_the_range_bounds() -> None:
    table = CumulativeWorkingTime.build(WorkingCalendar(), date(2026, 8, 3), date(2026, 8, 7))
    assert table is not None
    first, last = epoch_us(wib(2026, 8, 3)), epoch_us(wib(2026, 8, 8))
    assert table.covers(first) and not table.covers(first - 1)
    assert table.covers(last - 1) and not table.covers(last)
    assert table.at(first) == 0 and table.at(last - 1) == 5 * 8 * 3600 * 10**6
    assert from_epoch_us(first) == datetime(2026, 8, 2, 17, tzinfo=UTC)


@PROPERTY_SETTINGS
@given(calendars(), instants, instants)
def test_equals_between(cal: WorkingCalendar, a: datetime, b: datetime) -> None:
    table = _table(cal, a, b)
    assert timedelta(microseconds=table.between(epoch_us(a), epoch_us(b))) == cal.between(a, b)
