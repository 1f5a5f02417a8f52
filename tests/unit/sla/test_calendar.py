"""Working-calendar arithmetic: hand-checked dates, validation and properties.

Expected instants in the examples were worked out by hand from the 2026/2027 Indonesian
holiday lists (SKB cuti bersama included). The properties compare the integer implementation
with a deliberately plain reference written on naive datetimes.
"""

from __future__ import annotations

import copy
import functools
import pickle
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotline.sla.calendar import (
    EXTRA_HOLIDAY_NAME,
    CalendarError,
    WorkingCalendar,
    holidays_for_year,
    hours_from_json,
    hours_to_json,
)
from tests.unit.sla.strategies import (
    PROPERTY_SETTINGS,
    WIB,
    WIT,
    ZONES,
    H,
    calendars,
    instants,
    wib,
    zones,
)

LUNCH_BREAK = {wd: ((time(8), time(12)), (time(13), time(16))) for wd in range(5)}


# -- hand-checked examples -------------------------------------------------------------------


def test_monday_plus_three_working_days_is_thursday_same_time(cal: WorkingCalendar) -> None:
    # Mon 10-16 (6 h) + Tue 8 h + Wed 8 h + Thu 08-10 (2 h) = 24 h.
    assert cal.add(wib(2026, 11, 23, 10), cal.working_days(3)) == wib(2026, 11, 26, 10)


def test_friday_afternoon_plus_two_hours_crosses_the_weekend(cal: WorkingCalendar) -> None:
    result = cal.add(wib(2026, 11, 27, 15), 2 * H)
    assert result == wib(2026, 11, 30, 9)
    assert result.weekday() == 0


def test_result_is_in_the_calendar_zone(cal: WorkingCalendar) -> None:
    start = datetime(2026, 11, 23, 3, tzinfo=UTC)  # 10:00 WIB
    result = cal.add(start, cal.working_days(3))
    assert result.tzinfo == WIB
    assert result.replace(tzinfo=None) == datetime(2026, 11, 26, 10)


def test_christmas_cuti_bersama_and_natal_are_skipped(cal: WorkingCalendar) -> None:
    assert cal.holiday_name(date(2026, 12, 24)) == "Cuti Bersama Hari Raya Natal"
    assert cal.holiday_name(date(2026, 12, 25)) == "Hari Raya Natal"
    assert not cal.is_working_day(date(2026, 12, 24))
    assert not cal.is_working_day(date(2026, 12, 25))
    # Wed 23 Dec 10:00 + 1 working day: Thu 24, Fri 25 are holidays, then the weekend.
    assert cal.add(wib(2026, 12, 23, 10), cal.working_days(1)) == wib(2026, 12, 28, 10)
    assert cal.add(wib(2026, 12, 23, 10), cal.working_days(2)) == wib(2026, 12, 29, 10)


def test_idul_fitri_2026_closes_the_whole_week(cal: WorkingCalendar) -> None:
    # 18/19 Mar are Nyepi (cuti bersama + holiday), 20/23/24 cuti bersama Idul Fitri,
    # 21/22 Idul Fitri on a weekend.
    for day in range(18, 25):
        assert not cal.is_working_day(date(2026, 3, day)), day
    assert cal.is_working_day(date(2026, 3, 17))
    assert cal.is_working_day(date(2026, 3, 25))
    assert cal.holiday_name(date(2026, 3, 20)) == "Cuti Bersama Hari Raya Idul Fitri"
    assert cal.holiday_name(date(2026, 3, 21)) == "Hari Raya Idul Fitri"
    assert cal.add(wib(2026, 3, 17, 10), cal.working_days(1)) == wib(2026, 3, 25, 10)
    assert cal.between(wib(2026, 3, 17, 16), wib(2026, 3, 25, 8)) == timedelta(0)


