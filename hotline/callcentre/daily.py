"""A local day of the log folded into sums, and every report of the page as a sum of days
(pure, no I/O). The worker stores a closed day's sums (summaries.py), so a year's report adds
up some thousands of stored rows instead of folding a million events; a day not stored yet
(today, or one the worker has not reached) is folded live by the same `fold_day`. One
definition: a day's sums come from `intervals.calls`/`intervals.spans` and the tallies of
reports.py, whichever path computed them.

What is stored per day, and why each report is a sum of it:
- per 15-minute interval (local time) the counts and sums of `reports.Tally`: the 30- and
  60-minute reports, the time of day, the weekday × hour heatmap, the peak hours and the total
  are sums of them (a call counts in the interval it entered in, and 15 divides 30 and 60);
- the abandon curve's counts per bucket of waits (the cumulative shares are computed after
  summing);
- per officer the calls they handled with their talk, hold and wrap-up, and the seconds in
  each state (occupancy and AHT are ratios of sums).

A day is folded from its events and those of the 16 hours before it (the state each officer is
in at midnight) and the 2 hours after it (conversations that began in it): `queries.STATE_LOOKBACK`
and `CALL_LOOKAHEAD`. A call's wrap-up counts whole when it runs past midnight (up to those 2
hours); the officers' time in each state is cut at midnight, so the days add up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from hotline.callcentre import definitions as d
from hotline.callcentre import intervals, reports
from hotline.callcentre.definitions import Outcome
from hotline.callcentre.records import Event, Span
from hotline.callcentre.reports import OfficerTally, Tally

BUCKET_MINUTES = 15
LOOKBACK = timedelta(hours=16)  # = queries.STATE_LOOKBACK (queries imports the database)
LOOKAHEAD = timedelta(hours=2)  # = queries.CALL_LOOKAHEAD


@dataclass
class Day:
    """One local day's sums. `intervals`: the minute of the day a 15-minute interval starts at
    → its tally; `abandons`: the abandon curve's counts; `officers`: officer id → tally."""

    intervals: dict[int, Tally] = field(default_factory=dict)
    abandons: list[int] = field(default_factory=lambda: [0] * len(d.ABANDON_BUCKETS))
    officers: dict[int, OfficerTally] = field(default_factory=dict)


def bounds(day: date, zone: tzinfo) -> tuple[datetime, datetime]:
    """The day's [start, end) in the line's local time."""
    return (
        datetime.combine(day, time(), zone),
        datetime.combine(day + timedelta(days=1), time(), zone),
    )


def window(day: date, zone: tzinfo) -> tuple[datetime, datetime]:
    """The events a day is folded from: [start − LOOKBACK, end + LOOKAHEAD)."""
    start, end = bounds(day, zone)
    return start - LOOKBACK, end + LOOKAHEAD


def fold_day(events: Sequence[Event], day: date, zone: tzinfo) -> Day:
    """The day's sums from the events of its `window` (in order of time)."""
    start, end = bounds(day, zone)
    # States up to the look-ahead, so a wrap-up after midnight is its call's whole wrap-up;
    # the time in each state is then cut at midnight.
    long_spans = intervals.spans(events, start, end + LOOKAHEAD)
    out = Day()
    for c in intervals.calls(events, long_spans):
        if not start <= c["entered_at"] < end:
            continue
        local = c["entered_at"].astimezone(zone)
        minute = local.hour * 60 + local.minute - local.minute % BUCKET_MINUTES
        out.intervals.setdefault(minute, Tally()).add(c)
        if c["outcome"] == Outcome.ANSWERED and c["agent"] is not None:
            o = out.officers.setdefault(c["agent"], OfficerTally())
            o.handled += 1
            o.talk += c["talk_seconds"]
            o.hold += c["hold_seconds"]
            o.wrapup += c["wrapup_seconds"]
        elif c["outcome"] == Outcome.ABANDONED:
            counts = reports.abandon_counts([c["wait_seconds"] or 0])
            out.abandons = [a + b for a, b in zip(out.abandons, counts, strict=True)]
    for s in _cut(long_spans, end):
        o = out.officers.setdefault(s["agent"], OfficerTally())
        o.states[s["state"]] += int((s["end"] - s["start"]).total_seconds())
    return out


def _cut(spans: Iterable[Span], end: datetime) -> list[Span]:
    return [Span(**{**s, "end": min(s["end"], end)}) for s in spans if s["start"] < end]


def add_tally(into: Tally, other: Tally) -> None:
    for f in fields(Tally):
        setattr(into, f.name, getattr(into, f.name) + getattr(other, f.name))


def add_officer(into: OfficerTally, other: OfficerTally) -> None:
    into.handled += other.handled
    into.talk += other.talk
    into.hold += other.hold
    into.wrapup += other.wrapup
    for state, seconds in other.states.items():
        into.states[state] = into.states.get(state, 0) + seconds


def total(days: Iterable[tuple[date, Day]]) -> Tally:
    """The tally of every call of the days (the total row of the interval report)."""
    out = Tally()
    for _, sums in days:
        for t in sums.intervals.values():
            add_tally(out, t)
    return out


def report(days: Iterable[tuple[date, Day]], minutes: int, n_days: int) -> dict[str, Any]:
    """Every report of the page from the days' sums: the same rows as reports.py computes from
    the calls and spans of the range (tests/unit/callcentre/test_daily.py)."""
    if minutes not in d.INTERVAL_MINUTES:
        raise ValueError(f"interval must be one of {d.INTERVAL_MINUTES}")
    total = Tally()
    by_interval: dict[datetime, Tally] = defaultdict(Tally)
    by_time: dict[str, Tally] = defaultdict(Tally)
    by_cell: dict[tuple[int, int], Tally] = defaultdict(Tally)
    by_hour: dict[int, int] = defaultdict(int)
    abandons = [0] * len(d.ABANDON_BUCKETS)
    officers: dict[int, OfficerTally] = defaultdict(OfficerTally)
    for day, sums in days:
        for minute, t in sums.intervals.items():
            bucket = minute - minute % minutes
            start = datetime.combine(day, time(bucket // 60, bucket % 60))
            add_tally(total, t)
            add_tally(by_interval[start], t)
            add_tally(by_time[start.strftime("%H:%M")], t)
            add_tally(by_cell[(day.weekday(), minute // 60)], t)
            by_hour[minute // 60] += t.offered
        abandons = [a + b for a, b in zip(abandons, sums.abandons, strict=True)]
        for agent, o in sums.officers.items():
            add_officer(officers[agent], o)
    return {
        "total": total.row(),
        "intervals": [{"start": s, **by_interval[s].row()} for s in sorted(by_interval)],
        "by_time": [{"time": k, **by_time[k].row()} for k in sorted(by_time)],
        "heat": {cell: t.row() for cell, t in by_cell.items()},
        "abandons": reports.abandon_rows(abandons),
        "officers": reports.officer_rows(officers),
        "peaks": reports.peak_rows(by_hour, n_days),
    }
