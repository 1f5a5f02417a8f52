"""The call centre's reports, computed from the log's facts (intervals.py) by pure functions
with the definitions of definitions.py: the interval report, the weekday × hour heatmap, the
abandon curve, the per-officer report and the peak hours. No I/O; tested on constructed logs.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from hotline.callcentre import definitions as d
from hotline.callcentre.definitions import Outcome, State
from hotline.callcentre.intervals import bucket
from hotline.callcentre.records import CallFact, Span
from hotline.sla.phone import ANSWER_TARGET_SECONDS


@dataclass
class Tally:
    """The counts behind one row of a report; `row()` gives the measures."""

    offered: int = 0
    answered: int = 0
    abandoned: int = 0
    short_abandons: int = 0
    timed_out: int = 0
    waiting: int = 0
    answered_in_time: int = 0
    answer_wait: int = 0  # seconds, summed over answered calls
    talk: int = 0
    hold: int = 0
    wrapup: int = 0

    def add(self, c: CallFact) -> None:
        self.offered += 1
        wait = c["wait_seconds"] or 0
        if c["outcome"] == Outcome.ANSWERED:
            self.answered += 1
            self.answer_wait += wait
            self.answered_in_time += wait <= ANSWER_TARGET_SECONDS
            self.talk += c["talk_seconds"]
            self.hold += c["hold_seconds"]
            self.wrapup += c["wrapup_seconds"]
        elif c["outcome"] == Outcome.ABANDONED:
            self.abandoned += 1
            self.short_abandons += wait < d.SHORT_ABANDON_SECONDS
        elif c["outcome"] == Outcome.TIMED_OUT:
            self.timed_out += 1
        else:
            self.waiting += 1

    def row(self) -> dict[str, Any]:
        handling = self.talk + self.hold + self.wrapup
        # A caller still waiting has no outcome yet: counted in offered, judged once it ends.
        decided = self.offered - self.waiting
        return {
            "offered": self.offered,
            "answered": self.answered,
            "abandoned": self.abandoned,
            "short_abandons": self.short_abandons,
            "timed_out": self.timed_out,
            "waiting": self.waiting,
            "abandon_rate": d.abandon_rate(self.abandoned, decided, self.short_abandons),
            "service_level": d.service_level(self.answered_in_time, decided, self.short_abandons),
            "asa": d.ratio(self.answer_wait, self.answered),
            "aht": d.ratio(handling, self.answered),
            "talk": d.ratio(self.talk, self.answered),
            "hold": d.ratio(self.hold, self.answered),
            "wrapup": d.ratio(self.wrapup, self.answered),
        }


def tally(calls: Iterable[CallFact]) -> Tally:
    t = Tally()
    for c in calls:
        t.add(c)
    return t


def interval_report(calls: Iterable[CallFact], minutes: int, zone: tzinfo) -> list[dict[str, Any]]:
    """One row per interval of `minutes` (local time) in which a caller entered the queue, in
    order; each call counts in the interval it entered in."""
    if minutes not in d.INTERVAL_MINUTES:
        raise ValueError(f"interval must be one of {d.INTERVAL_MINUTES}")
    tallies: dict[datetime, Tally] = defaultdict(Tally)
    for c in calls:
        tallies[bucket(c["entered_at"], minutes, zone)].add(c)
    return [{"start": start, **tallies[start].row()} for start in sorted(tallies)]


def time_of_day(calls: Iterable[CallFact], minutes: int, zone: tzinfo) -> list[dict[str, Any]]:
    """The interval report folded over the days: one row per clock time ("08:15") with calls."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    for c in calls:
        tallies[bucket(c["entered_at"], minutes, zone).strftime("%H:%M")].add(c)
    return [{"time": key, **tallies[key].row()} for key in sorted(tallies)]


def heatmap(calls: Iterable[CallFact], zone: tzinfo) -> dict[tuple[int, int], dict[str, Any]]:
    """Weekday (0 = Monday) × hour → the row of the calls that entered then."""
    tallies: dict[tuple[int, int], Tally] = defaultdict(Tally)
    for c in calls:
        local = c["entered_at"].astimezone(zone)
        tallies[(local.weekday(), local.hour)].add(c)
    return {cell: t.row() for cell, t in tallies.items()}


def abandon_curve(calls: Iterable[CallFact]) -> list[dict[str, Any]]:
    """How long the callers who gave up had waited: per bucket of ABANDON_BUCKETS the count,
    and the share of all abandons that had given up by the bucket's end (cumulative)."""
    waits = [c["wait_seconds"] or 0 for c in calls if c["outcome"] == Outcome.ABANDONED]
    return abandon_rows(abandon_counts(waits))