def test_year_boundary_and_isra_mikraj_2027(cal: WorkingCalendar) -> None:
    # Thu 31 Dec 15:00: 1 h that day; 1 Jan 2027 (Fri) is New Year; Mon 4 Jan 08-09.
    assert cal.between(wib(2026, 12, 31, 15), wib(2027, 1, 4, 9)) == 2 * H
    # Mon 4 Jan 10:00 + 1 working day skips Tue 5 Jan (Isra Mikraj 2027).
    assert cal.add(wib(2027, 1, 4, 10), cal.working_days(1)) == wib(2027, 1, 6, 10)


def test_admin_extra_holiday_is_skipped() -> None:
    regional = WorkingCalendar(extra_holidays=frozenset({date(2026, 11, 24)}))
    assert regional.holiday_name(date(2026, 11, 24)) == EXTRA_HOLIDAY_NAME
    assert not regional.is_working_day(date(2026, 11, 24))
    # Mon 23 10:00, Tue 24 closed: Wed, Thu full, Fri 08-10 plus Mon's 6 h.
    assert regional.add(wib(2026, 11, 23, 10), regional.working_days(3)) == wib(2026, 11, 27, 10)


def test_admin_extra_holiday_on_a_national_holiday_keeps_the_national_name() -> None:
    both = WorkingCalendar(extra_holidays=frozenset({date(2026, 12, 25)}))
    assert both.holiday_name(date(2026, 12, 25)) == "Hari Raya Natal"


def test_admin_extra_workday_is_worked() -> None:
    changed_skb = WorkingCalendar(extra_workdays=frozenset({date(2026, 12, 24)}))
    assert changed_skb.holiday_name(date(2026, 12, 24)) is None
    assert changed_skb.is_working_day(date(2026, 12, 24))
    assert not changed_skb.is_working_day(date(2026, 12, 25))
    assert changed_skb.add(wib(2026, 12, 23, 10), changed_skb.working_days(1)) == wib(
        2026, 12, 24, 10
    )
    assert changed_skb.add(wib(2026, 12, 23, 10), changed_skb.working_days(2)) == wib(
        2026, 12, 28, 10
    )


def test_same_local_schedule_in_wita_and_wit_is_one_and_two_hours_earlier() -> None:
    results = {}
    for zone in ZONES:
        calendar = WorkingCalendar(timezone=str(zone.key))
        start = datetime(2026, 11, 23, 10, tzinfo=zone)
        due = calendar.add(start, calendar.working_days(3))
        assert due.tzinfo == zone
        assert due.replace(tzinfo=None) == datetime(2026, 11, 26, 10)
        results[zone.key] = due.astimezone(UTC)
    assert results["Asia/Jakarta"] == datetime(2026, 11, 26, 3, tzinfo=UTC)
    assert results["Asia/Jakarta"] - results["Asia/Makassar"] == H
    assert results["Asia/Jakarta"] - results["Asia/Jayapura"] == 2 * H


def test_start_in_another_zone_is_read_in_the_calendar_zone() -> None:
    wit_calendar = WorkingCalendar(timezone="Asia/Jayapura")
    # 15:00 WIB is 17:00 WIT: after hours, so counting starts Tuesday 08:00 WIT.
    due = wit_calendar.add(wib(2026, 11, 23, 15), 2 * H)
    assert due == datetime(2026, 11, 24, 10, tzinfo=WIT)


