"""Staffing against the roster on constructed logs and rosters: the forecast, rostered vs
required per interval, and adherence, with the figures worked out by hand."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotline.callcentre import roster, staffing
from hotline.callcentre.definitions import Outcome, State
from hotline.callcentre.records import CallFact, ShiftRow, Span
from hotline.errors import ValidationFailed
from hotline.sla.erlang import FALLBACK_AHT_SECONDS, officers_needed

WIB = ZoneInfo("Asia/Jakarta")
MONDAY = date(2026, 12, 7)


def local(day: date, hm: str) -> datetime:
    h, m = (int(x) for x in hm.split(":"))
    return datetime(day.year, day.month, day.day, h, m, tzinfo=WIB)


def call(when: datetime, *, answered: bool = True, talk: int = 200, wrapup: int = 40) -> CallFact:
    return CallFact(
        call_sid=f"CA{when.isoformat()}",
        queue="id",
        entered_at=when,
        position=1,
        outcome=Outcome.ANSWERED if answered else Outcome.ABANDONED,
        wait_seconds=10,
        agent=1 if answered else None,
        talk_seconds=talk if answered else 0,
        hold_seconds=0,
        wrapup_seconds=wrapup if answered else 0,
        completed_by="caller" if answered else "",
    )


def span(agent: int, state: State, a: datetime, b: datetime) -> Span:
    return Span(agent=agent, state=state.value, reason="", start=a, end=b)


# --- the forecast -------------------------------------------------------------------------


def test_basis_days_are_the_same_weekday_before_the_date_and_before_today() -> None:
    # Monday 7 December, seen on Wednesday 9 December: the six Mondays before it.
    assert staffing.basis_days(MONDAY, date(2026, 12, 9), 6) == [
        MONDAY - timedelta(weeks=k) for k in range(1, 7)
    ]
    # Monday 14 December (next week), seen on the same Wednesday: the Mondays already over,
    # 7 December first.
    assert staffing.basis_days(date(2026, 12, 14), date(2026, 12, 9), 2) == [
        MONDAY,
        MONDAY - timedelta(weeks=1),
    ]
    # Today itself is not over: Monday 7 December seen that Monday uses 30 November back.
    assert staffing.basis_days(MONDAY, MONDAY, 1) == [date(2026, 11, 30)]


def test_forecast_is_the_mean_over_the_weeks_with_the_measured_aht() -> None:
    # Three of the last four Mondays had 09:00–10:00 calls: 6, 2 and 4 (one Monday none).
    # 12 calls over 4 weeks = 3 an hour. Answered: talk 200 + wrap-up 40 = 240 s each, but
    # one call each Monday was abandoned and has no handling time.
    calls = []
    for weeks_back, n in ((1, 6), (2, 2), (4, 4)):
        day = MONDAY - timedelta(weeks=weeks_back)
        for i in range(n):
            calls.append(call(local(day, f"09:{i * 5:02d}"), answered=i > 0))
    # A Tuesday call and one five weeks back: not in the basis of a Monday over 4 weeks.
    calls.append(call(local(MONDAY - timedelta(days=6), "09:00"), talk=9999))
    calls.append(call(local(MONDAY - timedelta(weeks=5), "09:00"), talk=9999))
    fc = staffing.forecast(calls, [MONDAY], date(2026, 12, 9), 60, WIB, weeks=4)
    assert fc.arrivals == {(MONDAY, 9 * 60): 3.0}
    assert fc.aht_seconds == 240.0 and fc.measured
    assert (fc.basis_first, fc.basis_last) == (
        MONDAY - timedelta(weeks=4),
        MONDAY - timedelta(weeks=1),
    )
    # Per quarter hour: 09:00 (i = 0..2), 09:15 (3..5) of 6 / 2 / 4 calls.
    quarter = staffing.forecast(calls, [MONDAY], date(2026, 12, 9), 15, WIB, weeks=4)
    assert quarter.arrivals == {(MONDAY, 540): (3 + 2 + 3) / 4, (MONDAY, 555): (3 + 1) / 4}


def test_weeks_before_the_log_began_are_left_out_of_the_mean() -> None:
    # The line opened on Monday 23 November: of six Mondays before 7 December only 23 and 30
    # November were measured. 3 + 1 calls at 10:00 over those two: 2 an hour, not 4/6.
    calls = [call(local(date(2026, 11, 23), f"10:0{i}")) for i in range(3)]
    calls.append(call(local(date(2026, 11, 30), "10:00")))
    fc = staffing.forecast(calls, [MONDAY], date(2026, 12, 9), 60, WIB, since=date(2026, 11, 23))
    assert fc.arrivals == {(MONDAY, 600): 2.0}
    assert fc.basis_first == date(2026, 11, 23)
    unknown = staffing.forecast(calls, [MONDAY], date(2026, 12, 9), 60, WIB)
    assert unknown.arrivals == {(MONDAY, 600): 4 / 6}


def test_no_answered_call_falls_back_to_the_usual_handling_time() -> None:
    calls = [call(local(MONDAY - timedelta(weeks=1), "10:00"), answered=False)]
    fc = staffing.forecast(calls, [MONDAY], date(2026, 12, 9), 60, WIB, weeks=6)
    assert fc.aht_seconds == FALLBACK_AHT_SECONDS and not fc.measured


# --- rostered, required and the gap --------------------------------------------------------


def test_gap_per_interval_counts_part_of_an_interval_as_a_share() -> None:
    # Forecast: 60 calls at 09:00 every Monday for 4 weeks, 240 s each: 4 erlangs, 7 needed.
    calls = [
        call(local(MONDAY - timedelta(weeks=w), "09:00") + timedelta(seconds=i * 60))
        for w in range(1, 5)
        for i in range(60)
    ]
    fc = staffing.forecast(calls, [MONDAY], date(2026, 12, 9), 60, WIB, weeks=4)
    # Rostered: officer 1 08:00–16:00, officer 2 09:30–17:00 (half of 09:00).
    shifts = [roster.bounds(MONDAY, 480, 960, WIB), roster.bounds(MONDAY, 570, 1020, WIB)]
    # Actually available: officer 1 ready 08:00–09:15, a break, back 09:45–12:00.
    ready = staffing.available_periods(
        [
            span(1, State.READY, local(MONDAY, "08:00"), local(MONDAY, "09:15")),
            span(1, State.BREAK, local(MONDAY, "09:15"), local(MONDAY, "09:45")),
            span(1, State.TALK, local(MONDAY, "09:45"), local(MONDAY, "12:00")),
        ]
    )
    rows = staffing.interval_rows(MONDAY, 1, 60, WIB, fc, shifts, ready)
    assert len(rows) == 24
    nine = rows[9]
    assert nine.start == datetime(2026, 12, 7, 9, 0)
    assert nine.arrivals == 60 and nine.required == officers_needed(60, 240)["officers"] == 7
    assert nine.rostered == 1.5 and nine.available == 0.5
    assert nine.gap == -5.5 and nine.shortfall
    eight = rows[8]
    assert (eight.required, eight.rostered, eight.available, eight.shortfall) == (0, 1, 1, False)
    assert rows[16].rostered == 1 and rows[17].rostered == 0


def test_a_shift_across_midnight_counts_on_both_days() -> None:
    start, end = roster.bounds(MONDAY, 22 * 60, 6 * 60, WIB)
    assert end - start == timedelta(hours=8)
    fc = staffing.forecast([], [MONDAY], MONDAY, 60, WIB)
    rows = staffing.interval_rows(MONDAY, 2, 60, WIB, fc, [(start, end)], [])
    assert [r.rostered for r in rows[21:31]] == [0, 1, 1, 1, 1, 1, 1, 1, 1, 0]


@given(
    st.lists(
        st.tuples(st.integers(0, 3 * 24 * 60), st.integers(1, 16 * 60)), min_size=0, max_size=8
    ),
    st.sampled_from([15, 30, 60]),
)
def test_spread_keeps_every_second_inside_the_range(
    periods: list[tuple[int, int]], minutes: int
) -> None:
    # Officer-time spread over the intervals adds up to the time inside the range.
    start = local(MONDAY, "00:00")
    count = 2 * 24 * 60 // minutes
    end = start + timedelta(minutes=count * minutes)
    pairs = [(start + timedelta(minutes=a), start + timedelta(minutes=a + n)) for a, n in periods]
    shares = staffing.spread(start, minutes, count, pairs)
    inside = sum(max((min(b, end) - max(a, start)).total_seconds(), 0) for a, b in pairs)
    assert sum(shares) * minutes * 60 == pytest.approx(inside)
    assert all(s >= 0 for s in shares)


# --- adherence -----------------------------------------------------------------------------


def test_adherence_is_available_time_in_rostered_time() -> None:
    # Officer 1 rostered 08:00–12:00 (4 h). Signs in at 08:10, on a call 09:00–09:20, wrap-up
    # to 09:25, a break 10:00–10:30, ready until 11:50, then signed out. Available in the
    # shift: 08:10–10:00 (110 min) + 10:30–11:50 (80 min) = 190 of 240 min.
    # Also ready 12:00–13:00, outside the shift: not counted.
    shifts = [(1, MONDAY, roster.bounds(MONDAY, 480, 720, WIB))]
    spans = [
        span(1, State.READY, local(MONDAY, "08:10"), local(MONDAY, "09:00")),
        span(1, State.TALK, local(MONDAY, "09:00"), local(MONDAY, "09:20")),
        span(1, State.WRAPUP, local(MONDAY, "09:20"), local(MONDAY, "09:25")),
        span(1, State.READY, local(MONDAY, "09:25"), local(MONDAY, "10:00")),
        span(1, State.BREAK, local(MONDAY, "10:00"), local(MONDAY, "10:30")),
        span(1, State.READY, local(MONDAY, "10:30"), local(MONDAY, "11:50")),
        span(1, State.READY, local(MONDAY, "12:00"), local(MONDAY, "13:00")),
        span(2, State.READY, local(MONDAY, "08:00"), local(MONDAY, "12:00")),  # not rostered
    ]
    found = staffing.adherence(shifts, spans)
    assert list(found) == [(1, MONDAY)]
    a = found[(1, MONDAY)]
    assert (a.rostered_seconds, a.available_seconds) == (240 * 60, 190 * 60)
    assert a.share == pytest.approx(190 / 240)


def test_adherence_totals_per_officer_and_per_day() -> None:
    tuesday = MONDAY + timedelta(days=1)
    shifts = [
        (1, MONDAY, roster.bounds(MONDAY, 480, 540, WIB)),
        (1, tuesday, roster.bounds(tuesday, 480, 540, WIB)),
        (2, MONDAY, roster.bounds(MONDAY, 480, 600, WIB)),
    ]
    spans = [
        span(1, State.READY, local(MONDAY, "08:00"), local(MONDAY, "09:00")),
        span(2, State.READY, local(MONDAY, "08:00"), local(MONDAY, "08:30")),
    ]
    found = staffing.adherence(shifts, spans)
    assert found[(1, tuesday)].share == 0
    per_officer = staffing.totals(found, 0)
    assert per_officer[1].share == 0.5 and per_officer[2].share == 0.25
    per_day = staffing.totals(found, 1)
    assert per_day[MONDAY].share == pytest.approx(90 / 180)
    assert staffing.Adherence(0, 0).share is None


# --- the roster's form ----------------------------------------------------------------------


def test_the_shift_form_names_every_bad_field() -> None:
    with pytest.raises(ValidationFailed) as bad:
        roster.parse_shift({"petugas": "9", "tanggal": "7/12", "mulai": "25:00"}, [1, 2])
    assert set(bad.value.as_dict("en")) == {"petugas", "tanggal", "mulai", "selesai"}
    with pytest.raises(ValidationFailed) as same:
        roster.parse_shift(
            {"petugas": "1", "tanggal": "2026-12-07", "mulai": "08:00", "selesai": "08:00"}, [1]
        )
    assert set(same.value.as_dict("id")) == {"selesai"}
    with pytest.raises(ValidationFailed):  # 08:00 to 07:00 the next day: 23 hours
        roster.parse_shift(
            {"petugas": "1", "tanggal": "2026-12-07", "mulai": "08:00", "selesai": "07:00"}, [1]
        )
    with pytest.raises(ValidationFailed) as ancient:
        roster.parse_shift(
            {"petugas": "1", "tanggal": "0001-01-01", "mulai": "08:00", "selesai": "09:00"}, [1]
        )
    assert set(ancient.value.as_dict("en")) == {"tanggal"}
    ok = roster.parse_shift(
        {"petugas": "1", "tanggal": "2026-12-07", "mulai": "22:00", "selesai": "06:00"}, [1]
    )
    assert (ok.start_minute, ok.end_minute) == (1320, 360)


def test_one_officers_shifts_may_follow_but_not_overlap() -> None:
    def row(id_: int, officer: int, start: str, end: str, day: date = MONDAY) -> ShiftRow:
        return ShiftRow(
            id=id_,
            officer=officer,
            day=day,
            start_minute=roster.parse_clock(start) or 0,
            end_minute=roster.parse_clock(end) or 0,
            note="",
        )

    night = row(1, 1, "22:00", "06:00", MONDAY - timedelta(days=1))  # Sunday night
    day = row(2, 1, "08:00", "16:00")
    other = row(3, 2, "05:00", "09:00")
    early = roster.ShiftInput(officer=1, day=MONDAY, start_minute=300, end_minute=420, note="")
    assert roster.overlapping(early, [night, day, other], WIB) == night
    follows = roster.ShiftInput(officer=1, day=MONDAY, start_minute=360, end_minute=480, note="")
    assert roster.overlapping(follows, [night, day, other], WIB) is None
    # Editing shift 2 itself does not collide with its old times.
    moved = roster.ShiftInput(officer=1, day=MONDAY, start_minute=540, end_minute=1020, note="")
    assert roster.overlapping(moved, [night, day], WIB, except_id=2) is None
    assert roster.overlapping(moved, [night, day], WIB) == day


STATES = [State.READY, State.TALK, State.WRAPUP, State.NOT_READY, State.BREAK]


@given(
    st.lists(st.tuples(st.integers(1, 180), st.sampled_from(STATES)), min_size=1, max_size=20),
    st.lists(st.tuples(st.integers(0, 120), st.integers(1, 240)), min_size=1, max_size=4),
)
def test_adherence_is_a_share_of_rostered_time(
    steps: list[tuple[int, State]], gaps: list[tuple[int, int]]
) -> None:
    # Any day of states one after another, and any shifts one after another: the time
    # available in the shifts is never more than the shifts, nor than the time available.
    t = local(MONDAY, "06:00")
    spans = []
    for minutes, state in steps:
        spans.append(span(1, state, t, t + timedelta(minutes=minutes)))
        t += timedelta(minutes=minutes)
    shifts = []
    t = local(MONDAY, "06:00")
    for gap, length in gaps:
        t += timedelta(minutes=gap)
        shifts.append((1, MONDAY, (t, t + timedelta(minutes=length))))
        t += timedelta(minutes=length)
    found = staffing.adherence(shifts, spans)[(1, MONDAY)]
    share = found.share
    assert share is not None and 0 <= share <= 1
    available = sum(
        (s["end"] - s["start"]).total_seconds() for s in spans if s["state"] in staffing.AVAILABLE
    )
    assert found.available_seconds <= available
    assert found.rostered_seconds == sum(length * 60 for _, length in gaps)
