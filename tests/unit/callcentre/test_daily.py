"""The day summaries' sums give every report of the page exactly as the pure reports over the
range's calls and states do (one definition: daily.py folds each day with intervals.py and
reports.py's tallies), for any interval, on constructed multi-day logs."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from hotline.callcentre import daily, intervals, reports
from hotline.callcentre.records import Event
from tests.support.callcentre_log import log

WIB = ZoneInfo("Asia/Jakarta")
FIRST = date(2026, 3, 2)  # a Monday


def by_fold(events: list[Event], first: date, days: int, minutes: int) -> dict:
    """The reference: the whole range folded at once and reported by reports.py."""
    start = datetime.combine(first, time(), WIB)
    end = start + timedelta(days=days)
    spans = intervals.spans(events, start, end)
    calls = [c for c in intervals.calls(events, spans) if start <= c["entered_at"] < end]
    return {
        "total": reports.tally(calls).row(),
        "intervals": reports.interval_report(calls, minutes, WIB),
        "by_time": reports.time_of_day(calls, minutes, WIB),
        "heat": reports.heatmap(calls, WIB),
        "abandons": reports.abandon_curve(calls),
        "officers": reports.officer_report(calls, spans),
        "peaks": reports.peak_hours(calls, WIB, days),
    }


def by_days(events: list[Event], first: date, days: int, minutes: int) -> dict:
    folded = []
    for i in range(days):
        day = first + timedelta(days=i)
        a, b = daily.window(day, WIB)
        folded.append((day, daily.fold_day([e for e in events if a <= e["at"] < b], day, WIB)))
    return daily.report(folded, minutes, days)


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    days=st.integers(1, 9),
    minutes=st.sampled_from([15, 30, 60]),
)
def test_the_sum_of_days_is_the_fold_of_the_range(seed: int, days: int, minutes: int) -> None:
    events = log(FIRST - timedelta(days=1), days + 2, WIB, seed, calls=12)
    assert by_days(events, FIRST, days, minutes) == by_fold(events, FIRST, days, minutes)


def test_the_sums_count_what_happened() -> None:
    events = log(FIRST, 5, WIB, 7, calls=20)
    got = by_days(events, FIRST, 7, 60)
    assert got["total"]["offered"] == 5 * 20
    assert got["total"]["waiting"] == 5  # one caller a day never got an outcome
    assert sum(r["count"] for r in got["abandons"]) == got["total"]["abandoned"]
    assert sum(o["handled"] for o in got["officers"]) == got["total"]["answered"]
    # Officer 3's half-hour break each weekday (cut short when a caller is put through).
    three = next(o for o in got["officers"] if o["agent"] == 3)
    assert 0 < three["states"]["break"] <= 5 * 1800


def test_a_wrap_up_after_midnight_stays_with_its_call() -> None:
    from hotline.callcentre.definitions import Kind
    from hotline.callcentre.events import event

    late = datetime.combine(FIRST, time(23, 50), WIB)
    events = [
        event(Kind.AGENTLOGIN, "in", late - timedelta(minutes=5), agent=1),
        event(Kind.ENTERQUEUE, "q", late, call_sid="A", queue="id", position=1),
        event(
            Kind.CONNECT, "c", late + timedelta(seconds=10), call_sid="A", agent=1, wait_seconds=10
        ),
        event(
            Kind.COMPLETECALLER,
            "e",
            late + timedelta(minutes=9),
            call_sid="A",
            agent=1,
            talk_seconds=530,
            hold_seconds=0,
        ),
        event(Kind.READY, "r", late + timedelta(minutes=12), agent=1),
    ]
    first_day = daily.fold_day(events, FIRST, WIB)
    assert first_day.officers[1].wrapup == 180  # 23:59 to 00:02, whole, with its call
    assert first_day.officers[1].states["wrapup"] == 60  # the day's own minute of it
    second = daily.fold_day(events, FIRST + timedelta(days=1), WIB)
    assert second.officers[1].states["wrapup"] == 120 and second.officers[1].handled == 0
