"""Starting, stopping, pausing and resuming a ticket's SLA clocks in the database.

Deadlines are computed once, when a clock starts (from the policy snapshot on the ticket and the
calendar of the agency that owns the clock), and again only when an input changes: a pause ends,
or `recompute` is called after an admin changes a policy or a calendar (the directory tells
`tickets/publication.py: recompute_calendar` of every change to a calendar, in the change's
transaction; it sits there because the public's expected date follows the new deadlines).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from piccolo.columns.combination import Combinable

from hotline.db.prebuilt import Insert
from hotline.directory.service import agency_calendar, central_agency
from hotline.directory.tables import Agency
from hotline.settings import get_settings
from hotline.sla.escalation import ClockState, next_check
from hotline.sla.policy import ClockKind, Duration, deadline, measure, resume, warn_at
from hotline.tickets.records import ClockRow
from hotline.tickets.tables import TicketClock


def grace() -> timedelta:
    return timedelta(hours=get_settings().escalation_grace_hours)


def state_of(row: ClockRow) -> ClockState:
    """The pure state of a clock the worker looks at. Such a clock has a deadline: `next_check_at`
    is set only with one (start and recompute), and a clock without one is never claimed."""
    if row["due_at"] is None:
        raise ValueError(f"clock {row['id']} has no deadline to check")
    return ClockState(
        kind=ClockKind(row["kind"]),
        due_at=row["due_at"],
        warn_at=row["warn_at"],
        warned_at=row["warned_at"],
        breached_at=row["breached_at"],
        escalation_level=row["escalation_level"],
    )


@dataclass
class _Filing:
    """The clocks of a ticket filed in this transaction: it has none in the database yet, so
    they are kept here, started and stopped in memory, and written together (one INSERT)."""

    ticket_id: int
    clocks: list[dict[str, Any]] = field(default_factory=list)  # TicketClock rows, by column
    written: bool = False  # by `_write_pending`: from then on, clocks are in the database


_FILING: ContextVar[_Filing | None] = ContextVar("tickets_clocks_filing", default=None)


def _filing(ticket_id: int) -> _Filing | None:
    filing = _FILING.get()
    if filing is None or filing.ticket_id != ticket_id or filing.written:
        return None
    return filing


@asynccontextmanager
async def filing(ticket_id: int) -> AsyncIterator[None]:
    """For a ticket inserted in this transaction: its clocks are written once, at the end of the
    block. A verification clock a confident rule stops at once is then written stopped, and
    filing a report costs one statement for its clocks instead of a read and a write for each
    (issue 16). Only `start`, `stop` and `running_due` are meant inside."""
    pending = _Filing(ticket_id)
    token = _FILING.set(pending)
    try:
        yield
    finally:
        _FILING.reset(token)
    # Not reached when the block raised: the transaction rolls back.
    if pending.clocks and not pending.written:
        await _INSERT.run(pending.clocks)


async def _write_pending(ticket_id: int) -> None:
    """What `pause` and the like read from the database: the filing's clocks, written now (and
    every clock of the ticket after them, as outside a filing)."""
    pending = _filing(ticket_id)
    if pending is None:
        return
    clocks, pending.clocks, pending.written = pending.clocks, [], True
    await _INSERT.run(clocks)


async def start(
    ticket_id: int, kind: ClockKind, duration: Duration, *, at: datetime, agency_id: int | None
) -> datetime:
    calendar = await agency_calendar(agency_id)
    due = deadline(at, duration, calendar)
    warn = None if kind is ClockKind.AUTO_CLOSE else warn_at(at, duration, calendar)
    state = ClockState(kind, due, warn, None, None, 0)
    row = _INSERT.complete(
        {
            "ticket": ticket_id,
            "kind": kind.value,
            "agency": agency_id,
            "duration": str(duration),
            "started_at": at,
            "due_at": due,
            "warn_at": warn,
            "next_check_at": next_check(state, grace()),
        }
    )
    pending = _filing(ticket_id)
    if pending is not None:
        pending.clocks.append(row)
    else:
        await _INSERT.run([row])
    return due


# Written on every report (and every disposition): built once (hotline/db/prebuilt.py).
_INSERT = Insert(TicketClock, returning_id=False)


def _met(
    due_at: datetime | None, paused_at: datetime | None, at: datetime, counts: bool
) -> bool | None:
    if not counts:
        return None
    end = paused_at or at
    return due_at is not None and end <= due_at


def _running(ticket_id: int, kinds: tuple[ClockKind, ...]):  # type: ignore[no-untyped-def]
    return (
        (TicketClock.ticket == ticket_id)
        & TicketClock.stopped_at.is_null()
        & TicketClock.kind.is_in([k.value for k in kinds])
    )


async def stop(ticket_id: int, *kinds: ClockKind, at: datetime, counts: bool = True) -> None:
    """Stop running clocks. `counts=False` when the clock ends for a reason that is neither
    meeting nor missing it (the ticket left the agency), so statistics leave it out."""
    pending = _filing(ticket_id)
    if pending is not None:
        # A ticket being filed has all its clocks here, none in the database.
        values = {k.value for k in kinds}
        for clock_row in pending.clocks:
            if clock_row["stopped_at"] is None and clock_row["kind"] in values:
                clock_row["met"] = _met(clock_row["due_at"], clock_row["paused_at"], at, counts)
                clock_row["stopped_at"] = at
                clock_row["next_check_at"] = None
        return
    rows = await TicketClock.select().where(_running(ticket_id, kinds))
    for row in rows:
        await TicketClock.update(
            {
                TicketClock.stopped_at: at,
                TicketClock.met: _met(row["due_at"], row["paused_at"], at, counts),
                TicketClock.next_check_at: None,
            }
        ).where(TicketClock.id == row["id"])


async def pause(ticket_id: int, *, at: datetime) -> None:
    await _write_pending(ticket_id)
    await TicketClock.update({TicketClock.paused_at: at, TicketClock.next_check_at: None}).where(
        (TicketClock.ticket == ticket_id)
        & TicketClock.stopped_at.is_null()
        & TicketClock.paused_at.is_null()
    )


async def resume_all(ticket_id: int, *, at: datetime) -> None:
    await _write_pending(ticket_id)
    rows = await TicketClock.select().where(
        (TicketClock.ticket == ticket_id)
        & TicketClock.stopped_at.is_null()
        & TicketClock.paused_at.is_not_null()
    )
    for row in rows:
        duration = Duration.parse(row["duration"])
        calendar = await agency_calendar(row["agency"])
        due = resume(row["paused_at"], at, row["due_at"], duration.unit, calendar)
        shift = due - row["due_at"]
        # Paused time in the clock's own time (working or calendar), so `recompute` can add it
        # back after a calendar change.
        paused = measure(row["paused_at"], at, duration.unit, calendar)
        if row["paused_at"] >= row["due_at"]:
            paused = timedelta(0)
        warn = (
            row["warn_at"] + shift
            if row["warn_at"] and row["warned_at"] is None
            else row["warn_at"]
        )
        state = ClockState(
            ClockKind(row["kind"]),
            due,
            warn,
            row["warned_at"],
            row["breached_at"],
            row["escalation_level"],
        )
        await TicketClock.update(
            {
                TicketClock.due_at: due,
                TicketClock.warn_at: warn,
                TicketClock.paused_at: None,
                TicketClock.paused_seconds: row["paused_seconds"] + int(paused.total_seconds()),
                TicketClock.next_check_at: next_check(state, grace()),
            }
        ).where(TicketClock.id == row["id"])


async def recompute(ticket_id: int) -> bool:
    """Recompute running, unpaused deadlines after a policy or calendar change.

    Pauses already taken are honoured by adding back the paused working time. Returns whether
    a deadline was recomputed."""
    await _write_pending(ticket_id)
    rows = await TicketClock.select().where(
        (TicketClock.ticket == ticket_id)
        & TicketClock.stopped_at.is_null()
        & TicketClock.paused_at.is_null()
        & TicketClock.breached_at.is_null()
    )
    for row in rows:
        duration = Duration.parse(row["duration"])
        calendar = await agency_calendar(row["agency"])
        paused = timedelta(seconds=row["paused_seconds"])
        due = deadline(row["started_at"], duration, calendar)
        if paused:
            due = calendar.add(due, paused) if duration.is_working() else due + paused
        kind = ClockKind(row["kind"])
        warn = (
            None if kind is ClockKind.AUTO_CLOSE else warn_at(row["started_at"], duration, calendar)
        )
        state = ClockState(kind, due, warn, row["warned_at"], None, row["escalation_level"])
        await TicketClock.update(
            {
                TicketClock.due_at: due,
                TicketClock.warn_at: warn,
                TicketClock.next_check_at: next_check(state, grace()),
            }
        ).where(TicketClock.id == row["id"])
    return bool(rows)


async def affected_tickets(calendar_id: int) -> list[int]:
    agencies = [
        r["id"] for r in await Agency.select(Agency.id).where(Agency.calendar == calendar_id)
    ]
    central = await central_agency()
    where = TicketClock.stopped_at.is_null() & TicketClock.paused_at.is_null()
    owners: list[Combinable] = [TicketClock.agency.is_in(agencies)] if agencies else []
    if central and central["calendar"] == calendar_id:
        # Clocks without an agency run on the central unit's calendar.
        owners.append(TicketClock.agency.is_null())
    if not owners:
        return []
    either = owners[0] if len(owners) == 1 else owners[0] | owners[1]
    rows = await TicketClock.select(TicketClock.ticket).where(where & either).distinct()
    return [r["ticket"] for r in rows]


async def running_due(ticket_id: int, kind: ClockKind, *, paused: bool = True) -> datetime | None:
    """The deadline of the ticket's running clock of `kind`, if one runs. `paused=False` leaves
    out a paused clock (its deadline slides while the reporter is asked, so the public is told
    no date)."""
    pending = _filing(ticket_id)
    if pending is not None:
        running = [
            c
            for c in pending.clocks
            if c["kind"] == kind.value
            and not c["stopped_at"]
            and (paused or not c.get("paused_at"))
        ]
        return running[-1]["due_at"] if running else None
    where = _running(ticket_id, (kind,))
    if not paused:
        where &= TicketClock.paused_at.is_null()
    row = (
        await TicketClock.select(TicketClock.due_at)
        .where(where)
        .order_by(TicketClock.id, ascending=False)
        .first()
    )
    return row["due_at"] if row else None
