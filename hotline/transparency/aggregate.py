"""A period's figures read by aggregation in the database and in bounded batches (the worker's
path; `queries` + `figures.compute` is the in-memory reference it is tested against).

- Counts (reports received, changes of status, ratings) come from GROUP BY queries over the
  period's date index: one row per combination of dimensions, not one per report.
- Decided SLA clocks need each clock's working time on its agency's calendar, so they are read
  one day of the period at a time (each day a range of the `due_at` / `stopped_at` indexes) and
  added to the accumulators: memory holds one day of clocks, not the month.
- The backlog and the phone line are read as before (`queries`): they are bounded by what is
  open, and by the calls queued for an officer.

The SQL runs on SQLite and PostgreSQL alike; only reading a key of the JSON `data` of a history
event is written per engine. The statements are built from this module's constants only; every
value is a bound parameter (hence the `noqa: S608`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hotline.db.tx import is_sqlite
from hotline.sla.calendar import WorkingCalendar
from hotline.tickets.events import EventKind
from hotline.tickets.tables import Ticket
from hotline.transparency import queries
from hotline.transparency.accumulate import Figures
from hotline.transparency.facts import CLOSED_BEFORE_DISPATCH, NOT_DISPATCHED, Dims, QueueCallFact
from hotline.transparency.figures import CLOCK_KINDS
from hotline.transparency.queries import Directory

# The report's dimensions, and whether it was closed by the end of the period (a report without
# an agency is then "closed before dispatch", else "not dispatched": queries._agency_key).
_TICKET_DIMS = (
    "t.agency, t.category, t.region, t.channel, "
    "CASE WHEN t.closed_at IS NOT NULL AND t.closed_at < {} THEN 1 ELSE 0 END AS closed"
)
_KINDS = ", ".join(f"'{k}'" for k in CLOCK_KINDS)
# One day of clocks per query: bounded memory whatever the size of the month.
BATCH = timedelta(days=1)


def _data(key: str) -> str:
    """The text of `key` in a history event's JSON `data` (NULL when absent)."""
    if is_sqlite():
        return f"json_extract(e.data, '$.{key}')"
    return f"(e.data ->> '{key}')"


class _Dims:
    """Dims of a row, made once per distinct combination (there are few)."""

    def __init__(self, d: Directory) -> None:
        self.d = d
        self._made: dict[tuple[Any, ...], Dims] = {}

    def __call__(self, row: dict[str, Any], agency: str | None = None) -> Dims:
        key = (row["agency"], row["category"], row["region"], row["channel"], row["closed"], agency)
        found = self._made.get(key)
        if found is None:
            d = self.d
            if agency is None:
                if row["agency"] is not None:
                    agency = d.agency_code.get(row["agency"], "")
                else:
                    agency = CLOSED_BEFORE_DISPATCH if row["closed"] else NOT_DISPATCHED
            found = self._made[key] = Dims(
                agency=agency,
                category=d.category_code.get(row["category"], ""),
                kecamatan=d.region_kecamatan.get(row["region"], ""),
                channel=row["channel"],
            )
        return found


async def _received(acc: Figures, dims: _Dims, start: datetime, until: datetime) -> None:
    rows = await Ticket.raw(
        f"SELECT {_TICKET_DIMS}, COUNT(*) AS n FROM ticket t "  # noqa: S608 (constants; values bound)
        "WHERE t.created_at >= {} AND t.created_at < {} GROUP BY 1, 2, 3, 4, 5",
        until,
        start,
        until,
    )
    for r in rows:
        acc.received(dims(r), r["n"])


async def _changes(acc: Figures, dims: _Dims, start: datetime, until: datetime) -> None:
    rows = await Ticket.raw(
        f"SELECT {_TICKET_DIMS}, {_data('action')} AS action, "  # noqa: S608 (as above)
        f"{_data('agency')} AS to_agency, "
        f"e.to_status AS to_status, {_data('reason')} AS reason, "
        f"{_data('confirmed_by')} AS confirmed_by, "
        "CASE WHEN t.dispatched_at = e.at THEN 1 ELSE 0 END AS first, COUNT(*) AS n "
        "FROM ticket_event e JOIN ticket t ON t.id = e.ticket "
        "WHERE e.kind = {} AND e.at >= {} AND e.at < {} "
        "GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11",
        until,
        EventKind.STATUS_CHANGED.value,
        start,
        until,
    )
    for r in rows:
        action = "" if r["action"] is None else str(r["action"])
        # A disposition or transfer belongs to the agency it went to, whatever happened later.
        agency = r["to_agency"] if action in ("dispatch", "transfer") else None
        acc.change(
            dims(r, None if agency is None else str(agency)),
            action=action,
            to_status=r["to_status"],
            reason="" if action != "reject" or r["reason"] is None else str(r["reason"]),
            confirmed_by="" if r["confirmed_by"] is None else str(r["confirmed_by"]),
            first_dispatch=action == "dispatch" and bool(r["first"]),
            count=r["n"],
        )


