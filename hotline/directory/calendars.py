"""Admin changes to a calendar: holidays added (a regional holiday) or removed (a changed SKB),
and an admin's own date removed so the day follows the national calendar again.

A change is an input of every running deadline that uses the calendar, so those deadlines are
recomputed in the same transaction; nothing else ever recomputes a stored deadline. Deadlines
are the ticket core's, which sits above the directory: it listens here (`on_calendar_change`,
hotline/tickets/publication.py), and every change tells it (`calendar_changed`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime

from hotline import clock
from hotline.db.tx import transaction
from hotline.directory import changes
from hotline.directory.tables import CalendarOverride

# Told of a change to a calendar (its id), in the change's transaction; returns how many
# tickets' deadlines it recomputed.
CalendarListener = Callable[[int], Awaitable[int]]
_listeners: list[CalendarListener] = []


def on_calendar_change(listener: CalendarListener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


async def calendar_changed(calendar_id: int) -> int:
    """After a calendar changed (call inside the transaction of the change): every running
    deadline on it is recomputed. Returns how many tickets were touched."""
    if not _listeners:
        # Changing a calendar without moving its deadlines would leave them wrong for good.
        raise RuntimeError("a calendar changed and nothing recomputes the deadlines on it")
    touched = 0
    for listener in _listeners:
        touched += await listener(calendar_id)
    return touched


async def _record(calendar_id: int, action: str, data: dict, *, actor: str, at: datetime) -> None:
    """Every change to a calendar is kept: who, when, what (AdminChange)."""
    await changes.record(actor, "calendar", str(calendar_id), action, data, at=at)


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
        return await calendar_changed(calendar_id)


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
        return await calendar_changed(calendar_id)
