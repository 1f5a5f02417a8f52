"""A period's figures read by aggregation in the database and in bounded batches (the worker's
path; `queries` + `figures.compute` is the in-memory reference it is tested against).

- Counts (reports received, changes of status, ratings) come from GROUP BY queries over the
  period's date index: one row per combination of dimensions, not one per report.
- Decided SLA clocks need each clock's working time on its agency's calendar, so they are read
  one day of the period at a time (each day a range of the `due_at` / `stopped_at` indexes) as
  plain tuples, instants as epoch microseconds computed by the database; each clock's working
  time is W(end) − W(start) from its calendar's running total (hotline/sla/cumulative.py),
  derived from the calendar at each computation. Memory holds one day of clocks and one float
  per clock with a time (for the medians), not the month's clocks.
- The backlog: the reports open now as tuples; those changed since the period's end replayed as
  in `queries`. The phone line is read as before: the calls queued for an officer.

The SQL runs on SQLite and PostgreSQL alike; only reading a key of the JSON `data` of a history
event, and an instant as epoch microseconds, are written per engine. The statements are built from this module's constants only; every
value is a bound parameter (hence the `noqa: S608`).
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hotline.db.tx import engine, is_sqlite
from hotline.sla.calendar import WorkingCalendar
from hotline.sla.cumulative import CumulativeWorkingTime, epoch_us, from_epoch_us
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
_MICROSECOND = timedelta(microseconds=1)


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
    # Each key of the JSON is read only for the events that use it (reading one parses the
    # whole document again): the action always, the agency of a dispatch or transfer, the reason
    # of a rejection, who confirmed a resolution. The action is read in a subquery, once.
    rows = await Ticket.raw(
        f"SELECT {_TICKET_DIMS}, e.action AS action, "  # noqa: S608 (as above)
        f"CASE WHEN e.action IN ('dispatch', 'transfer') THEN {_data('agency')} END AS to_agency, "
        f"e.to_status AS to_status, "
        f"CASE WHEN e.action = 'reject' THEN {_data('reason')} END AS reason, "
        f"CASE WHEN e.to_status = 'selesai' THEN {_data('confirmed_by')} END AS confirmed_by, "
        "CASE WHEN e.action = 'dispatch' AND t.dispatched_at = e.at THEN 1 ELSE 0 END AS first, "
        "COUNT(*) AS n "
        f"FROM (SELECT e.ticket, e.at, e.to_status, e.data, {_data('action')} AS action "
        "FROM ticket_event e WHERE e.kind = {} AND e.at >= {} AND e.at < {}) e "
        "JOIN ticket t ON t.id = e.ticket "
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


def _epoch_us(column: str) -> str:
    """An instant column as whole microseconds since the Unix epoch, computed by the database:
    exact (no float), and no datetime object made per row."""
    if is_sqlite():
        # Piccolo stores an instant as text in UTC, '2026-09-01 03:00:00[.ffffff]+00:00'. The
        # seconds are read without the fraction: SQLite's date functions round it to the
        # millisecond, which would carry 00.9996 over to the next second.
        return (
            f"(CAST(strftime('%s', substr({column}, 1, 19)) AS INTEGER) * 1000000 + "
            f"CASE WHEN instr({column}, '.') > 0 "
            f"THEN CAST(substr({column}, instr({column}, '.') + 1, 6) AS INTEGER) ELSE 0 END)"
        )
    # EXTRACT gives a numeric (exact) since PostgreSQL 14.
    return f"CAST(EXTRACT(EPOCH FROM {column}) * 1000000 AS BIGINT)"


def _clock_select() -> str:
    """The decided clocks' dimensions, start, end (NULL when the clock has no time: only a
    clock that ended within the period has one, queries._clocks) and pauses, as plain values."""
    ended = "c.stopped_at IS NOT NULL AND c.stopped_at < {}"
    return (
        "SELECT c.kind, c.agency, t.agency, t.category, t.region, t.channel, "  # noqa: S608
        "CASE WHEN t.closed_at IS NOT NULL AND t.closed_at < {} THEN 1 ELSE 0 END, "
        f"{_epoch_us('c.started_at')}, "
        f"CASE WHEN {ended} THEN {_epoch_us('COALESCE(c.paused_at, c.stopped_at)')} END, "
        "c.paused_seconds FROM ticket_clock c JOIN ticket t ON t.id = c.ticket "
    )


# Met: stopped in time within the batch. Missed: the deadline fell within the batch and the
# clock stopped late, was breached, or is still running and was not paused before its deadline
# (queries.decided_missed).
_MET = (
    f"WHERE c.met = {{}} AND c.stopped_at >= {{}} AND c.stopped_at < {{}} AND c.kind IN ({_KINDS})"
)
_MISSED = (
    f"WHERE c.due_at >= {{}} AND c.due_at < {{}} AND c.kind IN ({_KINDS}) AND (c.met = {{}} "
    "OR (c.met IS NULL AND c.stopped_at IS NULL "
    "AND (c.paused_at IS NULL OR c.paused_at >= c.due_at)))"
)

Fetch = Callable[..., Awaitable[Sequence[Sequence[Any]]]]


@asynccontextmanager
async def _reader() -> AsyncIterator[Fetch]:
    """Rows as plain tuples from one connection of the engine (statements written with `{}` for
    each bound value, as Piccolo's `raw`): a dictionary per row, and on SQLite a datetime per
    instant column, was most of the clocks' time (docs/PERFORMANCE.md)."""
    db = engine()
    if is_sqlite():
        conn = await db.get_connection()
        conn.row_factory = None

        async def fetch_sqlite(sql: str, *args: Any) -> Sequence[Sequence[Any]]:
            async with conn.execute(sql.format(*["?"] * len(args)), args) as cursor:
                rows: Sequence[Sequence[Any]] = await cursor.fetchall()
                return rows

        try:
            yield fetch_sqlite
        finally:
            await conn.close()
        return
    pooled = db.pool is not None
    conn = await (db.pool.acquire() if pooled else db.get_new_connection())

    async def fetch_pg(sql: str, *args: Any) -> Sequence[Sequence[Any]]:
        marks = [f"${i}" for i in range(1, len(args) + 1)]
        rows: Sequence[Sequence[Any]] = await conn.fetch(sql.format(*marks), *args)
        return rows

    try:
        yield fetch_pg
    finally:
        if pooled:
            await db.pool.release(conn)
        else:
            await conn.close()


class _ClockGroup:
    """Decided clocks alike in every dimension, kind and outcome: their number, and the working
    days of those with a time."""

    __slots__ = ("calendar", "count", "day_seconds", "days", "table")

    def __init__(self, calendar: WorkingCalendar, table: CumulativeWorkingTime | None) -> None:
        self.calendar = calendar
        self.table = table
        self.day_seconds = calendar.day_minutes * 60
        self.count = 0
        self.days: array[float] = array("d")


class _ClockGroups:
    """The period's decided clocks by group, each clock's working time from its calendar's
    running total (hotline/sla/cumulative.py) over the year before the period and the period:
    a clock outside it (started more than a year before) asks the calendar itself."""

    def __init__(self, start: datetime, until: datetime) -> None:
        self.start, self.until = start, until
        self.calendars = queries.Calendars()
        self.tables: dict[WorkingCalendar, CumulativeWorkingTime | None] = {}
        self.by_agency: dict[int | None, tuple[WorkingCalendar, CumulativeWorkingTime | None]] = {}
        # Met, then missed: the groups by the rows' first seven columns.
        self.groups: dict[bool, dict[Sequence[Any], _ClockGroup]] = {True: {}, False: {}}

    async def _new(self, clock_agency: int | None) -> _ClockGroup:
        found = self.by_agency.get(clock_agency)
        if found is None:
            calendar = await self.calendars.of(clock_agency)
            if calendar not in self.tables:
                zone = calendar.zone
                self.tables[calendar] = CumulativeWorkingTime.build(
                    calendar,
                    self.start.astimezone(zone).date() - timedelta(days=366),
                    self.until.astimezone(zone).date() + timedelta(days=1),
                )
            found = self.by_agency[clock_agency] = (calendar, self.tables[calendar])
        return _ClockGroup(*found)

    async def add(self, rows: Sequence[Sequence[Any]], *, met: bool) -> None:
        """Rows of `_clock_select`. The loop runs once per clock (255,000 for a month of
        100,000 reports), hence `CumulativeWorkingTime.at` written out in it."""
        groups = self.groups[met]
        for row in rows:
            key = row[:7]
            group = groups.get(key)
            if group is None:
                group = groups[key] = await self._new(key[1])
            group.count += 1
            stopped = row[8]
            if stopped is None:
                continue  # no time (still running, or stopped after the period)
            started = row[7]
            table = group.table
            if (
                table is not None
                and table.first <= started < table.last
                and table.first <= stopped < table.last
            ):
                starts, ends, before = table.starts, table.ends, table.before
                i = bisect_right(starts, stopped) - 1
                worked = 0 if i < 0 else before[i] + min(stopped - starts[i], ends[i] - starts[i])
                i = bisect_right(starts, started) - 1
                if i >= 0:
                    worked -= before[i] + min(started - starts[i], ends[i] - starts[i])
            else:
                between = group.calendar.between(from_epoch_us(started), from_epoch_us(stopped))
                worked = between // _MICROSECOND
            # As timedelta.total_seconds() then the pauses (queries._clocks): the same float
            # operations, so the same values to the last bit.
            seconds = worked / 1_000_000 - row[9]
            group.days.append((seconds if seconds > 0.0 else 0.0) / group.day_seconds)

    def into(self, acc: Figures, dims: _Dims, d: Directory) -> None:
        for met, groups in self.groups.items():
            for key, group in groups.items():
                self._into(acc, dims, d, met, key, group)

    @staticmethod
    def _into(
        acc: Figures, dims: _Dims, d: Directory, met: bool, key: Sequence[Any], group: _ClockGroup
    ) -> None:
        kind, clock_agency, agency_id, category, region, channel, closed = key
        if kind == "verification":
            agency = d.central
        elif kind == "first_response":
            agency = d.agency_code.get(clock_agency, "")
        else:
            # The end-to-end clock answers to the agency holding the report at the end.
            agency = d.agency_code.get(agency_id or clock_agency, "")
        of = {
            "agency": agency_id,
            "category": category,
            "region": region,
            "channel": channel,
            "closed": closed,
        }
        acc.clocks(dims(of, agency), kind=kind, met=met, count=group.count, days=group.days)


async def _clocks(
    acc: Figures, dims: _Dims, d: Directory, start: datetime, until: datetime
) -> None:
    """The clocks decided in the period (queries._clocks), one day at a time."""
    groups = _ClockGroups(start, until)
    select = _clock_select()
    async with _reader() as fetch:
        day = start
        while day < until:
            stop = min(day + BATCH, until)
            await groups.add(await fetch(select + _MET, until, until, True, day, stop), met=True)
            await groups.add(
                await fetch(select + _MISSED, until, until, day, stop, False), met=False
            )
            day = stop
    groups.into(acc, dims, d)


async def _backlog(acc: Figures, dims: _Dims, end: datetime, now: datetime) -> None:
    """The reports open at `end` (queries.open_at), those open now as plain rows: their
    dimensions and the microsecond they were filed."""
    changed = await queries.changed_since(end, now)
    end_us = epoch_us(end)
    made: dict[tuple[Any, ...], Dims] = {}

    def add(key: tuple[Any, ...], created_us: int) -> None:
        found = made.get(key)
        if found is None:
            agency, category, region, channel, closed = key
            row = {
                "agency": agency,
                "category": category,
                "region": region,
                "channel": channel,
                "closed": closed,
            }
            found = made[key] = dims(row)
        # As queries.open_at: timedelta.total_seconds() / 86400, the same float operations.
        acc.open_report(found, round((end_us - created_us) / 1_000_000 / 86400, 2))

    statuses = ", ".join(f"'{s}'" for s in queries.OPEN_KEYS)
    async with _reader() as fetch:
        rows = await fetch(
            f"SELECT t.id, {_TICKET_DIMS}, {_epoch_us('t.created_at')} FROM ticket t "  # noqa: S608
            f"WHERE t.status IN ({statuses}) AND t.created_at < {{}}",
            end,
            end,
        )
    for row in rows:
        if row[0] not in changed:
            add(tuple(row[1:6]), row[6])
    for r in (await queries.replayed_open(changed, end, queries.Tickets())).values():
        closed = 1 if r["closed_at"] is not None and r["closed_at"] < end else 0
        key = (r["agency"], r["category"], r["region"], r["channel"], closed)
        add(key, epoch_us(r["created_at"]))


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
    await _backlog(acc, dims, until, now)
    calls = await queries.queue_calls(start, until, zone)
    return acc.result(calls, min_clocks=min_clocks), calls
