"""What the SLA tests share: zones, instants and calendars to draw from, and small helpers."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import assume, settings
from hypothesis import strategies as st

from hotline.sla.calendar import WorkingCalendar, holidays_for_year

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
WIT = ZoneInfo("Asia/Jayapura")
ZONES = (WIB, WITA, WIT)

H = timedelta(hours=1)

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)


def wib(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=WIB)


# -- strategies ------------------------------------------------------------------------------

zones = st.sampled_from(ZONES)
_FIRST_INSTANT = datetime(2025, 1, 1, tzinfo=UTC)
_SPAN_MINUTES = (datetime(2028, 1, 1, tzinfo=UTC) - _FIRST_INSTANT) // timedelta(minutes=1)
# Built from an offset rather than st.datetimes(): fewer draws per example, and whole minutes
# (half of the draws) make starts exactly on an interval boundary common.
instants = st.builds(
    lambda minutes, micro, zone: (
        _FIRST_INSTANT + timedelta(minutes=minutes, microseconds=micro)
    ).astimezone(zone),
    st.integers(0, _SPAN_MINUTES - 1),
    st.one_of(st.just(0), st.integers(0, 60_000_000 - 1)),
    zones,
)


# Strategies are built once at module level and calendar-dependent amounts are derived from
# fixed draws: building strategies per example made generation dominate the run time.

_minute_points = st.lists(st.integers(0, 24 * 60 - 1), max_size=6, unique=True)


def _day_pattern(points: list[int]) -> tuple[tuple[time, time], ...]:
    ordered = sorted(points)
    pairs = zip(ordered[::2], ordered[1::2], strict=False)
    return tuple((time(a // 60, a % 60), time(b // 60, b % 60)) for a, b in pairs)


NATIONAL_HOLIDAYS_2025_2027 = sorted(
    day for year in (2025, 2026, 2027) for day in holidays_for_year(year, ("government", "public"))
)
_FIRST_DAY, _LAST_DAY = date(2025, 1, 1).toordinal(), date(2028, 3, 31).toordinal()
_day_offsets = st.lists(st.integers(0, _LAST_DAY - _FIRST_DAY), max_size=8)
_picks = st.lists(st.integers(0, 2), min_size=7, max_size=7)
_categories = st.sampled_from([("public", "government"), ("public",), ()])
_indices = st.lists(st.integers(0, 10_000), max_size=4)
_day_minutes = st.integers(1, 720)


@st.composite
def calendars(draw: st.DrawFn) -> WorkingCalendar:
    # Each weekday is closed or takes one of two random day patterns.
    patterns = ((), _day_pattern(draw(_minute_points)), _day_pattern(draw(_minute_points)))
    hours = {wd: patterns[pick] for wd, pick in enumerate(draw(_picks))}
    assume(any(hours.values()))
    categories = draw(_categories)
    extra_holidays = frozenset(date.fromordinal(_FIRST_DAY + i) for i in draw(_day_offsets))
    # Reopened dates: national holidays that fall on an open weekday.
    reopenable = [
        day
        for day in NATIONAL_HOLIDAYS_2025_2027
        if hours[day.weekday()] and day not in extra_holidays
    ]
    indices = draw(_indices)
    extra_workdays = frozenset(reopenable[i % len(reopenable)] for i in indices if reopenable)
    return WorkingCalendar(
        timezone=draw(zones).key,
        hours=hours,
        extra_holidays=extra_holidays,
        extra_workdays=extra_workdays,
        holiday_categories=categories,
        day_minutes=draw(_day_minutes),
    )