def test_lunch_break_is_skipped() -> None:
    split = WorkingCalendar(hours=LUNCH_BREAK, day_minutes=420)
    monday = datetime(2026, 11, 23, tzinfo=WIB)
    assert split.add(monday + 11 * H, 2 * H) == monday + 14 * H
    # Ending exactly at 12:00 stays at the end of the morning interval.
    assert split.add(monday + timedelta(hours=11, minutes=30), timedelta(minutes=30)) == (
        monday + 12 * H
    )
    assert split.add(monday + timedelta(hours=11, minutes=30), timedelta(minutes=31)) == (
        monday + timedelta(hours=13, minutes=1)
    )
    # A start inside the break counts from 13:00.
    assert split.add(monday + timedelta(hours=12, minutes=15), H) == monday + 14 * H
    assert split.between(monday + 11 * H, monday + 14 * H) == 2 * H
    # 1 working day = 420 min = one full split day: Mon 08:00 -> Mon 16:00.
    assert split.add(monday + 8 * H, split.working_days(1)) == monday + 16 * H
    assert not split.is_working_time(monday + timedelta(hours=12, minutes=30))


def test_working_days_use_day_minutes_not_the_weekday_hours() -> None:
    split = WorkingCalendar(hours=LUNCH_BREAK)  # 7 h a day, but a working day is 8 h
    monday = datetime(2026, 11, 23, 8, tzinfo=WIB)
    # 8 h of work: Monday's 7 h, then Tuesday 08:00-09:00.
    assert split.add(monday, split.working_days(1)) == datetime(2026, 11, 24, 9, tzinfo=WIB)
    assert split.working_days(1.5) == timedelta(hours=12)
    assert split.working_days(0) == timedelta(0)


def test_saturday_half_day() -> None:
    six_days = WorkingCalendar(
        hours={**{wd: ((time(8), time(16)),) for wd in range(5)}, 5: ((time(8), time(12)),)}
    )
    # Fri 15:00 + 2 h: Fri 15-16, Sat 08-09.
    assert six_days.add(wib(2026, 11, 27, 15), 2 * H) == wib(2026, 11, 28, 9)
    assert six_days.add(wib(2026, 11, 28, 11), 2 * H) == wib(2026, 11, 30, 9)


def test_working_time_boundaries(cal: WorkingCalendar) -> None:
    monday = datetime(2026, 11, 23, tzinfo=WIB)
    assert cal.is_working_time(monday + 8 * H)
    assert cal.is_working_time(monday + 16 * H)
    assert not cal.is_working_time(monday + 16 * H + timedelta(microseconds=1))
    assert not cal.is_working_time(monday + 8 * H - timedelta(microseconds=1))
    assert not cal.is_working_time(wib(2026, 11, 28, 10))  # Saturday
    assert not cal.is_working_time(wib(2026, 12, 25, 10))  # Natal
    assert cal.is_working_time(datetime(2026, 11, 23, 2, tzinfo=UTC))  # 09:00 WIB


def test_interval_end_is_the_result_not_the_next_morning(cal: WorkingCalendar) -> None:
    monday = datetime(2026, 11, 23, tzinfo=WIB)
    assert cal.add(monday + 8 * H, 8 * H) == monday + 16 * H
    assert cal.add(monday + 16 * H, H) == monday + timedelta(days=1, hours=9)


def test_zero_work_returns_start_and_negative_work_is_refused(cal: WorkingCalendar) -> None:
    saturday = wib(2026, 11, 28, 3)
    assert cal.add(saturday, timedelta(0)) == saturday
    in_utc = datetime(2026, 11, 28, 1, tzinfo=UTC)
    assert cal.add(in_utc, timedelta(0)) == in_utc
    with pytest.raises(ValueError, match="negative"):
        cal.add(saturday, -timedelta(seconds=1))
    with pytest.raises(TypeError):
        cal.add(saturday, 3)  # type: ignore[arg-type]


def test_between_is_signed(cal: WorkingCalendar) -> None:
    friday, monday = wib(2026, 11, 27, 15), wib(2026, 11, 30, 9)
    assert cal.between(friday, monday) == 2 * H
    assert cal.between(monday, friday) == -2 * H
    assert cal.between(friday, friday) == timedelta(0)
    assert cal.between(wib(2026, 11, 28, 9), wib(2026, 11, 29, 17)) == timedelta(0)