def abandon_counts(waits: Iterable[int]) -> list[int]:
    """How many of `waits` fall in each bucket of ABANDON_BUCKETS (counts add up over days)."""
    edges = d.ABANDON_BUCKETS
    counts = [0] * len(edges)
    for w in waits:
        counts[bisect_right(edges, w) - 1 if w >= 0 else 0] += 1
    return counts


def abandon_rows(counts: Sequence[int]) -> list[dict[str, Any]]:
    edges = d.ABANDON_BUCKETS
    total = sum(counts)
    rows: list[dict[str, Any]] = []
    running = 0
    for i, low in enumerate(edges):
        high = edges[i + 1] if i + 1 < len(edges) else None
        running += counts[i]
        rows.append(
            {"from": low, "to": high, "count": counts[i], "cumulative": d.ratio(running, total)}
        )
    return rows


@dataclass
class OfficerTally:
    handled: int = 0
    talk: int = 0
    hold: int = 0
    wrapup: int = 0
    states: dict[str, int] = field(default_factory=lambda: {s.value: 0 for s in State})


def officer_report(calls: Iterable[CallFact], spans: Sequence[Span]) -> list[dict[str, Any]]:
    """Per officer: calls handled, AHT and its parts, occupancy, seconds in each state, and the
    quality score (None here; the page fills it from quality monitoring's evaluations)."""
    officers: dict[int, OfficerTally] = defaultdict(OfficerTally)
    for c in calls:
        if c["outcome"] == Outcome.ANSWERED and c["agent"] is not None:
            o = officers[c["agent"]]
            o.handled += 1
            o.talk += c["talk_seconds"]
            o.hold += c["hold_seconds"]
            o.wrapup += c["wrapup_seconds"]
    for s in spans:
        officers[s["agent"]].states[s["state"]] += int((s["end"] - s["start"]).total_seconds())
    return officer_rows(officers)


def officer_rows(officers: Mapping[int, OfficerTally]) -> list[dict[str, Any]]:
    """The per-officer rows from their tallies (which add up over days: callcentre/daily.py)."""
    rows = []
    for agent in sorted(officers):
        o = officers[agent]
        busy = o.states[State.TALK] + o.states[State.WRAPUP]
        rows.append(
            {
                "agent": agent,
                "handled": o.handled,
                "aht": d.ratio(o.talk + o.hold + o.wrapup, o.handled),
                "talk": d.ratio(o.talk, o.handled),
                "hold": d.ratio(o.hold, o.handled),
                "wrapup": d.ratio(o.wrapup, o.handled),
                "occupancy": d.occupancy(busy, o.states[State.READY]),
                "states": dict(o.states),
                "quality": None,
            }
        )
    return rows


def peak_hours(
    calls: Iterable[CallFact], zone: tzinfo, days: int, top: int = 3
) -> list[dict[str, Any]]:
    """The hours of the day with the most arrivals: total, and per day of the range."""
    by_hour: dict[int, int] = defaultdict(int)
    for c in calls:
        by_hour[c["entered_at"].astimezone(zone).hour] += 1
    return peak_rows(by_hour, days, top)


def peak_rows(by_hour: Mapping[int, int], days: int, top: int = 3) -> list[dict[str, Any]]:
    ranked = sorted(by_hour.items(), key=lambda item: (-item[1], item[0]))[:top]
    return [{"hour": hour, "offered": n, "per_day": d.ratio(n, max(days, 1))} for hour, n in ranked]


def wallboard(calls: Sequence[CallFact], spans: Sequence[Span], now: datetime) -> dict[str, Any]:
    """The room's board for today so far: callers waiting and the longest wait, officers by
    their state now, and today's service level, abandon rate and ASA (`calls` and `spans` are
    today's, up to `now`)."""
    waiting = [c for c in calls if c["outcome"] == Outcome.WAITING]
    longest = max((int((now - c["entered_at"]).total_seconds()) for c in waiting), default=None)
    current: dict[int, str] = {}
    for s in spans:
        if s["end"] >= now:
            current[s["agent"]] = s["state"]
    by_state = {s.value: 0 for s in State if s != State.SIGNED_OUT}
    for state in current.values():
        by_state[state] += 1
    return {
        "waiting": len(waiting),
        "longest_wait": longest,
        "officers": by_state,
        **tally(calls).row(),
    }
