"""The month's figures, computed from `facts` (pure: no I/O, no clock).

Definitions (also on the methods page of the PDF and in docs/TRANSPARENCY.md):
- Flows are counted when they happen: "resolved in October" is a report that reached `selesai`
  in October, whenever it was filed. Resolved (`selesai`) and closed without resolution
  (`ditolak`, `duplikat`, `diarsipkan`) are separate counts, so closing does not raise "resolved".
- An SLA clock is decided once: met when it stopped before its deadline (in the period it
  stopped), missed at its deadline (in the period the deadline fell), whether it was stopped late
  or is still running. Clocks that ended for a reason that is neither (a transfer, "bukan
  wewenang", a rejection) are left out. Compliance = met / decided, always shown with both counts.
- Times are working days on the calendar of the agency that owned the clock, pauses (waiting for
  the reporter) excluded: the median and the 90th percentile (nearest rank).
- An agency with fewer decided clocks than the threshold is "too few to judge": its figures are
  shown, it is not ranked.
- Every breakdown adds up to its total: reports without an agency count in "not yet dispatched"
  or "closed before dispatch", reports without a category or kecamatan in "not known" (facts.py).
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from hotline.sla.phone import ANSWER_TARGET_SECONDS
from hotline.transparency.facts import (
    DIMENSIONS,
    NOT_AN_AGENCY,
    ClockOutcome,
    Dims,
    OpenReport,
    PeriodFacts,
    QueueCallFact,
    Rating,
    Received,
    StatusChange,
)

CLOCK_KINDS = ("verification", "first_response", "resolution")
CLOSED_UNRESOLVED = ("ditolak", "duplikat", "diarsipkan")
SATISFIED_FROM = 4  # a rating of 4 or 5 out of 5
OLD_BACKLOG_DAYS = 30

T = TypeVar("T")


def rate(part: int, whole: int) -> float | None:
    """part / whole rounded to 4 places, None when there is nothing to divide."""
    return round(part / whole, 4) if whole else None


def median(values: Sequence[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


def p90(values: Sequence[float]) -> float | None:
    """The 90th percentile by nearest rank: the smallest value with 90 % at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[math.ceil(0.9 * len(ordered)) - 1], 2)


def _mean(values: Sequence[float]) -> float | None:
    return round(statistics.fmean(values), 2) if values else None


def _sla(clocks: Iterable[ClockOutcome]) -> dict[str, dict[str, Any]]:
    met: Counter[str] = Counter()
    decided: Counter[str] = Counter()
    for c in clocks:
        decided[c.kind] += 1
        decided["all"] += 1
        if c.met:
            met[c.kind] += 1
            met["all"] += 1
    return {
        kind: {"met": met[kind], "decided": decided[kind], "rate": rate(met[kind], decided[kind])}
        for kind in (*CLOCK_KINDS, "all")
    }


def _times(clocks: Iterable[ClockOutcome]) -> dict[str, dict[str, Any]]:
    days: dict[str, list[float]] = defaultdict(list)
    for c in clocks:
        if c.working_seconds is not None:
            days[c.kind].append(max(c.working_seconds, 0.0) / c.day_seconds)
    return {
        kind: {
            "count": len(days[kind]),
            "median_days": median(days[kind]),
            "p90_days": p90(days[kind]),
        }
        for kind in CLOCK_KINDS
    }


def _flows(received: int, changes: Sequence[StatusChange]) -> dict[str, Any]:
    actions = Counter(c.action for c in changes)
    rejected = Counter(c.reason for c in changes if c.action == "reject")
    closed = Counter(c.to_status for c in changes if c.to_status in CLOSED_UNRESOLVED)
    resolved = [c for c in changes if c.to_status == "selesai"]
    return {
        "received": received,
        "verified": actions["verify"],
        "rejected": actions["reject"],
        "rejected_by_reason": dict(sorted(rejected.items())),
        "dispatched": sum(1 for c in changes if c.action == "dispatch" and c.first_dispatch),
        "transferred": actions["transfer"],
        "not_our_mandate": actions["not_our_mandate"],
        "answered": actions["answer"],
        "resolved": len(resolved),
        "resolved_confirmed": sum(1 for c in resolved if c.confirmed_by == "reporter"),
        "resolved_timeout": sum(1 for c in resolved if c.confirmed_by == "timeout"),
        "closed_unresolved": sum(closed.values()),
        "closed_unresolved_by_status": {s: closed[s] for s in CLOSED_UNRESOLVED},
        "reopened": actions["dispute"],
    }


def _backlog(items: Sequence[OpenReport]) -> dict[str, Any]:
    ages = [i.age_days for i in items]
    return {
        "count": len(items),
        "median_age_days": median(ages),
        "older_than_30_days": sum(1 for a in ages if a > OLD_BACKLOG_DAYS),
    }


