"""The roster in the database: reading a range of shifts and the officers who may be rostered,
the coordinator's writes (add, change, remove, copy a week), each one transaction with its
admin audit row (`directory/changes.py: record`) and the overlap check done inside it; and
the log's first day, where the forecast's weeks begin."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from hotline.accounts.roles import Role
from hotline.accounts.tables import User
from hotline.callcentre import roster
from hotline.callcentre.records import ShiftRow
from hotline.callcentre.tables import CallCentreEvent, Shift
from hotline.db.tx import transaction
from hotline.directory.changes import record
from hotline.errors import FieldError, NotFound, ValidationFailed
from hotline.i18n import N_

AUDIT_ENTITY = "callcentre_shift"
# The roles that take calls on the line (both have CALL_STATE).
ROSTERED_ROLES = (Role.OPERATOR.value, Role.KOORDINATOR.value)
COLUMNS = (Shift.id, Shift.officer, Shift.day, Shift.start_minute, Shift.end_minute, Shift.note)


async def officers() -> dict[int, str]:
    """Active accounts that take calls, by id: name (display name, else user name)."""
    rows = (
        await User.select(User.id, User.username, User.display_name)
        .where(User.role.is_in(list(ROSTERED_ROLES)) & (User.active == True))  # noqa: E712
        .order_by(User.display_name)
        .order_by(User.username)
    )
    return {r["id"]: r["display_name"] or r["username"] for r in rows}


async def shifts_between(first: date, last: date) -> list[ShiftRow]:
    """The shifts that start on [first - 1 day, last]: the day before's night shift reaches
    into `first`."""
    rows = (
        await Shift.select(*COLUMNS)
        .where((Shift.day >= first - timedelta(days=1)) & (Shift.day <= last))
        .order_by(Shift.day)
        .order_by(Shift.start_minute)
    )
    return cast(list[ShiftRow], rows)


async def shift(shift_id: int) -> ShiftRow:
    row = await Shift.select(*COLUMNS).where(Shift.id == shift_id).first()
    if row is None:
        raise NotFound(N_("There is no such shift in the roster."))
    return cast(ShiftRow, row)


def _data(s: roster.ShiftInput) -> dict[str, Any]:
    return {
        "officer": s.officer,
        "day": s.day,
        "start": roster.clock_text(s.start_minute),
        "end": roster.clock_text(s.end_minute),
        "note": s.note,
    }


async def _refuse_overlap(s: roster.ShiftInput, zone: ZoneInfo, except_id: int | None) -> None:
    near = await shifts_between(s.day - timedelta(days=1), s.day + timedelta(days=1))
    clash = roster.overlapping(s, near, zone, except_id=except_id)
    if clash is not None:
        raise ValidationFailed(
            [
                FieldError(
                    "mulai",
                    N_("This officer already has a shift at that time ({day}, {start}–{end})."),
                    {
                        "day": clash["day"].isoformat(),
                        "start": roster.clock_text(clash["start_minute"]),
                        "end": roster.clock_text(clash["end_minute"]),
                    },
                )
            ]
        )


async def add(s: roster.ShiftInput, zone: ZoneInfo, *, actor: str, token: str) -> None:
    """Adds the shift, unless this form (its token) was already posted: then nothing."""
    async with transaction():
        if await Shift.exists().where(Shift.form_token == token):
            return  # the same form again: it would otherwise overlap the shift it added
        await _refuse_overlap(s, zone, None)
        inserted = (
            await Shift.insert(
                Shift(
                    officer=s.officer,
                    day=s.day,
                    start_minute=s.start_minute,
                    end_minute=s.end_minute,
                    note=s.note,
                    created_by=actor[:80],
                    form_token=token,
                )
            )
            .on_conflict(target=Shift.form_token, action="DO NOTHING")
            .returning(Shift.id)
        )
        if inserted:
            await record(actor, AUDIT_ENTITY, str(inserted[0]["id"]), "create", _data(s))


async def change(shift_id: int, s: roster.ShiftInput, zone: ZoneInfo, *, actor: str) -> None:
    async with transaction():
        before = await shift(shift_id)
        await _refuse_overlap(s, zone, shift_id)
        await Shift.update(
            {
                Shift.officer: s.officer,
                Shift.day: s.day,
                Shift.start_minute: s.start_minute,
                Shift.end_minute: s.end_minute,
                Shift.note: s.note,
            }
        ).where(Shift.id == shift_id)
        was = roster.ShiftInput(
            officer=before["officer"],
            day=before["day"],
            start_minute=before["start_minute"],
            end_minute=before["end_minute"],
            note=before["note"],
        )
        await record(
            actor, AUDIT_ENTITY, str(shift_id), "update", {"before": _data(was), "after": _data(s)}
        )


async def remove(shift_id: int, *, actor: str) -> None:
    """Removes the shift; one already removed (a second click) is no error."""
    async with transaction():
        row = await Shift.select(*COLUMNS).where(Shift.id == shift_id).first()
        if row is None:
            return
        await Shift.delete().where(Shift.id == shift_id)
        await record(
            actor,
            AUDIT_ENTITY,
            str(shift_id),
            "delete",
            {
                "officer": row["officer"],
                "day": row["day"],
                "start": roster.clock_text(row["start_minute"]),
                "end": roster.clock_text(row["end_minute"]),
                "note": row["note"],
            },
        )


async def copy_week(monday: date, zone: ZoneInfo, *, actor: str) -> tuple[int, int]:
    """Copies the shifts of the week from `monday` to the week after, each audited; a shift
    that would overlap one already there is left out. Returns (copied, left out). Posted
    twice, the second finds every shift already there and copies nothing."""
    async with transaction():
        source = [
            s
            for s in await shifts_between(monday, monday + timedelta(days=6))
            if s["day"] >= monday
        ]
        there = await shifts_between(monday + timedelta(days=7), monday + timedelta(days=14))
        copied = 0
        for s in source:
            new = roster.ShiftInput(
                officer=s["officer"],
                day=s["day"] + timedelta(days=7),
                start_minute=s["start_minute"],
                end_minute=s["end_minute"],
                note=s["note"],
            )
            if roster.overlapping(new, there, zone) is not None:
                continue
            inserted = await Shift.insert(
                Shift(
                    officer=new.officer,
                    day=new.day,
                    start_minute=new.start_minute,
                    end_minute=new.end_minute,
                    note=new.note,
                    created_by=actor[:80],
                    form_token=f"copy:{secrets.token_hex(12)}",
                )
            ).returning(Shift.id)
            shift_id = inserted[0]["id"]
            await record(
                actor, AUDIT_ENTITY, str(shift_id), "create", {**_data(new), "copied_from": s["id"]}
            )
            there.append(
                ShiftRow(
                    id=shift_id,
                    officer=new.officer,
                    day=new.day,
                    start_minute=new.start_minute,
                    end_minute=new.end_minute,
                    note=new.note,
                )
            )
            copied += 1
        return copied, len(source) - copied


async def first_logged(zone: ZoneInfo) -> date | None:
    """The local day of the log's first event (the forecast leaves out weeks before it); one
    look at the index on `at`."""
    row = await CallCentreEvent.select(CallCentreEvent.at).order_by(CallCentreEvent.at).first()
    return row["at"].astimezone(zone).date() if row else None
