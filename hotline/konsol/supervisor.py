"""The supervisor's view of one agency: load, what is at risk, what is breached, escalations to
act on, and each officer's open work."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from litestar import Request, get
from litestar.response import Template
from piccolo.query.functions.aggregate import Count

from hotline import clock
from hotline.accounts.roles import AGENCY_ROLES
from hotline.accounts.tables import User
from hotline.i18n import N_
from hotline.konsol.access import Perm, Staff
from hotline.konsol.auth import allow
from hotline.konsol.common import render
from hotline.konsol.queues import AGENCY_STATUSES, DUE_SOON, as_utc
from hotline.tickets.events import EventKind
from hotline.tickets.tables import Ticket, TicketClock, TicketEvent

ESCALATIONS_SINCE = timedelta(days=30)
LIST_LIMIT = 50


def _clocks_where(agency_id: int, *, breached: bool) -> Any:
    now = clock.now()
    open_ = [s.value for s in AGENCY_STATUSES]
    where = (
        (TicketClock.ticket.agency == agency_id)
        & TicketClock.ticket.status.is_in(open_)
        & TicketClock.stopped_at.is_null()
        & TicketClock.paused_at.is_null()
    )
    where = where & (
        (TicketClock.due_at < now)
        if breached
        else ((TicketClock.due_at >= now) & (TicketClock.due_at < now + DUE_SOON))
    )
    return where


async def _clock_rows(agency_id: int, *, breached: bool) -> list[dict[str, Any]]:
    return (
        await TicketClock.select(
            TicketClock.kind,
            TicketClock.due_at,
            TicketClock.escalation_level,
            TicketClock.ticket.id.as_alias("ticket_id"),
            TicketClock.ticket.reference.as_alias("reference"),
            TicketClock.ticket.title.as_alias("title"),
            TicketClock.ticket.status.as_alias("status"),
            TicketClock.ticket.assignee.display_name.as_alias(  # type: ignore[union-attr]
                "assignee_name"
            ),
        )
        .where(_clocks_where(agency_id, breached=breached))
        .order_by(TicketClock.due_at)
        .limit(LIST_LIMIT)
    )


async def overview(agency_id: int) -> dict[str, Any]:
    open_ = [s.value for s in AGENCY_STATUSES]
    mine = (Ticket.agency == agency_id) & Ticket.status.is_in(open_)
    by_status = (
        await Ticket.select(Ticket.status, Count(alias="n")).where(mine).group_by(Ticket.status)
    )
    officers = (
        await User.select(User.id, User.display_name, User.role)
        .where(
            (User.agency == agency_id)
            & User.active.eq(True)
            & User.role.is_in([r.value for r in AGENCY_ROLES])
        )
        .order_by(User.display_name)
    )
    work = {
        r["assignee"]: r["n"]
        for r in await Ticket.select(Ticket.assignee, Count(alias="n"))
        .where(mine)
        .group_by(Ticket.assignee)
    }
    breached = await _clock_rows(agency_id, breached=True)
    overdue_by_officer = {
        r["assignee"]: r["n"]
        for r in await TicketClock.select(
            TicketClock.ticket.assignee.as_alias("assignee"),
            Count(alias="n"),
        )
        .where(_clocks_where(agency_id, breached=True))
        .group_by(TicketClock.ticket.assignee)
    }
    escalations = (
        await TicketEvent.select(
            TicketEvent.at,
            TicketEvent.data,
            TicketEvent.ticket.id.as_alias("ticket_id"),
            TicketEvent.ticket.reference.as_alias("reference"),
            TicketEvent.ticket.title.as_alias("title"),
            TicketEvent.ticket.status.as_alias("status"),
        )
        .where(
            (TicketEvent.kind == EventKind.SLA_ESCALATION.value)
            & (TicketEvent.at >= clock.now() - ESCALATIONS_SINCE)
            & (TicketEvent.ticket.agency == agency_id)
            & TicketEvent.ticket.status.is_in(open_)
        )
        .order_by(TicketEvent.at, ascending=False)
        .limit(LIST_LIMIT)
        .output(load_json=True)
    )
    for row in breached:
        row["due_at"] = as_utc(row["due_at"])
    return {
        "by_status": {r["status"]: r["n"] for r in by_status},
        "total_open": sum(r["n"] for r in by_status),
        "unassigned": work.get(None, 0),
        "officers": [
            {**o, "open": work.get(o["id"], 0), "overdue": overdue_by_officer.get(o["id"], 0)}
            for o in officers
        ],
        "at_risk": await _clock_rows(agency_id, breached=False),
        "breached": breached,
        "escalations": latest_per_ticket(escalations),
    }


def latest_per_ticket(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One line per report, newest escalation first: a report escalated at level 1 and then 2
    (or on two clocks) is one thing to act on, not two. Each line keeps when the report was
    first escalated in the window (`first_at`) and how many escalations it had (`count`)."""
    lines: dict[int, dict[str, Any]] = {}
    for event in sorted(events, key=lambda e: e["at"], reverse=True):
        line = lines.get(event["ticket_id"])
        if line is None:
            data = event.get("data") or {}
            lines[event["ticket_id"]] = {
                **event,
                "clock": data.get("clock"),
                "level": data.get("level"),
                "due_at": as_utc(data.get("due_at")),
                "first_at": event["at"],
                "count": 1,
            }
        else:
            line["first_at"] = min(line["first_at"], event["at"])
            line["count"] += 1
    return list(lines.values())


@get("/supervisor", guards=[allow(Perm.SUPERVISOR_VIEW)])
async def supervisor_view(request: Request[Any, Any, Any], staff: Staff) -> Template:
    assert staff.agency_id is not None  # supervisors belong to an agency (accounts.roles)
    return render(
        request,
        staff,
        "supervisor.html",
        title=N_("Supervision"),
        statuses=AGENCY_STATUSES,
        **(await overview(staff.agency_id)),
    )


ROUTES = [supervisor_view]
