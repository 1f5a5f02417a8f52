"""The call centre's pages under /konsol/pusat-panggilan, in the console (its sign-in guard,
its staff bar, its error pages): the officer's own state, the reports for a range of dates
with their CSV files, and the methods page where every measure is defined once."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from litestar import Request, Response, Router, get, post
from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.response import Template

from hotline import clock
from hotline.callcentre import (
    charts,
    events,
    queries,
    reports,
    roster_routes,
    staffing_routes,
    summaries,
)
from hotline.callcentre import definitions as d
from hotline.callcentre.definitions import Kind, Reason, State
from hotline.callcentre.intervals import state_after
from hotline.callcentre.page import csv_download, zone
from hotline.callcentre.page import render as _render
from hotline.callcentre.params import parse_query
from hotline.callcentre.quality import reads as quality_reads
from hotline.callcentre.quality.trends import mean_scores
from hotline.db.tx import transaction
from hotline.errors import FieldError, ValidationFailed
from hotline.i18n import N_, t
from hotline.konsol.access import Perm, Staff
from hotline.konsol.auth import allow, current_staff, signed_in
from hotline.konsol.common import form_data, see_other
from hotline.konsol.routes import ERRORS
from hotline.sla.phone import ANSWER_TARGET_SECONDS
from hotline.transparency.formatting import Formatter
from hotline.transparency.opendata import safe_cell
from hotline.web.errors import renders
from hotline.web.locale import request_locale

PAGE = "/konsol/pusat-panggilan"
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
# What an officer may set from the console; the line sets "on a call" and wrap-up itself.
SETTABLE = (State.READY, State.NOT_READY, State.BREAK, State.SIGNED_OUT)
REASONS = frozenset(r.value for r in Reason if r != Reason.BREAK)


async def current_state(agent: int) -> tuple[State, str]:
    last = await queries.last_state_event(agent)
    after = state_after(last) if last else None
    return after if after else (State.SIGNED_OUT, "")


# An officer's own figures on their home page: the last week, today included.
MY_DAYS = 7


async def my_figures(agent: int) -> dict[str, Any]:
    """The officer's row of the per-officer report over the last MY_DAYS days (None: no calls
    and no time on the line) and the mean score of their evaluations made then: what an officer
    may see of the figures, their own only (issue 18, item 7)."""
    z = zone()
    today = clock.now().astimezone(z).date()
    r = queries.Range(today - timedelta(days=MY_DAYS - 1), today, z)
    found = await summaries.range_report(r, 60)
    scores = mean_scores(await quality_reads.scored_between(r.start, r.end))
    row = next((o for o in found["officers"] if o["agent"] == agent), None)
    return {"days": MY_DAYS, "row": row, "quality": scores.get(agent)}


@get("/", guards=[allow(Perm.CALL_STATE, Perm.CALL_CENTRE)])
async def home(request: Request[Any, Any, Any], staff: Staff) -> Template:
    state, reason = await current_state(staff.id)
    return _render(
        request,
        staff,
        "home.html",
        state=state,
        reason=reason,
        reason_label=Reason(reason).label if state == State.NOT_READY and reason in REASONS else "",
        settable=SETTABLE,
        reasons=[r for r in Reason if r != Reason.BREAK],
        token=secrets.token_hex(8),
        may_state=staff.may(Perm.CALL_STATE),
        mine=await my_figures(staff.id) if staff.may(Perm.CALL_STATE) else None,
        may_reports=staff.may(Perm.CALL_CENTRE),
        may_roster=staff.may(Perm.ROSTER),
    )


@post("/status", guards=[allow(Perm.CALL_STATE)])
async def set_state(request: Request[Any, Any, Any], staff: Staff) -> Response[Any]:
    """The officer's own state. Each form carries a token: posted twice, it is one event."""
    data = await form_data(request)
    chosen = data.get("state", "")
    reason = data.get("reason", "")
    if chosen not in {s.value for s in SETTABLE}:
        raise ValidationFailed([FieldError("state", N_("Choose a state."))])
    if chosen == State.NOT_READY and reason not in REASONS:
        raise ValidationFailed([FieldError("reason", N_("Choose why you are not ready."))])
    now = clock.now()
    token = (data.get("token") or secrets.token_hex(8))[:32]
    async with transaction():
        before, _ = await current_state(staff.id)
        if chosen == State.READY:
            kind = Kind.AGENTLOGIN if before == State.SIGNED_OUT else Kind.READY
        elif chosen == State.SIGNED_OUT:
            kind = Kind.AGENTLOGOFF
        else:
            kind = Kind.PAUSE
            reason = "break" if chosen == State.BREAK else reason
        await events.record(
            events.event(
                kind,
                f"konsol:{staff.id}:{token}",
                now,
                agent=staff.id,
                reason=reason if kind == Kind.PAUSE else "",
            )
        )
    return see_other(f"{PAGE}?ok=state")


