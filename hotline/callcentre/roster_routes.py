"""The roster's pages under /konsol/pusat-panggilan/jadwal: the coordinator's week of shifts
(officers × days), adding, changing and removing a shift, copying a week to the next; every
change audited (roster_store.py). Staffing against the roster is staffing_routes.py."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import Any

from litestar import Request, Response, get, post
from litestar.response import Template

from hotline import clock
from hotline.callcentre import queries, roster, roster_store
from hotline.callcentre.page import render, zone
from hotline.callcentre.records import ShiftRow
from hotline.errors import ValidationFailed
from hotline.konsol.access import Perm, Staff
from hotline.konsol.auth import allow
from hotline.konsol.common import form_data, see_other
from hotline.web.locale import request_locale

PAGE = "/konsol/pusat-panggilan"
ROSTER = f"{PAGE}/jadwal"


def _today() -> date:
    return clock.now().astimezone(zone()).date()


def _week(value: str | None) -> date:
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        day = _today()
    return roster.week_of(day if roster.plausible(day) else _today())


def _count(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) < 6 else 0


def _shift_form(row: ShiftRow) -> dict[str, str]:
    return {
        "petugas": str(row["officer"]),
        "tanggal": row["day"].isoformat(),
        "mulai": roster.clock_text(row["start_minute"]),
        "selesai": roster.clock_text(row["end_minute"]),
        "catatan": row["note"],
    }


async def _roster_page(
    request: Request[Any, Any, Any],
    staff: Staff,
    monday: date,
    *,
    status_code: int = 200,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Template:
    days = [monday + timedelta(days=i) for i in range(7)]
    shifts = [
        s for s in await roster_store.shifts_between(days[0], days[-1]) if s["day"] >= days[0]
    ]
    officers = await roster_store.officers()
    names = {**await queries.officer_names({s["officer"] for s in shifts}), **officers}
    grid: dict[tuple[int, date], list[ShiftRow]] = {}
    for s in shifts:
        grid.setdefault((s["officer"], s["day"]), []).append(s)
    rows = sorted({s["officer"] for s in shifts} | set(officers), key=lambda o: names.get(o, ""))
    return render(
        request,
        staff,
        "roster.html",
        status_code=status_code,
        monday=monday,
        days=days,
        rows=rows,
        names=names,
        officers=officers,
        grid=grid,
        clock_text=roster.clock_text,
        form=form or {"tanggal": _today().isoformat() if _today() in days else monday.isoformat()},
        errors=errors or {},
        token=secrets.token_hex(8),
        copied=_count(request.query_params.get("disalin")),
        left_out=_count(request.query_params.get("dilewati")),
        previous=(monday - timedelta(days=7)).isoformat(),
        following=(monday + timedelta(days=7)).isoformat(),
    )


@get("/jadwal", guards=[allow(Perm.ROSTER)])
async def roster_page(request: Request[Any, Any, Any], staff: Staff) -> Template:
    return await _roster_page(request, staff, _week(request.query_params.get("minggu")))


@post("/jadwal", guards=[allow(Perm.ROSTER)])
async def add_shift(request: Request[Any, Any, Any], staff: Staff) -> Response[Any]:
    data = await form_data(request)
    z = zone()
    try:
        shift = roster.parse_shift(data, await roster_store.officers())
        token = (data.get("token") or secrets.token_hex(8))[:32]
        await roster_store.add(shift, z, actor=staff.username, token=token)
    except ValidationFailed as exc:
        # Everything typed comes back, with each problem beside its field.
        week = _week(data.get("tanggal"))
        errors = exc.as_dict(request_locale(request))
        return await _roster_page(request, staff, week, status_code=400, form=data, errors=errors)  # type: ignore[return-value]
    return see_other(f"{ROSTER}?minggu={roster.week_of(shift.day).isoformat()}&ok=added")


async def _edit_page(
    request: Request[Any, Any, Any],
    staff: Staff,
    shift_id: int,
    form: dict[str, str],
    *,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
) -> Template:
    officers = await roster_store.officers()
    row = await roster_store.shift(shift_id)
    if row["officer"] not in officers:  # an account since closed: still shown by name
        officers = {**officers, **await queries.officer_names({row["officer"]})}
    return render(
        request,
        staff,
        "shift.html",
        status_code=status_code,
        shift_id=shift_id,
        week=roster.week_of(row["day"]).isoformat(),
        officers=officers,
        form=form,
        errors=errors or {},
    )


@get("/jadwal/{shift_id:int}", guards=[allow(Perm.ROSTER)])
async def shift_page(request: Request[Any, Any, Any], staff: Staff, shift_id: int) -> Template:
    row = await roster_store.shift(shift_id)
    return await _edit_page(request, staff, shift_id, _shift_form(row))


@post("/jadwal/{shift_id:int}", guards=[allow(Perm.ROSTER)])
async def change_shift(
    request: Request[Any, Any, Any], staff: Staff, shift_id: int
) -> Response[Any]:
    data = await form_data(request)
    try:
        row = await roster_store.shift(shift_id)
        shift = roster.parse_shift(data, {*await roster_store.officers(), row["officer"]})
        await roster_store.change(shift_id, shift, zone(), actor=staff.username)
    except ValidationFailed as exc:
        errors = exc.as_dict(request_locale(request))
        return await _edit_page(request, staff, shift_id, data, status_code=400, errors=errors)  # type: ignore[return-value]
    return see_other(f"{ROSTER}?minggu={roster.week_of(shift.day).isoformat()}&ok=changed")


@post("/jadwal/{shift_id:int}/hapus", guards=[allow(Perm.ROSTER)])
async def remove_shift(
    request: Request[Any, Any, Any], staff: Staff, shift_id: int
) -> Response[Any]:
    data = await form_data(request)
    await roster_store.remove(shift_id, actor=staff.username)
    return see_other(f"{ROSTER}?minggu={_week(data.get('minggu')).isoformat()}&ok=removed")


@post("/jadwal/salin", guards=[allow(Perm.ROSTER)])
async def copy_week(request: Request[Any, Any, Any], staff: Staff) -> Response[Any]:
    """The week's shifts again the week after: most weeks look like the last one."""
    data = await form_data(request)
    monday = _week(data.get("minggu"))
    copied, left_out = await roster_store.copy_week(monday, zone(), actor=staff.username)
    following = (monday + timedelta(days=7)).isoformat()
    return see_other(f"{ROSTER}?minggu={following}&ok=copied&disalin={copied}&dilewati={left_out}")


HANDLERS = [roster_page, add_shift, copy_week, shift_page, change_shift, remove_shift]
