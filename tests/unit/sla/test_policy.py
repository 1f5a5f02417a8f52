"""SLA durations, policies and the deadline arithmetic of one clock.

Expected instants were worked out by hand on the Mon-Fri 08:00-16:00 WIB calendar and the
2026/2027 Indonesian holiday lists.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotline.sla.calendar import WorkingCalendar
from hotline.sla.policy import (
    DEFAULT_POLICY,
    URGENT_POLICY,
    WARN_FRACTION,
    ClockKind,
    Duration,
    Policy,
    PolicyError,
    TimeUnit,
    deadline,
    elapsed_fraction,
    remaining,
    resume,
    warn_at,
)
from tests.unit.sla.strategies import PROPERTY_SETTINGS, H, calendars, instants, wib

WD = TimeUnit.WORKING_DAYS
WH = TimeUnit.WORKING_HOURS
CH = TimeUnit.CALENDAR_HOURS


# -- Duration --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 working_days", Duration(3, WD)),
        ("24 calendar_hours", Duration(24, CH)),
        ("8 working_hours", Duration(8, WH)),
        ("3wd", Duration(3, WD)),
        ("24h", Duration(24, CH)),
        ("8wh", Duration(8, WH)),
        ("  14  Working_Days ", Duration(14, WD)),
        ("1 working_day", Duration(1, WD)),
        ("1 calendar_hour", Duration(1, CH)),
        ("60 WD", Duration(60, WD)),
    ],
)
def test_duration_parse(text: str, expected: Duration) -> None:
    assert Duration.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "cannot read duration ''"),
        ("3", "cannot read duration '3'"),
        ("wd", "cannot read duration 'wd'"),
        ("3 days", "unknown unit 'days'"),
        ("3d", "unknown unit 'd'"),
        ("3.5 wd", "cannot read duration"),
        ("-1 wd", "cannot read duration"),
        ("0 working_days", "must be positive"),
        ("3 wd extra", "cannot read duration"),
        ("3 working days", "cannot read duration"),
        ("٣ wd", "cannot read duration"),
    ],
)
def test_duration_parse_refuses_bad_text(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Duration.parse(text)


def test_duration_parse_refuses_non_text() -> None:
    with pytest.raises(TypeError):
        Duration.parse(3)  # type: ignore[arg-type]


@given(amount=st.integers(1, 10_000), unit=st.sampled_from(TimeUnit))
def test_duration_text_round_trips(amount: int, unit: TimeUnit) -> None:
    duration = Duration(amount, unit)
    assert str(duration) == f"{amount} {unit.value}"
    assert Duration.parse(str(duration)) == duration


def test_duration_str_is_canonical() -> None:
    assert str(Duration.parse("3wd")) == "3 working_days"
    assert str(Duration.parse("24h")) == "24 calendar_hours"


@pytest.mark.parametrize(
    ("amount", "unit"),
    [(0, WD), (-3, WD), (True, WD), (1.5, WH), ("3", WD), (3, "days")],
)
def test_invalid_durations_are_refused(amount: object, unit: object) -> None:
    with pytest.raises(ValueError):
        Duration(amount, unit)  # type: ignore[arg-type]


def test_duration_unit_given_as_text_becomes_the_enum() -> None:
    duration = Duration(3, "working_days")  # type: ignore[arg-type]
    assert duration.unit is TimeUnit.WORKING_DAYS
    assert duration == Duration(3, WD)


def test_duration_kind_and_timedelta() -> None:
    seven_hour_days = WorkingCalendar(day_minutes=420)
    assert Duration(3, WD).is_working()
    assert Duration(8, WH).is_working()
    assert not Duration(24, CH).is_working()
    assert Duration(3, WD).to_timedelta(seven_hour_days) == timedelta(hours=21)
    assert Duration(3, WD).to_timedelta(WorkingCalendar()) == timedelta(hours=24)
    assert Duration(8, WH).to_timedelta(seven_hour_days) == timedelta(hours=8)
    assert Duration(24, CH).to_timedelta(seven_hour_days) == timedelta(days=1)


# -- Policy ----------------------------------------------------------------------------------


def test_default_and_urgent_policies() -> None:
    assert DEFAULT_POLICY.to_dict() == {
        "verification": "3 working_days",
        "first_response": "5 working_days",
        "resolution": "14 working_days",
        "auto_close": "10 working_days",
    }
    assert URGENT_POLICY.to_dict() == {
        "verification": "2 calendar_hours",
        "first_response": "6 calendar_hours",
        "resolution": "24 calendar_hours",
        "auto_close": "10 working_days",
    }
    assert WARN_FRACTION == 0.75


def test_policy_duration_by_kind() -> None:
    assert DEFAULT_POLICY.duration(ClockKind.VERIFICATION) == Duration(3, WD)
    assert DEFAULT_POLICY.duration(ClockKind.FIRST_RESPONSE) == Duration(5, WD)
    assert DEFAULT_POLICY.duration(ClockKind.RESOLUTION) == Duration(14, WD)
    assert DEFAULT_POLICY.duration("auto_close") == Duration(10, WD)
    with pytest.raises(ValueError, match="unknown clock kind"):
        DEFAULT_POLICY.duration("closing")


durations = st.builds(Duration, st.integers(1, 500), st.sampled_from(TimeUnit))
policies = st.builds(
    Policy,
    verification=durations,
    first_response=durations,
    resolution=st.one_of(
        st.builds(Duration, st.integers(1, 60), st.just(WD)),
        st.builds(Duration, st.integers(1, 500), st.sampled_from([WH, CH])),
    ),
    auto_close=durations,
)


@given(policy=policies)
def test_policy_snapshot_round_trips_through_json(policy: Policy) -> None:
    snapshot = json.loads(json.dumps(policy.to_dict()))
    assert Policy.from_dict(snapshot) == policy


def test_policy_snapshot_accepts_short_forms() -> None:
    snapshot = {
        "verification": "2h",
        "first_response": "6h",
        "resolution": "24h",
        "auto_close": "10wd",
    }
    assert Policy.from_dict(snapshot) == URGENT_POLICY


@pytest.mark.parametrize(
    ("snapshot", "message"),
    [
        ({}, "missing verification, first_response, resolution, auto_close"),
        (
            {"verification": "3wd", "first_response": "5wd", "resolution": "14wd"},
            "missing auto_close",
        ),
        (
            {**DEFAULT_POLICY.to_dict(), "escalation": "1wd"},
            "unknown escalation",
        ),
        ({**DEFAULT_POLICY.to_dict(), "resolution": "14 days"}, "resolution: cannot read"),
        ({**DEFAULT_POLICY.to_dict(), "verification": 3}, "verification"),
        ({**DEFAULT_POLICY.to_dict(), "resolution": "61 working_days"}, "between 1 and 60"),
        (["3wd", "5wd", "14wd", "10wd"], "object"),
    ],
)
def test_bad_policy_snapshots_are_refused(snapshot: object, message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        Policy.from_dict(snapshot)  # type: ignore[arg-type]


@pytest.mark.parametrize("days", [1, 14, 60])
def test_resolution_within_bounds_is_accepted(days: int) -> None:
    policy = Policy(Duration(3, WD), Duration(5, WD), Duration(days, WD), Duration(10, WD))
    assert policy.resolution.amount == days


@pytest.mark.parametrize("days", [61, 100])
def test_resolution_beyond_sixty_working_days_is_refused(days: int) -> None:
    with pytest.raises(PolicyError, match="between 1 and 60 working days"):
        Policy(Duration(3, WD), Duration(5, WD), Duration(days, WD), Duration(10, WD))


def test_resolution_of_zero_days_cannot_even_be_written() -> None:
    with pytest.raises(ValueError, match="positive"):
        Duration(0, WD)
    with pytest.raises(PolicyError):
        Policy.from_dict({**DEFAULT_POLICY.to_dict(), "resolution": "0 working_days"})


def test_policy_fields_must_be_durations() -> None:
    with pytest.raises(PolicyError, match="verification must be a Duration"):
        Policy("3wd", Duration(5, WD), Duration(14, WD), Duration(10, WD))  # type: ignore[arg-type]


def test_policy_error_is_a_value_error() -> None:
    assert issubclass(PolicyError, ValueError)


# -- deadlines -------------------------------------------------------------------------------


def test_default_deadlines(cal: WorkingCalendar) -> None:
    start = wib(2026, 11, 23, 10)  # Monday
    assert deadline(start, DEFAULT_POLICY.verification, cal) == wib(2026, 11, 26, 10)
    assert deadline(start, DEFAULT_POLICY.first_response, cal) == wib(2026, 11, 30, 10)
    # No holidays between 23 Nov and 11 Dec 2026: 14 working days = Friday of week three.
    assert deadline(start, DEFAULT_POLICY.resolution, cal) == wib(2026, 12, 11, 10)


def test_resolution_over_christmas_and_new_year(cal: WorkingCalendar) -> None:
    # Mon 14 Dec 10:00 + 14 working days. Off: 24/25 Dec (cuti bersama, Natal),
    # 1 Jan 2027 (New Year), 5 Jan 2027 (Isra Mikraj). Working days counted:
    # 15 16 17 18 21 22 23 28 29 30 31 | 4 6 7 -> Thu 7 Jan 10:00.
    assert deadline(wib(2026, 12, 14, 10), Duration(14, WD), cal) == wib(2027, 1, 7, 10)


def test_calendar_hour_clocks_ignore_weekends_and_holidays(cal: WorkingCalendar) -> None:
    christmas_eve = wib(2026, 12, 24, 10)
    assert deadline(christmas_eve, URGENT_POLICY.resolution, cal) == wib(2026, 12, 25, 10)
    saturday_night = wib(2026, 11, 28, 20)
    assert deadline(saturday_night, URGENT_POLICY.verification, cal) == wib(2026, 11, 28, 22)
    assert deadline(saturday_night, URGENT_POLICY.first_response, cal) == wib(2026, 11, 29, 2)


def test_calendar_hour_deadline_is_in_the_calendar_zone() -> None:
    wit_calendar = WorkingCalendar(timezone="Asia/Jayapura")
    due = deadline(datetime(2026, 11, 28, 13, tzinfo=UTC), Duration(24, CH), wit_calendar)
    assert due.tzinfo == ZoneInfo("Asia/Jayapura")
    assert due.replace(tzinfo=None) == datetime(2026, 11, 29, 22)


def test_calendar_hours_are_elapsed_time_even_across_a_clock_change() -> None:
    # Not an Indonesian case: 24 h from Saturday noon in Amsterdam, over the switch to summer
    # time, is Sunday 13:00 local.
    amsterdam = WorkingCalendar(timezone="Europe/Amsterdam")
    zone = ZoneInfo("Europe/Amsterdam")
    due = deadline(datetime(2026, 3, 28, 12, tzinfo=zone), Duration(24, CH), amsterdam)
    assert due == datetime(2026, 3, 29, 13, tzinfo=zone)
    assert due.replace(tzinfo=None) == datetime(2026, 3, 29, 13)


def test_auto_close_of_urgent_policy_is_still_working_days(cal: WorkingCalendar) -> None:
    # Fri 4 Dec 2026 10:00 + 10 working days, no holidays in between: Fri 18 Dec 10:00.
    assert deadline(wib(2026, 12, 4, 10), URGENT_POLICY.auto_close, cal) == wib(2026, 12, 18, 10)


def test_working_hour_deadline(cal: WorkingCalendar) -> None:
    assert deadline(wib(2026, 11, 27, 15), Duration(2, WH), cal) == wib(2026, 11, 30, 9)


def test_warning_at_75_percent_of_working_time(cal: WorkingCalendar) -> None:
    # 75 % of 24 working hours = 18 h: Mon 10-16 (6), Tue (8), Wed 08-12 (4).
    start = wib(2026, 11, 23, 10)
    assert warn_at(start, Duration(3, WD), cal) == wib(2026, 11, 25, 12)
    assert warn_at(start, Duration(3, WD), cal, fraction=0.5) == wib(2026, 11, 24, 14)
    assert warn_at(start, Duration(3, WD), cal, fraction=1) == wib(2026, 11, 26, 10)


def test_warning_at_75_percent_of_calendar_time(cal: WorkingCalendar) -> None:
    # 75 % of 24 h = 18 h of wall-clock time, through the holiday and the night.
    assert warn_at(wib(2026, 12, 24, 10), Duration(24, CH), cal) == wib(2026, 12, 25, 4)
    assert warn_at(wib(2026, 12, 24, 10), Duration(2, CH), cal) == wib(2026, 12, 24, 11, 30)


@pytest.mark.parametrize("fraction", [-0.1, 1.5, float("nan"), float("inf")])
def test_warning_fraction_out_of_range(cal: WorkingCalendar, fraction: float) -> None:
    with pytest.raises(ValueError, match="fraction"):
        warn_at(wib(2026, 11, 23, 10), Duration(3, WD), cal, fraction=fraction)


def test_remaining_working_time(cal: WorkingCalendar) -> None:
    due = wib(2026, 11, 26, 10)
    assert remaining(wib(2026, 11, 25, 12), due, WD, cal) == 6 * H  # Wed 12-16, Thu 08-10
    assert remaining(wib(2026, 11, 26, 11), due, WD, cal) == -H
    assert remaining(wib(2026, 11, 27, 9), due, WH, cal) == -(6 * H + H)
    assert remaining(wib(2026, 11, 25, 20), due, "working_days", cal) == 2 * H


def test_remaining_calendar_time(cal: WorkingCalendar) -> None:
    due = wib(2026, 11, 30, 10)
    assert remaining(wib(2026, 11, 28, 10), due, CH, cal) == timedelta(days=2)
    assert remaining(datetime(2026, 11, 30, 4, tzinfo=UTC), due, CH, cal) == -H


def test_resume_slides_the_deadline_by_the_paused_working_time(cal: WorkingCalendar) -> None:
    due = wib(2026, 11, 26, 10)  # Thursday
    # Paused Tue 14:00 .. Mon 30 Nov 09:00: 2 + 8 + 8 + 8 + 1 = 27 working hours.
    # Thu 10-16 (6), Fri (8), Mon (8), Tue 1 Dec 08-13 (5) = 27.
    new_due = resume(wib(2026, 11, 24, 14), wib(2026, 11, 30, 9), due, WD, cal)
    assert new_due == wib(2026, 12, 1, 13)


def test_resume_over_a_weekend_only_does_not_move_the_deadline(cal: WorkingCalendar) -> None:
    due = wib(2026, 12, 3, 10)
    assert resume(wib(2026, 11, 27, 17), wib(2026, 11, 30, 7), due, WD, cal) == due


def test_pause_spanning_the_old_deadline(cal: WorkingCalendar) -> None:
    # Paused Thu 26 Nov 09:00 with the clock due at 10:00; resumed Fri 27 Nov 12:00.
    # Paused working time: Thu 09-16 (7) + Fri 08-12 (4) = 11 h. From Thu 10:00:
    # Thu 10-16 (6), Fri 08-13 (5) -> Fri 13:00.
    due = wib(2026, 11, 26, 10)
    new_due = resume(wib(2026, 11, 26, 9), wib(2026, 11, 27, 12), due, WD, cal)
    assert new_due == wib(2026, 11, 27, 13)


def test_resume_of_a_breached_clock_keeps_the_deadline(cal: WorkingCalendar) -> None:
    due = wib(2026, 11, 26, 10)
    assert resume(due, wib(2026, 11, 30, 9), due, WD, cal) == due
    assert resume(wib(2026, 11, 27, 9), wib(2026, 11, 30, 9), due, WD, cal) == due
    assert resume(wib(2026, 11, 27, 9), wib(2026, 11, 30, 9), due, CH, cal) == due


def test_resume_of_a_calendar_clock_slides_by_elapsed_time(cal: WorkingCalendar) -> None:
    due = wib(2026, 11, 29, 10)  # Sunday: calendar clocks do not care
    new_due = resume(wib(2026, 11, 28, 22), wib(2026, 11, 29, 1, 30), due, CH, cal)
    assert new_due == wib(2026, 11, 29, 13, 30)


def test_resume_before_pause_is_refused(cal: WorkingCalendar) -> None:
    with pytest.raises(ValueError, match="before paused_at"):
        resume(wib(2026, 11, 25, 10), wib(2026, 11, 24, 10), wib(2026, 11, 26, 10), WD, cal)


def test_elapsed_fraction(cal: WorkingCalendar) -> None:
    start, due = wib(2026, 11, 23, 10), wib(2026, 11, 26, 10)
    assert elapsed_fraction(start, due, start, WD, cal) == 0.0
    assert elapsed_fraction(start, due, wib(2026, 11, 25, 12), WD, cal) == 0.75
    assert elapsed_fraction(start, due, due, WD, cal) == 1.0
    # Thursday 16:00: 30 of 24 working hours; nothing more is worked that evening.
    assert elapsed_fraction(start, due, wib(2026, 11, 26, 16), WD, cal) == 1.25
    assert elapsed_fraction(start, due, wib(2026, 11, 26, 21), WD, cal) == 1.25
    assert elapsed_fraction(start, due, wib(2026, 11, 27, 14), WD, cal) == 1.5
    assert elapsed_fraction(start, due, wib(2026, 11, 20, 9), WD, cal) == 0.0
    assert elapsed_fraction(start, due, wib(2026, 11, 24, 22), CH, cal) == 0.5


def test_elapsed_fraction_of_an_empty_clock(cal: WorkingCalendar) -> None:
    saturday = wib(2026, 11, 28, 10)
    sunday = wib(2026, 11, 29, 10)
    # No working time between start and due.
    assert elapsed_fraction(saturday, sunday, saturday, WD, cal) == 0.0
    assert elapsed_fraction(saturday, sunday, sunday, WD, cal) == 1.0


def test_naive_datetimes_are_refused_everywhere(cal: WorkingCalendar) -> None:
    naive = datetime(2026, 11, 23, 10)
    aware = wib(2026, 11, 23, 10)
    calls = [
        lambda: deadline(naive, Duration(3, WD), cal),
        lambda: deadline(naive, Duration(24, CH), cal),
        lambda: warn_at(naive, Duration(24, CH), cal),
        lambda: remaining(naive, aware, CH, cal),
        lambda: remaining(aware, naive, WD, cal),
        lambda: resume(naive, aware, aware, CH, cal),
        lambda: resume(aware, aware, naive, WD, cal),
        lambda: elapsed_fraction(aware, aware, naive, CH, cal),
    ]
    for call in calls:
        with pytest.raises(ValueError, match="naive"):
            call()


def test_unknown_unit_is_refused(cal: WorkingCalendar) -> None:
    aware = wib(2026, 11, 23, 10)
    with pytest.raises(ValueError, match="unknown duration unit"):
        remaining(aware, aware, "days", cal)


# -- properties ------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(calendar=calendars(), start=instants, duration=durations)
def test_warning_comes_before_the_deadline_at_the_right_share(
    calendar: WorkingCalendar, start: datetime, duration: Duration
) -> None:
    due = deadline(start, duration, calendar)
    warn = warn_at(start, duration, calendar)
    assert start <= warn <= due
    share = duration.to_timedelta(calendar) * WARN_FRACTION
    if duration.is_working():
        assert calendar.between(start, warn) == share
        assert calendar.between(start, due) == duration.to_timedelta(calendar)
    else:
        assert warn - start == share
        assert due - start == timedelta(hours=duration.amount)
    assert remaining(start, due, duration.unit, calendar) <= duration.to_timedelta(calendar)
    assert remaining(due, due, duration.unit, calendar) == timedelta(0)


@PROPERTY_SETTINGS
@given(
    start=instants,
    hours=st.integers(1, 500),
    pause=st.timedeltas(timedelta(0), timedelta(days=30)),
    offset=st.timedeltas(timedelta(0), timedelta(days=30)),
)
def test_calendar_clock_pause_slides_by_elapsed_time(
    start: datetime, hours: int, pause: timedelta, offset: timedelta
) -> None:
    calendar = WorkingCalendar(extra_holidays=frozenset({date(2026, 6, 2)}))
    due = deadline(start, Duration(hours, CH), calendar)
    paused_at = start + offset
    new_due = resume(paused_at, paused_at + pause, due, CH, calendar)
    if paused_at < due:
        assert new_due - due == pause
    else:
        assert new_due == due