async def _report(request: Request[Any, Any, Any]) -> dict[str, Any]:
    z = zone()
    query = {k: v for k, v in request.query_params.items() if isinstance(v, str)}
    r, minutes = parse_query(query, clock.now().astimezone(z).date(), z)
    # Summarised days read as sums, the rest folded live (summaries.py): a year in seconds.
    found = await summaries.range_report(r, minutes)
    # The quality column: latest versions of the evaluations made in the range, calibration
    # left out (hotline/callcentre/quality/).
    scores = mean_scores(await quality_reads.scored_between(r.start, r.end))
    for officer in found["officers"]:
        officer["quality"] = scores.get(officer["agent"])
    return {
        "range": r,
        "minutes": minutes,
        **found,
        "names": await queries.officer_names({o["agent"] for o in found["officers"]}),
    }


def _charts(report: dict[str, Any], locale: str) -> dict[str, str]:
    by_time = report["by_time"]
    heat = report["heat"]
    days = [t(locale, w) for w in WEEKDAYS]
    hours = [f"{h:02d}" for h in range(24)]
    num = Formatter(locale)

    def grid(measure: str, fmt: Any) -> tuple[list[list[float | None]], list[list[str]]]:
        values = [[(heat.get((w, h)) or {}).get(measure) for h in range(24)] for w in range(7)]
        texts = [["" if v is None else fmt(v) for v in row] for row in values]
        return values, texts

    arrivals = grid("offered", lambda v: num.number(v))
    level = grid("service_level", lambda v: num.number(v * 100))
    return {
        "by_time": charts.bars(
            [row["time"] for row in by_time],
            [row["offered"] for row in by_time],
            [row["service_level"] for row in by_time],
        ),
        "arrivals": charts.heatmap(days, hours, *arrivals),
        "level": charts.heatmap(days, hours, *level),
        "abandons": charts.bars(
            [num.number(row["from"]) for row in report["abandons"]],
            [row["count"] for row in report["abandons"]],
            [row["cumulative"] for row in report["abandons"]],
        ),
    }


@get("/laporan", guards=[allow(Perm.CALL_CENTRE)])
async def report_page(request: Request[Any, Any, Any], staff: Staff) -> Template:
    locale = request_locale(request)
    try:
        report = await _report(request)
    except ValidationFailed as exc:
        return _render(
            request,
            staff,
            "reports.html",
            status_code=400,
            errors=exc.as_dict(locale),
            query=dict(request.query_params),
            report=None,
        )
    return _render(
        request,
        staff,
        "reports.html",
        errors={},
        query=dict(request.query_params),
        report=report,
        charts=_charts(report, locale),
        weekdays=WEEKDAYS,
        states=list(State),
        intervals=d.INTERVAL_MINUTES,
    )


