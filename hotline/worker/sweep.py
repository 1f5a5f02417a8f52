"""The SLA sweep: warn at 75 %, escalate at breach and after the grace period, auto-close.

It reads only clocks whose next_check_at has come (an index on that column), so a sweep costs in
proportion to what is due, not to what is open. Each clock is advanced in the transaction that
claimed it, together with its event and its outbox rows; the event's unique dedupe key is the last
guard that makes each warning and escalation happen once, whatever number of workers run.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from hotline import clock
from hotline.db.tx import claim_due, transaction
from hotline.directory.service import agency_calendar, central_agency
from hotline.directory.tables import Agency
from hotline.notify.outbox import enqueue
from hotline.notify.senders.base import Channel
from hotline.sla.escalation import ClockState, Step, due_step, next_check, recipients
from hotline.tickets import clocks, messages
from hotline.tickets.events import EventKind
from hotline.tickets.lifecycle import Status
from hotline.tickets.records import ClockRow
from hotline.tickets.service import WORKER, add_event, auto_close
from hotline.tickets.tables import Ticket, TicketClock

log = logging.getLogger("hotline.worker")

BATCH = 200
STAFF_LOCALE = "id"


@dataclass
class SweepStats:
    warnings: int = 0
    escalations: int = 0
    auto_closed: int = 0
    idle: int = 0

    def __iadd__(self, other: SweepStats) -> SweepStats:
        self.warnings += other.warnings
        self.escalations += other.escalations
        self.auto_closed += other.auto_closed
        self.idle += other.idle
        return self


class _Directory:
    """Agency rows and time zones looked up once per sweep, not once per clock."""

    def __init__(self) -> None:
        self._agencies: dict[int | None, dict[str, Any] | None] = {}
        self._zones: dict[int | None, ZoneInfo] = {}

    async def agency(self, agency_id: int | None) -> dict[str, Any] | None:
        if agency_id not in self._agencies:
            self._agencies[agency_id] = (
                await Agency.select().where(Agency.id == agency_id).first()
                if agency_id is not None
                else await central_agency()
            )
        return self._agencies[agency_id]

    async def zone(self, agency_id: int | None) -> ZoneInfo:
        if agency_id not in self._zones:
            self._zones[agency_id] = ZoneInfo((await agency_calendar(agency_id)).timezone)
        return self._zones[agency_id]


async def _notify_staff(
    directory: _Directory, clock_row: ClockRow, ticket: dict, level: int, now: datetime
) -> None:
    # Staff read the deadline in their own agency's zone (WIB, WITA or WIT).
    due = format_datetime(
        clock_row["due_at"],
        "EEEE, d MMMM y HH:mm zzz",
        tzinfo=await directory.zone(clock_row["agency"]),
        locale=STAFF_LOCALE,
    )
    text = messages.sla_notice(
        STAFF_LOCALE, level=level, reference=ticket["reference"], clock=clock_row["kind"], due=due
    )
    agency = await directory.agency(clock_row["agency"]) if clock_row["agency"] else None
    for who in recipients(level, agency, await directory.agency(None)):
        await enqueue(
            channel=Channel(who.channel),
            recipient=who.address,
            subject=text.subject,
            body=text.body,
            dedupe_key=f"clock:{clock_row['id']}:level:{level}:{who.key}",
            now=now,
            about=messages.about(ticket["id"]),
        )


async def _advance(row: ClockRow, now: datetime, directory: _Directory) -> SweepStats:
    stats = SweepStats()
    state = clocks.state_of(row)
    step = due_step(state, now, clocks.grace())
    changes: dict[Any, Any] = {}
    if step is None or row["stopped_at"] or row["paused_at"]:
        stats.idle += 1
        changes[TicketClock.next_check_at] = (
            None if row["stopped_at"] or row["paused_at"] else next_check(state, clocks.grace())
        )
        await TicketClock.update(changes).where(TicketClock.id == row["id"])
        return stats
    action, level = step
    ticket = (
        await Ticket.select(Ticket.id, Ticket.reference, Ticket.status)
        .where(Ticket.id == row["ticket"])
        .first()
    )
    assert ticket is not None
    if action is Step.AUTO_CLOSE:
        if ticket["status"] == Status.DITANGGAPI.value:
            await auto_close(ticket["id"], at=now)
            stats.auto_closed += 1
        # auto_close stopped this clock; if the ticket had moved on, stop it here.
        await TicketClock.update(
            {TicketClock.next_check_at: None, TicketClock.breached_at: row["due_at"]}
        ).where(TicketClock.id == row["id"])
        return stats
    kind = EventKind.SLA_WARNING if action is Step.WARN else EventKind.SLA_ESCALATION
    await add_event(
        ticket["id"],
        kind,
        WORKER,
        at=now,
        public=False,
        data={"clock": row["kind"], "level": level, "due_at": state.due_at.isoformat()},
        dedupe_key=f"clock:{row['id']}:level:{level}",
    )
    await _notify_staff(directory, row, ticket, level, now)
    if action is Step.WARN:
        stats.warnings += 1
        state = ClockState(
            state.kind, state.due_at, state.warn_at, now, state.breached_at, state.escalation_level
        )
        changes[TicketClock.warned_at] = now
    else:
        stats.escalations += 1
        # Breach time is the deadline itself, not when a (possibly late) worker noticed it.
        breached = state.breached_at or state.due_at
        state = ClockState(
            state.kind, state.due_at, state.warn_at, state.warned_at, breached, level
        )
        changes[TicketClock.breached_at] = breached
        changes[TicketClock.escalation_level] = level
        if level == 1:
            changes[TicketClock.met] = False
    changes[TicketClock.next_check_at] = next_check(state, clocks.grace())
    await TicketClock.update(changes).where(TicketClock.id == row["id"])
    return stats


async def sweep(*, now: datetime | None = None, batch: int = BATCH) -> SweepStats:
    """Advance every clock that is due now. Returns what was done."""
    total = SweepStats()
    when = now or clock.now()
    directory = _Directory()
    while True:
        async with transaction():
            rows = await claim_due(
                TicketClock.select()
                .where(TicketClock.next_check_at <= when)
                .order_by(TicketClock.next_check_at)
                .limit(batch),
                TicketClock,
            )
            for row in rows:
                total += await _advance(cast(ClockRow, row), when, directory)
        if len(rows) < batch:
            return total
