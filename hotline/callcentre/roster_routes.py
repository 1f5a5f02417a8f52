"""The roster pages under /konsol/pusat-panggilan: the coordinator's week of shifts
(`/jadwal`: add, change, remove; every change audited) and staffing against it (`/staf`:
rostered vs required per interval, the gap, adherence; and their CSV files)."""

from __future__ import annotations

import csv
import io
import secrets
from datetime import date, datetime, timedelta
from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Template

from hotline import clock
from hotline.callcentre import charts, queries, roster, roster_store, staffing
from hotline.callcentre import definitions as d
from hotline.callcentre.page import render, zone
from hotline.callcentre.params import parse_query
from hotline.callcentre.records import ShiftRow
from hotline.errors import FieldError, ValidationFailed
from hotline.i18n import N_
from hotline.konsol.access import Perm, Staff
from hotline.konsol.auth import allow
from hotline.konsol.common import form_data, see_other
from hotline.sla.erlang import FALLBACK_AHT_SECONDS, MAX_OCCUPANCY
from hotline.sla.phone import ANSWER_TARGET_SECONDS, SERVICE_LEVEL_GOAL
from hotline.transparency.opendata import safe_cell
from hotline.web.locale import request_locale

PAGE = "/konsol/pusat-panggilan"
ROSTER = f"{PAGE}/jadwal"
# At most this many days on the staffing page: it reads the range and, for the forecast, the
# six weeks before it (docs/PERFORMANCE.md has the time a month takes).
MAX_STAFFING_DAYS = 31


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


# --- staffing against the roster ---------------------------------------------------------


async def _staffing(request: Request[Any, Any, Any]) -> dict[str, Any]:
    z = zone()
    now = clock.now()
    today = now.astimezone(z).date()
    query = {k: v for k, v in request.query_params.items() if isinstance(v, str)}
    # By default the week in progress; a first day alone gives the week from it.
    if not query.get("dari") and not query.get("sampai"):
        query["dari"] = roster.week_of(today).isoformat()
    if query.get("dari") and not query.get("sampai") and _iso(query["dari"]):
        query["sampai"] = (date.fromisoformat(query["dari"]) + timedelta(days=6)).isoformat()
    # Dates at the calendar's edge are refused before any arithmetic on them (parse_query's
    # default first day is the last minus six days).
    far = [
        FieldError(name, N_("Give a date as YYYY-MM-DD."))
        for name in ("dari", "sampai")
        if _iso(query.get(name, "")) and not roster.plausible(date.fromisoformat(query[name]))
    ]
    if far:
        raise ValidationFailed(far)
    r, minutes = parse_query(query, today, z)
    if r.days > MAX_STAFFING_DAYS:
        raise ValidationFailed(
            [FieldError("dari", N_("At most {days} days at a time."), {"days": MAX_STAFFING_DAYS})]
        )
    return await staffing_report(r, minutes, now)


async def staffing_report(r: queries.Range, minutes: int, now: datetime) -> dict[str, Any]:
    """Staffing against the roster over the range, as of `now`: the forecast from the weeks
    before, rostered vs required per interval, adherence (bench/callcentre.py times this)."""
    z = r.zone
    today = now.astimezone(z).date()
    targets = [r.first + timedelta(days=i) for i in range(r.days)]
    basis = {b for t in targets for b in staffing.basis_days(t, today)}
    history = await queries.facts(queries.Range(min(basis), max(basis), z))
    since = await roster_store.first_logged(z)
    fc = staffing.forecast(history.calls, targets, today, minutes, z, since=since)
    del history
    actual = await queries.facts(r, until=min(now, r.end)) if r.start < now else None
    spans = actual.spans if actual else []
    shifts = await roster_store.shifts_between(r.first, r.last)
    periods = [roster.row_bounds(s, z) for s in shifts]
    rows = staffing.interval_rows(
        r.first, r.days, minutes, z, fc, periods, staffing.available_periods(spans)
    )
    # Adherence counts the rostered time that is over: a shift still to come is not missed.
    elapsed = [
        (s["officer"], s["day"], (a, min(b, now)))
        for s, (a, b) in zip(shifts, periods, strict=True)
        if a < now and r.start <= a < r.end
    ]
    found = staffing.adherence(elapsed, spans)
    return {
        "range": r,
        "minutes": minutes,
        "forecast": fc,
        "rows": rows,
        "adherence": found,
        "by_officer": staffing.totals(found, 0),
        "by_day": staffing.totals(found, 1),
        "names": await queries.officer_names({s["officer"] for s in shifts}),
    }


