"""The month's figures from counts and streamed values instead of lists of facts (pure).

`figures.compute` needs every fact of the month in memory at once: for 100,000 reports that is
hundreds of thousands of objects. Here each fact (or a group of equal facts with their count, as
a GROUP BY gives them) is added to running counters, and only what a median or a percentile
needs is kept: one float per decided clock with a time and per open report, in compact arrays.
`Figures.result()` gives exactly what `figures.compute` gives for the same facts (tested on
both engines against the in-memory computation): every count is a sum, and the medians and
percentiles sort the same values whatever the order they came in.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hotline.transparency.facts import DIMENSIONS, Dims, QueueCallFact
from hotline.transparency.figures import (
    CLOCK_KINDS,
    CLOSED_UNRESOLVED,
    OLD_BACKLOG_DAYS,
    SATISFIED_FROM,
    median,
    p90,
    phone_figures,
    rate,
)


@dataclass
class Slice:
    """Running totals of one slice (the whole month, or one agency, category, ...)."""

    received: int = 0
    actions: Counter[str] = field(default_factory=Counter)
    rejected_by_reason: Counter[str] = field(default_factory=Counter)
    closed_by_status: Counter[str] = field(default_factory=Counter)
    first_dispatches: int = 0
    resolved: int = 0
    resolved_by: Counter[str] = field(default_factory=Counter)  # confirmed_by of resolutions
    met: Counter[str] = field(default_factory=Counter)
    decided: Counter[str] = field(default_factory=Counter)
    days: dict[str, array[float]] = field(default_factory=dict)  # working days per clock kind
    ages: array[float] = field(default_factory=lambda: array("d"))  # open reports' ages
    ratings: Counter[int] = field(default_factory=Counter)

    def figures(self, min_clocks: int) -> dict[str, Any]:
        """The same dictionary as `figures.slice_figures` over this slice's facts."""
        out: dict[str, Any] = {
            "received": self.received,
            "verified": self.actions["verify"],
            "rejected": self.actions["reject"],
            "rejected_by_reason": dict(sorted(self.rejected_by_reason.items())),
            "dispatched": self.first_dispatches,
            "transferred": self.actions["transfer"],
            "not_our_mandate": self.actions["not_our_mandate"],
            "answered": self.actions["answer"],
            "resolved": self.resolved,
            "resolved_confirmed": self.resolved_by["reporter"],
            "resolved_timeout": self.resolved_by["timeout"],
            "closed_unresolved": sum(self.closed_by_status.values()),
            "closed_unresolved_by_status": {s: self.closed_by_status[s] for s in CLOSED_UNRESOLVED},
            "reopened": self.actions["dispute"],
        }
        out["sla"] = {
            kind: {
                "met": self.met[kind],
                "decided": self.decided[kind],
                "rate": rate(self.met[kind], self.decided[kind]),
            }
            for kind in (*CLOCK_KINDS, "all")
        }
        out["times"] = {
            kind: {
                "count": len(values),
                "median_days": median(values),
                "p90_days": p90(values),
            }
            for kind in CLOCK_KINDS
            for values in [self.days.get(kind, array("d"))]
        }
        out["backlog"] = {
            "count": len(self.ages),
            "median_age_days": median(self.ages),
            "older_than_30_days": sum(1 for a in self.ages if a > OLD_BACKLOG_DAYS),
        }
        count = sum(self.ratings.values())
        satisfied = sum(n for v, n in self.ratings.items() if v >= SATISFIED_FROM)
        disputed = self.actions["dispute"]
        verdicts = disputed + self.resolved
        out["satisfaction"] = {
            "ratings": count,
            # statistics.fmean of integers is their exact sum divided by their number.
            "average": round(sum(v * n for v, n in self.ratings.items()) / count, 2)
            if count
            else None,
            "satisfied": satisfied,
            "satisfied_share": rate(satisfied, count),
            "verdicts": verdicts,
            "disputed": disputed,
            "disputed_share": rate(disputed, verdicts),
        }
        out["judgeable"] = out["sla"]["all"]["decided"] >= min_clocks
        return out

    def merge(self, other: Slice) -> None:
        """Add another slice's totals and values to this one's."""
        self.received += other.received
        self.actions.update(other.actions)
        self.rejected_by_reason.update(other.rejected_by_reason)
        self.closed_by_status.update(other.closed_by_status)
        self.first_dispatches += other.first_dispatches
        self.resolved += other.resolved
        self.resolved_by.update(other.resolved_by)
        self.met.update(other.met)
        self.decided.update(other.decided)
        for kind, values in other.days.items():
            self.days.setdefault(kind, array("d")).extend(values)
        self.ages.extend(other.ages)
        self.ratings.update(other.ratings)


