"""Staffing against the roster, under /konsol/pusat-panggilan/staf: the forecast and Erlang C's
required officers per interval against those rostered and actually available, the gap, each
officer's adherence (staffing.py), on screen with a chart and tables and as CSV."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.response import Template

from hotline import clock
from hotline.callcentre import charts, queries, roster, roster_store, staffing
from hotline.callcentre import definitions as d
from hotline.callcentre.page import csv_download, render, zone
from hotline.callcentre.params import parse_query
from hotline.errors import FieldError, ValidationFailed
from hotline.i18n import N_
from hotline.konsol.access import Perm, Staff
from hotline.konsol.auth import allow
from hotline.sla.erlang import FALLBACK_AHT_SECONDS, MAX_OCCUPANCY
from hotline.sla.phone import ANSWER_TARGET_SECONDS, SERVICE_LEVEL_GOAL
from hotline.transparency.opendata import safe_cell
from hotline.web.locale import request_locale

# At most this many days on the staffing page: it reads the range and, for the forecast, the
# six weeks before it (docs/PERFORMANCE.md has the time a month takes).
MAX_STAFFING_DAYS = 31


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
    r = report["range"]
    filename = f"pusat-panggilan-staf-{stem}-{r.first.isoformat()}-{r.last.isoformat()}.csv"
    return csv_download(staffing_csv_rows(stem, report), filename)


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


HANDLERS = [staffing_page, staffing_csv]