def test_work_ending_exactly_at_closing_time_ends_that_day(cal: WorkingCalendar) -> None:
    # Counting starts on Monday morning after the weekend; a full day ends Monday 16:00,
    # not Tuesday 08:00.
    assert cal.add(wib(2026, 11, 28, 10), cal.working_days(1)) == wib(2026, 11, 30, 16)
    assert cal.add(wib(2026, 11, 30, 0), 8 * H) == wib(2026, 11, 30, 16)
    assert cal.add(wib(2026, 11, 29, 23), 16 * H) == wib(2026, 12, 1, 16)


def test_zone_with_daylight_saving_composes_local_times() -> None:
    # Not an Indonesian case, but the arithmetic must not drift when an offset changes:
    # Europe/Amsterdam moves to summer time on Sunday 29 March 2026.
    amsterdam = WorkingCalendar(timezone="Europe/Amsterdam", holiday_categories=())
    zone = ZoneInfo("Europe/Amsterdam")
    due = amsterdam.add(datetime(2026, 3, 27, 10, tzinfo=zone), amsterdam.working_days(1))
    assert due.replace(tzinfo=None) == datetime(2026, 3, 30, 10)
    assert due.utcoffset() == 2 * H
    assert amsterdam.between(datetime(2026, 3, 27, 10, tzinfo=zone), due) == 8 * H


def test_sixty_working_days() -> None:
    calendar = WorkingCalendar(holiday_categories=())
    # No holidays: 60 working days = 12 weeks exactly.
    start = wib(2026, 11, 23, 10)
    assert calendar.add(start, calendar.working_days(60)) == start + timedelta(weeks=12)


def test_holiday_categories_can_be_narrowed() -> None:
    public_only = WorkingCalendar(holiday_categories=("public",))
    assert public_only.is_working_day(date(2026, 12, 24))  # cuti bersama is 'government'
    assert not public_only.is_working_day(date(2026, 12, 25))


def test_holiday_lookups_are_cached() -> None:
    first = holidays_for_year(2026, ("government", "public"))
    assert holidays_for_year(2026, ("government", "public")) is first
    before = holidays_for_year.cache_info().hits
    WorkingCalendar().is_working_day(date(2026, 5, 1))
    WorkingCalendar().holiday_name(date(2026, 5, 1))
    assert holidays_for_year.cache_info().hits > before


def test_naive_datetimes_are_refused(cal: WorkingCalendar) -> None:
    naive = datetime(2026, 11, 23, 10)
    with pytest.raises(ValueError, match="naive"):
        cal.add(naive, H)
    with pytest.raises(ValueError, match="naive"):
        cal.add(naive, timedelta(0))
    with pytest.raises(ValueError, match="naive"):
        cal.between(naive, wib(2026, 11, 24))
    with pytest.raises(ValueError, match="naive"):
        cal.between(wib(2026, 11, 24), naive)
    with pytest.raises(ValueError, match="naive"):
        cal.is_working_time(naive)