def _share(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _secs(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


MEASURES = ("offered", "answered", "abandoned", "short_abandons", "timed_out", "waiting")
RATES = ("abandon_rate", "service_level")
TIMES = ("asa", "aht", "talk", "hold", "wrapup")


def _measures(row: dict[str, Any]) -> list[Any]:
    return [
        *(row[m] for m in MEASURES),
        *(_share(row[m]) for m in RATES),
        *(_secs(row[m]) for m in TIMES),
    ]


def csv_rows(name: str, report: dict[str, Any]) -> list[list[Any]]:
    """The rows of one report's CSV (header first): figures as plain numbers (shares as
    decimals, times in seconds), times in the line's zone."""
    head = [*MEASURES, *RATES, *(f"{m}_seconds" for m in TIMES)]
    if name == "interval":
        rows = [["start", *head]]
        rows += [[row["start"].isoformat(), *_measures(row)] for row in report["intervals"]]
        return rows
    if name == "jam":
        rows = [["weekday", "hour", *head]]
        for (w, h), row in sorted(report["heat"].items()):
            rows.append([w + 1, h, *_measures(row)])
        return rows
    if name == "abandon":
        rows = [["from_seconds", "to_seconds", "count", "cumulative_share"]]
        rows += [
            [r["from"], "" if r["to"] is None else r["to"], r["count"], _share(r["cumulative"])]
            for r in report["abandons"]
        ]
        return rows
    if name == "petugas":
        # Time in each state, named apart from the per-call means (talk, wrap-up) before them.
        states = [f"in_{s.value}_seconds" for s in State if s != State.SIGNED_OUT]
        rows = [
            [
                "officer_id",
                "officer",
                "handled",
                "aht_seconds",
                "talk_seconds",
                "hold_seconds",
                "wrapup_seconds",
                "occupancy",
                *states,
                "quality_score",
            ]
        ]
        for o in report["officers"]:
            rows.append(
                [
                    o["agent"],
                    safe_cell(report["names"].get(o["agent"], "")),
                    o["handled"],
                    *(_secs(o[m]) for m in ("aht", "talk", "hold", "wrapup")),
                    _share(o["occupancy"]),
                    *(o["states"][s.value] for s in State if s != State.SIGNED_OUT),
                    "" if o["quality"] is None else f"{o['quality']:.2f}",
                ]
            )
        return rows
    raise NotFoundException()


@get("/laporan/{name:str}", guards=[allow(Perm.CALL_CENTRE)])
async def report_csv(request: Request[Any, Any, Any], name: str) -> Response[bytes]:
    stem, _, suffix = name.partition(".")
    if suffix != "csv" or stem not in {"interval", "jam", "abandon", "petugas"}:
        raise NotFoundException()
    report = await _report(request)
    r = report["range"]
    filename = f"pusat-panggilan-{stem}-{r.first.isoformat()}-{r.last.isoformat()}.csv"
    return csv_download(csv_rows(stem, report), filename)


@get("/metode", guards=[allow(Perm.CALL_STATE, Perm.CALL_CENTRE)])
async def methods_page(request: Request[Any, Any, Any], staff: Staff) -> Template:
    return _render(
        request,
        staff,
        "methods.html",
        methods=d.METHODS,
        target=ANSWER_TARGET_SECONDS,
        short=d.SHORT_ABANDON_SECONDS,
        staffing=staffing_routes.staffing_methods(),
    )


WALL_POLL_SECONDS = 5


def _minutes_seconds(value: float | None) -> str:
    if value is None:
        return "–"
    whole = int(value)
    return f"{whole // 60}:{whole % 60:02d}"


async def wall_figures(locale: str) -> dict[str, Any]:
    """The board's figures for today (local day of the line) so far, formatted for the room."""
    z = zone()
    now = clock.now()
    today = now.astimezone(z).date()
    found = await queries.facts(queries.Range(today, today, z), until=now)
    board = reports.wallboard(found.calls, found.spans, now)
    num = Formatter(locale, z)
    return {
        "waiting": num.number(board["waiting"]),
        "longest_wait": _minutes_seconds(board["longest_wait"]),
        "service_level": num.percent(board["service_level"]),
        "abandon_rate": num.percent(board["abandon_rate"]),
        "asa": num.seconds(board["asa"]),
        "offered": num.number(board["offered"]),
        "answered": num.number(board["answered"]),
        **{f"officers_{k}": num.number(v) for k, v in board["officers"].items()},
        "updated": now.astimezone(z).strftime("%H:%M:%S"),
    }


@get("/papan", guards=[allow(Perm.CALL_CENTRE)])
async def wallboard_page(request: Request[Any, Any, Any], staff: Staff) -> Template:
    """The wallboard for the coordinator and the TV in the room: it asks for its figures every
    few seconds (short polling, like the console's queues: no connection held per screen)."""
    locale = request_locale(request)
    return _render(
        request,
        staff,
        "wallboard.html",
        figures=await wall_figures(locale),
        states=[s for s in State if s != State.SIGNED_OUT],
        poll_ms=WALL_POLL_SECONDS * 1000,
    )


@get("/papan/data", guards=[allow(Perm.CALL_CENTRE)])
async def wallboard_data(request: Request[Any, Any, Any]) -> dict[str, Any]:
    return await wall_figures(request_locale(request))


ROUTES: list[Any] = [
    Router(
        path=PAGE,
        route_handlers=[
            home,
            set_state,
            report_page,
            report_csv,
            methods_page,
            wallboard_page,
            wallboard_data,
            *roster_routes.HANDLERS,
            *staffing_routes.HANDLERS,
        ],
        guards=[signed_in],
        dependencies={"staff": Provide(current_staff, sync_to_thread=False)},
        opt=renders(ERRORS),
        include_in_schema=False,
    )
]
