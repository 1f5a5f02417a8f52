"""Admin changes to a calendar: holidays added (a regional holiday) or removed (a changed SKB),
and an admin's own date removed so the day follows the national calendar again.

A change is an input of every running deadline that uses the calendar, so those deadlines are
recomputed in the same transaction; nothing else ever recomputes a stored deadline.
"""

from __future__ import annotations

from datetime import date, datetime

from piccolo.columns.combination import Combinable

from hotline import clock
from hotline.db.tx import transaction
from hotline.directory.service import central_agency
from hotline.directory.tables import AdminChange, Agency, CalendarOverride
from hotline.tickets import clocks
from hotline.tickets.tables import TicketClock


async def _affected_tickets(calendar_id: int) -> list[int]:
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


async def recompute_calendar(calendar_id: int) -> int:
    """After the calendar's working hours changed: recompute every running deadline on it (call
    inside the transaction of the change). Returns how many tickets were touched."""
    tickets = await _affected_tickets(calendar_id)
    for ticket_id in tickets:
        await clocks.recompute(ticket_id)
    return len(tickets)


async def _record(calendar_id: int, action: str, data: dict, *, actor: str, at: datetime) -> None:
    """Every change to a calendar is kept: who, when, what (AdminChange)."""
    await AdminChange.insert(
        AdminChange(
            at=at,
            actor=actor,
            entity="calendar",
            entity_key=str(calendar_id),
            action=action,
            data=data,
        )
    )


async def set_day(calendar_id: int, day: date, *, is_working: bool, note: str, actor: str) -> int:
    """Declare `day` a holiday (is_working=False) or a working day; returns how many tickets'
    deadlines were recomputed."""
    now = clock.now()
    async with transaction():
        await CalendarOverride.delete().where(
            (CalendarOverride.calendar == calendar_id) & (CalendarOverride.day == day)
        )
        await CalendarOverride.insert(
            CalendarOverride(
                calendar=calendar_id,
                day=day,
                is_working=is_working,
                note=note,
                created_by=actor,
                created_at=now,
            )
        )
        await _record(
            calendar_id,
            "set_day",
            {"day": day.isoformat(), "is_working": is_working, "note": note},
            actor=actor,
            at=now,
        )
        return await recompute_calendar(calendar_id)


async def remove_day(calendar_id: int, day: date, *, actor: str) -> int | None:
    """Remove the admin's override of `day`: the day falls back to the national calendar (the
    holidays package). Returns how many tickets' deadlines were recomputed, or None when the
    calendar has no override on that day (nothing changed, nothing recorded)."""
    now = clock.now()
    on_day = (CalendarOverride.calendar == calendar_id) & (CalendarOverride.day == day)
    async with transaction():
        found = await CalendarOverride.select().where(on_day).first()
        if found is None:
            return None
        await CalendarOverride.delete().where(on_day)
        await _record(
            calendar_id,
            "remove_day",
            {
                "day": day.isoformat(),
                "before": {
                    "is_working": found["is_working"],
                    "note": found["note"],
                    "created_by": found["created_by"],
                },
            },
            actor=actor,
            at=now,
        )
        return await recompute_calendar(calendar_id)