def test_day_queries_refuse_datetimes(cal: WorkingCalendar) -> None:
    with pytest.raises(TypeError):
        cal.is_working_day(wib(2026, 11, 23, 10))
    with pytest.raises(TypeError):
        cal.holiday_name(wib(2026, 11, 23, 10))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"timezone": "Asia/Jakarta_"}, "unknown time zone"),
        ({"timezone": "WIB"}, "unknown time zone"),
        ({"timezone": ""}, "timezone"),
        ({"hours": {}}, "no working interval"),
        ({"hours": {5: ()}}, "no working interval"),
        ({"hours": {0: ((time(16), time(8)),)}}, "start before it ends"),
        ({"hours": {0: ((time(8), time(8)),)}}, "start before it ends"),
        ({"hours": {0: ((time(8), time(12)), (time(11), time(16)))}}, "must not overlap"),
        ({"hours": {0: ((time(13), time(16)), (time(8), time(12)))}}, "sorted"),
        ({"hours": {7: ((time(8), time(16)),)}}, "weekday"),
        ({"hours": {"0": ((time(8), time(16)),)}}, "weekday"),
        ({"hours": {0: (("08:00", "16:00"),)}}, "must be times"),
        ({"hours": {0: ((time(8, tzinfo=UTC), time(16)),)}}, "naive"),
        ({"day_minutes": 0}, "day_minutes"),
        ({"day_minutes": -480}, "day_minutes"),
        ({"day_minutes": 7.5}, "day_minutes"),
        ({"holiday_categories": ("bank",)}, "unknown holiday categories"),
        ({"extra_holidays": frozenset({datetime(2026, 1, 2)})}, "must contain dates"),
        ({"extra_workdays": frozenset({date(2026, 11, 28)})}, "without working hours"),
        (
            {
                "extra_holidays": frozenset({date(2026, 12, 24)}),
                "extra_workdays": frozenset({date(2026, 12, 24)}),
            },
            "both added",
        ),
    ],
)
def test_invalid_calendars_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(CalendarError, match=message):
        WorkingCalendar(**kwargs)  # type: ignore[arg-type]


def test_calendar_error_is_a_value_error() -> None:
    assert issubclass(CalendarError, ValueError)


def test_calendars_are_values(cal: WorkingCalendar) -> None:
    same = WorkingCalendar(
        hours={wd: ((time(8), time(16)),) for wd in range(5)} | {6: ()},
        holiday_categories=("public", "government", "public"),
    )
    assert same == cal
    assert hash(same) == hash(cal)
    assert WorkingCalendar(timezone="Asia/Makassar") != cal
    assert pickle.loads(pickle.dumps(cal)) == cal  # noqa: S301 - our own bytes
    assert copy.deepcopy(cal) == cal
    with pytest.raises(TypeError):
        cal.hours[5] = ((time(8), time(12)),)  # type: ignore[index]


def test_hours_json_round_trip() -> None:
    stored = {"0": [["08:00", "12:00"], ["13:00", "16:00"]], "4": [["07:30", "11:30"]]}
    hours = hours_from_json(stored)
    assert hours == {
        0: ((time(8), time(12)), (time(13), time(16))),
        4: ((time(7, 30), time(11, 30)),),
    }
    assert hours_to_json(hours) == stored
    WorkingCalendar(hours=hours)  # valid as a calendar too


@pytest.mark.parametrize(
    "stored",
    [
        {"x": [["08:00", "16:00"]]},
        {"0": "08:00-16:00"},
        {"0": [["08:00"]]},
        {"0": [["8 pagi", "16:00"]]},
        {"0": [["24:00", "16:00"]]},
        [["08:00", "16:00"]],
    ],
)
def test_bad_hours_json_is_refused(stored: object) -> None:
    with pytest.raises(CalendarError):
        hours_from_json(stored)  # type: ignore[arg-type]


# -- reference implementation ----------------------------------------------------------------
# Plain and slow on purpose: naive local datetimes, the holidays package asked directly.


def ref_is_working_day(calendar: WorkingCalendar, day: date) -> bool:
    if not calendar.hours.get(day.weekday()):
        return False
    if day in calendar.extra_holidays:
        return False
    if day in calendar.extra_workdays:
        return True
    return day not in ref_national_holidays(day.year, calendar.holiday_categories)


@functools.cache
def ref_national_holidays(year: int, categories: tuple[str, ...]) -> frozenset[date]:
    if not categories:
        return frozenset()
    return frozenset(holidays.country_holidays("ID", years=year, categories=categories))


def ref_day_intervals(calendar: WorkingCalendar, day: date) -> list[tuple[datetime, datetime]]:
    if not ref_is_working_day(calendar, day):
        return []
    return [
        (datetime.combine(day, s), datetime.combine(day, e))
        for s, e in calendar.hours.get(day.weekday(), ())
    ]