async def _ratings(acc: Figures, dims: _Dims, start: datetime, until: datetime) -> None:
    rows = await Ticket.raw(
        f"SELECT {_TICKET_DIMS}, {_data('rating')} AS rating, COUNT(*) AS n "  # noqa: S608
        "FROM ticket_event e JOIN ticket t ON t.id = e.ticket "
        "WHERE e.kind = {} AND e.at >= {} AND e.at < {} GROUP BY 1, 2, 3, 4, 5, 6",
        until,
        EventKind.RATED.value,
        start,
        until,
    )
    for r in rows:
        if r["rating"] in (None, "", 0, "0"):
            continue  # no rating given (queries._ratings skips them too)
        acc.rating(dims(r), int(r["rating"]), r["n"])


_CLOCK_SELECT = (
    "SELECT c.kind AS kind, c.agency AS clock_agency, c.started_at AS started_at, "  # noqa: S608
    "c.due_at AS due_at, c.paused_at AS paused_at, c.paused_seconds AS paused_seconds, "
    f"c.stopped_at AS stopped_at, c.met AS met, {_TICKET_DIMS} "
    "FROM ticket_clock c JOIN ticket t ON t.id = c.ticket "
)


async def _clocks(
    acc: Figures, dims: _Dims, d: Directory, start: datetime, until: datetime
) -> None:
    """The clocks decided in the period (queries._clocks), one day at a time."""
    calendars = queries.Calendars()
    # Per clock agency: its calendar and working day, looked up without an await per clock.
    known: dict[int | None, tuple[WorkingCalendar, int]] = {}
    day = start
    while day < until:
        stop = min(day + BATCH, until)
        met = await Ticket.raw(
            _CLOCK_SELECT + f"WHERE c.met = {{}} AND c.stopped_at >= {{}} "
            f"AND c.stopped_at < {{}} AND c.kind IN ({_KINDS})",
            until,
            True,
            day,
            stop,
        )
        due = await Ticket.raw(
            _CLOCK_SELECT + f"WHERE c.due_at >= {{}} AND c.due_at < {{}} AND c.kind IN ({_KINDS}) "
            "AND (c.met = {} OR c.met IS NULL)",
            until,
            day,
            stop,
            False,
        )
        for row in due:
            row["met"] = None if row["met"] is None else bool(row["met"])
        decided = [(r, True) for r in met] + [(r, False) for r in due if queries.decided_missed(r)]
        for row, was_met in decided:
            if row["kind"] == "verification":
                agency = d.central
            elif row["kind"] == "first_response":
                agency = d.agency_code.get(row["clock_agency"], "")
            else:
                # The end-to-end clock answers to the agency holding the report at the end.
                agency = d.agency_code.get(row["agency"] or row["clock_agency"], "")
            found = known.get(row["clock_agency"])
            if found is None:
                calendar = await calendars.of(row["clock_agency"])
                found = known[row["clock_agency"]] = (calendar, calendar.day_minutes * 60)
            calendar, day_seconds = found
            worked: float | None = None
            stopped = row["paused_at"] or row["stopped_at"]
            # Only a clock that ended within the period has a time (queries._clocks).
            if stopped is not None and row["stopped_at"] is not None and row["stopped_at"] < until:
                worked = calendar.between(row["started_at"], stopped).total_seconds()
                worked -= row["paused_seconds"]
            acc.clock(
                dims(row, agency),
                kind=row["kind"],
                met=was_met,
                working_seconds=worked,
                day_seconds=day_seconds,
            )
        day = stop


async def period_figures(
    start: datetime,
    end: datetime,
    *,
    now: datetime,
    zone: ZoneInfo,
    directory: Directory,
    min_clocks: int,
) -> tuple[dict[str, Any], list[QueueCallFact]]:
    """`figures.compute` of [start, end) read up to `now`, and the period's queued calls (the
    staffing recommendation needs them)."""
    until = min(end, now)
    d = replace(directory, period_end=until)
    dims = _Dims(d)
    acc = Figures()
    await _received(acc, dims, start, until)
    await _changes(acc, dims, start, until)
    await _clocks(acc, dims, d, start, until)
    await _ratings(acc, dims, start, until)
    for report in await queries.open_at(until, now, d, queries.Tickets()):
        acc.open_report(report.dims, report.age_days)
    calls = await queries.queue_calls(start, until, zone)
    return acc.result(calls, min_clocks=min_clocks), calls