def _satisfaction(ratings: Sequence[Rating], changes: Sequence[StatusChange]) -> dict[str, Any]:
    values = [r.rating for r in ratings]
    satisfied = sum(1 for v in values if v >= SATISFIED_FROM)
    # A verdict is the reporter's (or the timeout's) word on an answer: confirmed, closed by
    # silence, or disputed ("belum selesai").
    disputed = sum(1 for c in changes if c.action == "dispute")
    verdicts = disputed + sum(1 for c in changes if c.to_status == "selesai")
    return {
        "ratings": len(values),
        "average": _mean(values),
        "satisfied": satisfied,
        "satisfied_share": rate(satisfied, len(values)),
        "verdicts": verdicts,
        "disputed": disputed,
        "disputed_share": rate(disputed, verdicts),
    }


def slice_figures(
    received: Sequence[Received],
    changes: Sequence[StatusChange],
    clocks: Sequence[ClockOutcome],
    ratings: Sequence[Rating],
    open_at_end: Sequence[OpenReport],
    *,
    min_clocks: int,
) -> dict[str, Any]:
    """Every figure for one slice of the reports (all of them, or one agency, category, ...)."""
    out = _flows(len(received), changes)
    out["sla"] = _sla(clocks)
    out["times"] = _times(clocks)
    out["backlog"] = _backlog(open_at_end)
    out["satisfaction"] = _satisfaction(ratings, changes)
    out["judgeable"] = out["sla"]["all"]["decided"] >= min_clocks
    return out


def _group(items: Iterable[T], dims: Callable[[T], Dims], dimension: str) -> dict[str, list[T]]:
    groups: dict[str, list[T]] = defaultdict(list)
    for item in items:
        groups[dims(item).key(dimension)].append(item)
    return groups


def phone_figures(calls: Sequence[QueueCallFact]) -> dict[str, Any]:
    """The phone line: offered = every caller queued for an officer (out-of-hours callers are
    never queued); % within 20 s is of all offered calls, so abandoning counts against it."""
    answered = [c for c in calls if c.outcome == "answered"]
    waits = [c.wait_seconds for c in answered if c.wait_seconds is not None]
    handles = [c.handle_seconds for c in answered if c.handle_seconds is not None]
    within = sum(1 for w in waits if w <= ANSWER_TARGET_SECONDS)
    return {
        "offered": len(calls),
        "answered": len(answered),
        "abandoned": sum(1 for c in calls if c.outcome == "abandoned"),
        "recording": sum(1 for c in calls if c.outcome == "recording"),
        "answered_within_20s": within,
        "answered_within_20s_share": rate(within, len(calls)),
        "average_speed_of_answer_seconds": _mean(waits),
        "average_handling_time_seconds": _mean(handles),
    }


def compute(facts: PeriodFacts, *, min_clocks: int) -> dict[str, Any]:
    """All figures of a period: the whole, each dimension's slices, and the phone line."""

    def dims_of(item: Any) -> Dims:
        found: Dims = item.dims
        return found

    total = slice_figures(
        facts.received,
        facts.changes,
        facts.clocks,
        facts.ratings,
        facts.open_at_end,
        min_clocks=min_clocks,
    )
    by: dict[str, dict[str, Any]] = {}
    for dimension in DIMENSIONS:
        parts: list[dict[str, list[Any]]] = [
            _group(facts.received, dims_of, dimension),
            _group(facts.changes, dims_of, dimension),
            _group(facts.clocks, dims_of, dimension),
            _group(facts.ratings, dims_of, dimension),
            _group(facts.open_at_end, dims_of, dimension),
        ]
        # Every slice, the rows without an agency or a category included: each table of a
        # dimension adds up to the total.
        keys = sorted(set().union(*(p.keys() for p in parts)))
        by[dimension] = {
            key: slice_figures(*(p.get(key, []) for p in parts), min_clocks=min_clocks)
            for key in keys
        }
    cells = Counter(
        (r.dims.kecamatan, r.dims.category)
        for r in facts.received
        if r.dims.kecamatan and r.dims.category
    )
    return {
        "total": total,
        "by": by,
        "phone": phone_figures(facts.calls),
        # Reports received per kecamatan x category, before disclosure control (see disclosure).
        "cells": [
            {"kecamatan": k, "category": c, "count": n} for (k, c), n in sorted(cells.items())
        ],
    }


def ranking(by_agency: dict[str, dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """Agencies by SLA compliance (all clocks), best first; ties by more clocks decided, then
    code. Agencies too few to judge come last, by code: they are listed, never ranked."""
    agencies = {k: v for k, v in by_agency.items() if k not in NOT_AN_AGENCY}
    judged = [(k, v) for k, v in agencies.items() if v["judgeable"]]
    unjudged = [(k, v) for k, v in agencies.items() if not v["judgeable"]]
    judged.sort(
        key=lambda kv: (-(kv[1]["sla"]["all"]["rate"] or 0), -kv[1]["sla"]["all"]["decided"], kv[0])
    )
    unjudged.sort(key=lambda kv: kv[0])
    return judged + unjudged