def ref_add(calendar: WorkingCalendar, start: datetime, work: timedelta) -> datetime:
    zone = ZoneInfo(calendar.timezone)
    local = start.astimezone(zone).replace(tzinfo=None)
    day = local.date()
    while True:
        for s, e in ref_day_intervals(calendar, day):
            begin = max(s, local)
            if begin >= e:
                continue
            if work <= e - begin:
                return (begin + work).replace(tzinfo=zone)
            work -= e - begin
        day += timedelta(days=1)


def ref_between(calendar: WorkingCalendar, a: datetime, b: datetime) -> timedelta:
    zone = ZoneInfo(calendar.timezone)
    lo = a.astimezone(zone).replace(tzinfo=None)
    hi = b.astimezone(zone).replace(tzinfo=None)
    total = timedelta(0)
    day = lo.date()
    while day <= hi.date():
        for s, e in ref_day_intervals(calendar, day):
            overlap = min(e, hi) - max(s, lo)
            if overlap > timedelta(0):
                total += overlap
        day += timedelta(days=1)
    return total


def weekly_work(calendar: WorkingCalendar) -> timedelta:
    return sum(
        (
            datetime.combine(date.min, e) - datetime.combine(date.min, s)
            for intervals in calendar.hours.values()
            for s, e in intervals
        ),
        timedelta(0),
    )


_SCALE = 2**40
_MINUTE_US = 60_000_000
# A share of a calendar-dependent maximum amount of work, and whether to round it to whole
# minutes (which makes landing exactly on an interval boundary likely).
shares = st.tuples(st.integers(0, _SCALE), st.booleans())