def _iso(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _chart_labels(rows: list[staffing.IntervalRow], days: int) -> list[str]:
    """A label at each day's start over several days (about a dozen at most), every three
    hours over one day; the others empty, so they do not run into each other."""
    every = max(1, -(-days // 12))
    labels = []
    for row in rows:
        start = row.start
        if days > 1:
            midnight = start.hour == 0 and start.minute == 0
            shown = midnight and (start.toordinal() - rows[0].start.toordinal()) % every == 0
            labels.append(start.strftime("%d/%m") if shown else "")
        else:
            shown = start.minute == 0 and start.hour % 3 == 0
            labels.append(start.strftime("%H:%M") if shown else "")
    return labels


@get("/staf", guards=[allow(Perm.CALL_CENTRE)])
async def staffing_page(request: Request[Any, Any, Any], staff: Staff) -> Template:
    try:
        report = await _staffing(request)
    except ValidationFailed as exc:
        return render(
            request,
            staff,
            "staffing.html",
            status_code=400,
            errors=exc.as_dict(request_locale(request)),
            query=dict(request.query_params),
            report=None,
            intervals=d.INTERVAL_MINUTES,
        )
    rows = report["rows"]
    chart = charts.staffing(
        _chart_labels(rows, report["range"].days),
        [row.rostered for row in rows],
        [row.required for row in rows],
        [row.available for row in rows],
    )
    return render(
        request,
        staff,
        "staffing.html",
        errors={},
        query=dict(request.query_params),
        report=report,
        chart=chart,
        shown=[row for row in rows if row.rostered or row.required or row.available],
        shortfalls=sum(1 for row in rows if row.shortfall),
        intervals=d.INTERVAL_MINUTES,
    )


def _share(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def staffing_csv_rows(name: str, report: dict[str, Any]) -> list[list[Any]]:
    """The rows of a staffing CSV (header first): officers as decimals, times in seconds."""
    if name == "interval":
        out: list[list[Any]] = [
            ["start", "forecast_arrivals", "required", "rostered", "available", "gap"]
        ]
        out += [
            [
                row.start.isoformat(),
                f"{row.arrivals:.3f}",
                row.required,
                f"{row.rostered:.3f}",
                f"{row.available:.3f}",
                f"{row.gap:.3f}",
            ]
            for row in report["rows"]
        ]
        return out
    if name == "kepatuhan":
        out = [
            ["officer_id", "officer", "day", "rostered_seconds", "available_seconds", "adherence"]
        ]
        for (officer, day), a in report["adherence"].items():
            out.append(
                [
                    officer,
                    safe_cell(report["names"].get(officer, "")),
                    day.isoformat(),
                    int(a.rostered_seconds),
                    int(a.available_seconds),
                    _share(a.share),
                ]
            )
        return out
    raise NotFoundException()


@get("/staf/{name:str}", guards=[allow(Perm.CALL_CENTRE)])
async def staffing_csv(request: Request[Any, Any, Any], name: str) -> Response[bytes]:
    stem, _, suffix = name.partition(".")
    if suffix != "csv" or stem not in {"interval", "kepatuhan"}:
        raise NotFoundException()
    report = await _staffing(request)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(staffing_csv_rows(stem, report))
    r = report["range"]
    filename = f"pusat-panggilan-staf-{stem}-{r.first.isoformat()}-{r.last.isoformat()}.csv"
    return Response(
        buf.getvalue().encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )


def staffing_methods() -> dict[str, Any]:
    """The staffing section of the methods page: its texts and the numbers they name."""
    return {
        "methods": d.STAFFING_METHODS,
        "weeks": staffing.WEEKS,
        "fallback": int(FALLBACK_AHT_SECONDS),
        "goal": int(SERVICE_LEVEL_GOAL * 100),
        "target": ANSWER_TARGET_SECONDS,
        "occupancy": int(MAX_OCCUPANCY * 100),
    }


HANDLERS = [
    roster_page,
    add_shift,
    copy_week,
    shift_page,
    change_shift,
    remove_shift,
    staffing_page,
    staffing_csv,
]