class Figures:
    """Every slice of a period, filled fact by fact (or group by group).

    Facts are first added to one slice per distinct set of dimensions (a month has a few
    thousand at most, a clock costs one dictionary look-up); `result` then adds those into the
    whole and into each dimension's slices."""

    def __init__(self) -> None:
        self._groups: dict[Dims, Slice] = {}
        self.cells: Counter[tuple[str, str]] = Counter()

    def _group(self, dims: Dims) -> Slice:
        found = self._groups.get(dims)
        if found is None:
            found = self._groups[dims] = Slice()
        return found

    def received(self, dims: Dims, count: int = 1) -> None:
        self._group(dims).received += count
        if dims.kecamatan and dims.category:
            self.cells[(dims.kecamatan, dims.category)] += count

    def change(
        self,
        dims: Dims,
        *,
        action: str,
        to_status: str,
        reason: str = "",
        confirmed_by: str = "",
        first_dispatch: bool = False,
        count: int = 1,
    ) -> None:
        """`count` status changes alike (see facts.StatusChange)."""
        s = self._group(dims)
        s.actions[action] += count
        if action == "reject":
            s.rejected_by_reason[reason] += count
        if action == "dispatch" and first_dispatch:
            s.first_dispatches += count
        if to_status in CLOSED_UNRESOLVED:
            s.closed_by_status[to_status] += count
        if to_status == "selesai":
            s.resolved += count
            s.resolved_by[confirmed_by] += count

    def clock(
        self, dims: Dims, *, kind: str, met: bool, working_seconds: float | None, day_seconds: int
    ) -> None:
        """One decided clock (see facts.ClockOutcome)."""
        s = self._group(dims)
        s.decided[kind] += 1
        s.decided["all"] += 1
        if met:
            s.met[kind] += 1
            s.met["all"] += 1
        if working_seconds is not None:
            days = s.days.get(kind)
            if days is None:
                days = s.days[kind] = array("d")
            days.append(max(working_seconds, 0.0) / day_seconds)

    def clocks(
        self, dims: Dims, *, kind: str, met: bool, count: int, days: Sequence[float]
    ) -> None:
        """`count` decided clocks alike, and the working days (`clock`'s values, already
        divided by the working day) of those of them that have a time."""
        s = self._group(dims)
        s.decided[kind] += count
        s.decided["all"] += count
        if met:
            s.met[kind] += count
            s.met["all"] += count
        if days:
            s.days.setdefault(kind, array("d")).extend(days)

    def rating(self, dims: Dims, rating: int, count: int = 1) -> None:
        self._group(dims).ratings[rating] += count

    def open_report(self, dims: Dims, age_days: float) -> None:
        self._group(dims).ages.append(age_days)

    def result(self, calls: Sequence[QueueCallFact], *, min_clocks: int) -> dict[str, Any]:
        """The same dictionary as `figures.compute`."""
        total = Slice()
        by: dict[str, dict[str, Slice]] = {d: {} for d in DIMENSIONS}
        for dims, group in self._groups.items():
            total.merge(group)
            for dimension in DIMENSIONS:
                by[dimension].setdefault(dims.key(dimension), Slice()).merge(group)
        return {
            "total": total.figures(min_clocks),
            "by": {
                dimension: {key: slices[key].figures(min_clocks) for key in sorted(slices)}
                for dimension, slices in by.items()
            },
            "phone": phone_figures(calls),
            "cells": [
                {"kecamatan": k, "category": c, "count": n}
                for (k, c), n in sorted(self.cells.items())
            ],
        }