def work_of(
    calendar: WorkingCalendar, share: tuple[int, bool], weeks: int = 12, positive: bool = False
) -> timedelta:
    """Up to `weeks` weeks of this calendar's work, to microsecond precision."""
    k, whole_minutes = share
    us = k * (weekly_work(calendar) * weeks // timedelta(microseconds=1)) // _SCALE
    if whole_minutes:
        us -= us % _MINUTE_US
    if positive and us == 0:
        us = _MINUTE_US if whole_minutes else 1
    return timedelta(microseconds=us)


# -- properties ------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(calendar=calendars(), start=instants, share=shares)
def test_add_lands_inside_working_time(
    calendar: WorkingCalendar, start: datetime, share: tuple[int, bool]
) -> None:
    result = calendar.add(start, work_of(calendar, share, positive=True))
    assert calendar.is_working_time(result)
    assert result > start
    local = result.astimezone(ZoneInfo(calendar.timezone))
    assert any(s <= local.time() <= e for s, e in calendar.hours[local.weekday()])


@PROPERTY_SETTINGS
@given(calendar=calendars(), start=instants, a=shares, b=shares)
def test_add_is_additive(
    calendar: WorkingCalendar, start: datetime, a: tuple[int, bool], b: tuple[int, bool]
) -> None:
    work_a, work_b = work_of(calendar, a, weeks=6), work_of(calendar, b, weeks=6)
    assert calendar.add(calendar.add(start, work_a), work_b) == calendar.add(start, work_a + work_b)


@PROPERTY_SETTINGS
@given(calendar=calendars(), start=instants, share=shares)
def test_between_inverts_add(
    calendar: WorkingCalendar, start: datetime, share: tuple[int, bool]
) -> None:
    work = work_of(calendar, share)
    end = calendar.add(start, work)
    assert calendar.between(start, end) == work
    assert calendar.between(end, start) == -work


@PROPERTY_SETTINGS
@given(
    calendar=calendars(),
    start=instants,
    share=shares,
    until_pause=st.timedeltas(timedelta(0), timedelta(days=40)),
    pause=st.timedeltas(timedelta(0), timedelta(days=40)),
)
def test_a_pause_slides_the_deadline_by_the_paused_working_time(
    calendar: WorkingCalendar,
    start: datetime,
    share: tuple[int, bool],
    until_pause: timedelta,
    pause: timedelta,
) -> None:
    # Imported here so the calendar properties above do not depend on the policy module.
    from hotline.sla.policy import TimeUnit, resume

    due = calendar.add(start, work_of(calendar, share, weeks=4))
    paused_at = start + until_pause
    resumed_at = paused_at + pause
    new_due = resume(paused_at, resumed_at, due, TimeUnit.WORKING_HOURS, calendar)
    if paused_at < due:
        assert calendar.between(due, new_due) == calendar.between(paused_at, resumed_at)
        assert new_due >= due
    else:
        assert new_due == due


@PROPERTY_SETTINGS
@given(calendar=calendars(), start=instants, a=shares, b=shares)
def test_add_is_monotonic_in_work(
    calendar: WorkingCalendar, start: datetime, a: tuple[int, bool], b: tuple[int, bool]
) -> None:
    less, more = sorted([work_of(calendar, a), work_of(calendar, b)])
    assert calendar.add(start, less) <= calendar.add(start, more)


@PROPERTY_SETTINGS
@given(calendar=calendars(), start=instants, share=shares)
def test_no_result_falls_on_a_non_working_day(
    calendar: WorkingCalendar, start: datetime, share: tuple[int, bool]
) -> None:
    result = calendar.add(start, work_of(calendar, share, positive=True))
    day = result.astimezone(ZoneInfo(calendar.timezone)).date()
    assert ref_is_working_day(calendar, day)
    assert calendar.is_working_day(day)


@PROPERTY_SETTINGS
@given(calendar=calendars(), day=st.dates(date(2025, 1, 1), date(2027, 12, 31)))
def test_a_whole_day_of_work_from_midnight_ends_at_that_days_closing_time(
    calendar: WorkingCalendar, day: date
) -> None:
    while not ref_is_working_day(calendar, day):
        day += timedelta(days=1)
    intervals = calendar.hours[day.weekday()]
    work = sum(
        (datetime.combine(day, e) - datetime.combine(day, s) for s, e in intervals),
        timedelta(0),
    )
    zone = ZoneInfo(calendar.timezone)
    midnight = datetime.combine(day, time(0), tzinfo=zone)
    assert calendar.add(midnight, work) == datetime.combine(day, intervals[-1][1], tzinfo=zone)


@PROPERTY_SETTINGS
@given(calendar=calendars(), start=instants, share=shares)
def test_add_matches_the_reference(
    calendar: WorkingCalendar, start: datetime, share: tuple[int, bool]
) -> None:
    work = work_of(calendar, share, weeks=3, positive=True)
    assert calendar.add(start, work) == ref_add(calendar, start, work)


@PROPERTY_SETTINGS
@given(
    calendar=calendars(),
    a=instants,
    span=st.timedeltas(timedelta(days=-60), timedelta(days=60)),
    zone=zones,
)
def test_between_matches_the_reference(
    calendar: WorkingCalendar, a: datetime, span: timedelta, zone: ZoneInfo
) -> None:
    b = (a + span).astimezone(zone)
    lo, hi = min(a, b), max(a, b)
    assert calendar.between(lo, hi) == ref_between(calendar, lo, hi)
    assert calendar.between(hi, lo) == -ref_between(calendar, lo, hi)


@PROPERTY_SETTINGS
@given(calendar=calendars(), day=st.dates(date(2025, 1, 1), date(2027, 12, 31)))
def test_working_day_matches_the_reference(calendar: WorkingCalendar, day: date) -> None:
    assert calendar.is_working_day(day) == ref_is_working_day(calendar, day)
    if day in calendar.extra_workdays:
        assert calendar.holiday_name(day) is None
    elif calendar.holiday_name(day) is None:
        assert calendar.is_working_day(day) == bool(calendar.hours.get(day.weekday()))
