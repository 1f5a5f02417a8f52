"""Staffing against the roster (pure, no I/O; docs/CALLCENTRE.md "Staffing"): the forecast of
arrivals per interval, the officers Erlang C requires for them, the officers rostered and
actually available in each interval, the gap, and each officer's adherence to their shifts.

- **Forecast**: the arrivals of an interval on a date = the mean of the arrivals in the same
  interval on the same weekday over the WEEKS weeks before it (the same weekdays before the
  date, and before today: only days that are over count), dividing by WEEKS even where a week
  had no calls (a quiet week is a measurement, not a gap); weeks before the log's first day
  are left out instead (nobody measured them).
- **AHT**: the measured AHT (talk + hold + wrap-up ÷ answered, definitions.py) of the calls of
  those same days; FALLBACK_AHT_SECONDS when none was answered.
- **Required**: Erlang C for 80 % in 20 s with occupancy at most 85 % (sla/erlang.py).
- **Rostered**, **available**: officer-time in the interval ÷ the interval's length, so an
  officer whose shift covers half an interval counts ½ (the same unit as required).
  Available = ready, on a call or in wrap-up (the states in which the line can use them).
- **Gap** = rostered − required; negative is a shortfall.
- **Adherence** = time available during rostered time ÷ rostered time, per officer and day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from hotline.callcentre.definitions import Outcome, State, ratio
from hotline.callcentre.records import CallFact, Span
from hotline.sla.erlang import FALLBACK_AHT_SECONDS, officers_needed

WEEKS = 6  # the default basis of the forecast: six weeks of the same weekday
AVAILABLE = frozenset({State.READY.value, State.TALK.value, State.WRAPUP.value})

Period = tuple[datetime, datetime]  # [start, end), aware


def basis_days(target: date, today: date, weeks: int = WEEKS) -> list[date]:
    """The `weeks` same weekdays before `target` whose day is over (before `today`), latest
    first. A date in the future is forecast from the last weeks that are over."""
    anchor = min(target, today)
    latest = anchor - timedelta(days=(anchor.weekday() - target.weekday()) % 7 or 7)
    return [latest - timedelta(weeks=k) for k in range(weeks)]


def arrivals(calls: Iterable[CallFact], minutes: int, zone: tzinfo) -> dict[tuple[date, int], int]:
    """Callers offered per (local date, minute of the day the interval starts at)."""
    counts: dict[tuple[date, int], int] = defaultdict(int)
    for c in calls:
        local = c["entered_at"].astimezone(zone)
        slot = (local.hour * 60 + local.minute) // minutes * minutes
        counts[(local.date(), slot)] += 1
    return counts


def measured_aht(calls: Iterable[CallFact], days: set[date], zone: tzinfo) -> float | None:
    """The AHT of the answered calls that entered on `days` (local); None with none answered."""
    handled = [
        c["talk_seconds"] + c["hold_seconds"] + c["wrapup_seconds"]
        for c in calls
        if c["outcome"] == Outcome.ANSWERED and c["entered_at"].astimezone(zone).date() in days
    ]
    return ratio(sum(handled), len(handled))


@dataclass(frozen=True)
class Forecast:
    """Arrivals per (date, minute of the day) for the target dates, from `weeks` weeks."""

    arrivals: dict[tuple[date, int], float]
    aht_seconds: float
    measured: bool  # False when no call of the basis was answered (FALLBACK_AHT_SECONDS)
    weeks: int
    basis_first: date | None
    basis_last: date | None


def forecast(
    calls: Sequence[CallFact],
    targets: Sequence[date],
    today: date,
    minutes: int,
    zone: tzinfo,
    weeks: int = WEEKS,
    *,
    since: date | None = None,
) -> Forecast:
    """`since`: the log's first day. A week before it is not a quiet week but one nobody
    measured: it is left out of the mean (a line in its third week is forecast from two)."""
    counts = arrivals(calls, minutes, zone)
    out: dict[tuple[date, int], float] = {}
    days: set[date] = set()
    for target in targets:
        basis = [b for b in basis_days(target, today, weeks) if since is None or b >= since]
        days.update(basis)
        for slot in range(0, 24 * 60, minutes):
            total = sum(counts.get((b, slot), 0) for b in basis)
            if total:
                out[(target, slot)] = total / len(basis)
    aht = measured_aht(calls, days, zone)
    return Forecast(
        arrivals=out,
        aht_seconds=aht if aht is not None else FALLBACK_AHT_SECONDS,
        measured=aht is not None,
        weeks=weeks,
        basis_first=min(days) if days else None,
        basis_last=max(days) if days else None,
    )


def spread(start: datetime, minutes: int, count: int, periods: Iterable[Period]) -> list[float]:
    """Officer-time per interval: the `count` intervals of `minutes` from `start`, each the
    sum of the periods' overlap with it ÷ its length (an officer present throughout is 1)."""
    length = minutes * 60
    seconds = [0.0] * count
    for a, b in periods:
        first = max(int((a - start).total_seconds() // length), 0)
        i = first
        while i < count:
            lo = start + timedelta(seconds=i * length)
            hi = lo + timedelta(seconds=length)
            if lo >= b:
                break
            overlap = (min(b, hi) - max(a, lo)).total_seconds()
            if overlap > 0:
                seconds[i] += overlap
            i += 1
    return [s / length for s in seconds]


def available_periods(spans: Iterable[Span]) -> list[Period]:
    return [(s["start"], s["end"]) for s in spans if s["state"] in AVAILABLE]


@dataclass(frozen=True)
class IntervalRow:
    start: datetime  # local, naive (as the other reports' intervals)
    arrivals: float  # forecast
    required: int
    rostered: float
    available: float  # actually ready, on a call or in wrap-up

    @property
    def gap(self) -> float:
        return self.rostered - self.required

    @property
    def shortfall(self) -> bool:
        return self.gap < 0


def interval_rows(
    first: date,
    days: int,
    minutes: int,
    zone: tzinfo,
    fc: Forecast,
    shifts: Sequence[Period],
    available: Sequence[Period],
) -> list[IntervalRow]:
    """One row per interval of the `days` local days from `first` (Indonesia's zones keep no
    daylight saving time, so every day has 24 hours of intervals)."""
    start = datetime.combine(first, datetime.min.time()).replace(tzinfo=zone)
    count = days * 24 * 60 // minutes
    rostered = spread(start, minutes, count, shifts)
    ready = spread(start, minutes, count, available)
    rows = []
    for i in range(count):
        local = (start + timedelta(minutes=i * minutes)).replace(tzinfo=None)
        expected = fc.arrivals.get((local.date(), local.hour * 60 + local.minute), 0.0)
        need = officers_needed(expected, fc.aht_seconds, interval_minutes=minutes)
        rows.append(
            IntervalRow(
                start=local,
                arrivals=expected,
                required=need["officers"],
                rostered=rostered[i],
                available=ready[i],
            )
        )
    return rows


def overlap_seconds(periods: Iterable[Period], others: Sequence[Period]) -> float:
    total = 0.0
    for a, b in periods:
        for c, d in others:
            if c < b and a < d:
                total += (min(b, d) - max(a, c)).total_seconds()
    return total


@dataclass(frozen=True)
class Adherence:
    rostered_seconds: float
    available_seconds: float  # available during rostered time

    @property
    def share(self) -> float | None:
        return ratio(self.available_seconds, self.rostered_seconds)


def adherence(
    shifts: Iterable[tuple[int, date, Period]], spans: Iterable[Span]
) -> dict[tuple[int, date], Adherence]:
    """Per (officer, date the shift starts on): rostered time and the time available in it.
    One officer's shifts never overlap (the roster refuses it), nor do their spans, so the
    overlaps add up without counting a second twice."""
    by_officer: dict[int, list[Period]] = defaultdict(list)
    for s in spans:
        if s["state"] in AVAILABLE:
            by_officer[s["agent"]].append((s["start"], s["end"]))
    rostered: dict[tuple[int, date], float] = defaultdict(float)
    present: dict[tuple[int, date], float] = defaultdict(float)
    for officer, day, (a, b) in shifts:
        rostered[(officer, day)] += (b - a).total_seconds()
        present[(officer, day)] += overlap_seconds([(a, b)], by_officer.get(officer, []))
    return {key: Adherence(rostered[key], present[key]) for key in sorted(rostered)}


def totals(found: dict[tuple[int, date], Adherence], by: int) -> dict[int | date, Adherence]:
    """Adherence summed per officer (`by` = 0) or per day (`by` = 1)."""
    sums: dict[int | date, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for key, a in found.items():
        sums[key[by]][0] += a.rostered_seconds
        sums[key[by]][1] += a.available_seconds
    return {k: Adherence(r, p) for k, (r, p) in sorted(sums.items())}
