"""/konsol/admin/riwayat: who got into the console and whose identity they read.

Two sources on one page, newest first: the access audit (sign-ins, failed sign-ins, sign-outs,
expired sessions, locked accounts: hotline/accounts/audit.py) and the identity reads of the
ticket history (`identity_viewed` events). Filterable by staff account and by date (days in the
admin's own time zone), in pages. Admins only; the admin change history is at
/konsol/admin/perubahan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from litestar import Request, get
from litestar.response import Template

from hotline.accounts.audit import AccessKind
from hotline.accounts.tables import AccessEvent, User
from hotline.i18n import N_
from hotline.konsol.access import Perm, Staff
from hotline.konsol.auth import allow
from hotline.konsol.common import render, to_int
from hotline.tickets.events import EventKind
from hotline.tickets.tables import TicketEvent

PAGE = 50
IDENTITY_READ = N_("Read a reporter's identity")
REASONS = {
    "bad_credentials": N_("wrong username or password"),
    "locked": N_("refused: too many failed sign-ins"),
    "disabled": N_("account disabled"),
}


@dataclass(frozen=True)
class Filters:
    staff_id: int | None
    since: date | None
    until: date | None
    page: int

    def query(self, page: int) -> str:
        values = {
            "user": self.staff_id or "",
            "dari": self.since.isoformat() if self.since else "",
            "sampai": self.until.isoformat() if self.until else "",
            "page": page,
        }
        return "?" + urlencode({k: v for k, v in values.items() if v})


@dataclass(frozen=True)
class Entry:
    at: datetime
    who: str
    what: str  # a msgid
    ticket: str  # a reference, for identity reads
    address: str
    user_agent: str
    detail: str  # a msgid or ""


def _date(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw or "")
    except ValueError:
        return None


def _bounds(filters: Filters, zone: ZoneInfo) -> tuple[datetime | None, datetime | None]:
    start = datetime.combine(filters.since, time(), zone) if filters.since else None
    end = (
        datetime.combine(filters.until + timedelta(days=1), time(), zone) if filters.until else None
    )
    return start, end


async def entries(filters: Filters, zone: ZoneInfo) -> tuple[list[Entry], bool]:
    """One page of the merged history, and whether another page follows."""
    start, end = _bounds(filters, zone)
    wanted = filters.page * PAGE + 1  # enough of each source to cut this page from the merge

    access = AccessEvent.select(
        AccessEvent.at,
        AccessEvent.kind,
        AccessEvent.username,
        AccessEvent.address,
        AccessEvent.user_agent,
        AccessEvent.data,
        AccessEvent.staff.display_name,
    ).output(load_json=True)
    reads = TicketEvent.select(
        TicketEvent.at,
        TicketEvent.actor.username,
        TicketEvent.actor.display_name,
        TicketEvent.ticket.reference,
    ).where(TicketEvent.kind == EventKind.IDENTITY_VIEWED.value)
    if filters.staff_id is not None:
        access = access.where(AccessEvent.staff == filters.staff_id)
        reads = reads.where(TicketEvent.actor == filters.staff_id)
    if start is not None:
        access = access.where(AccessEvent.at >= start)
        reads = reads.where(TicketEvent.at >= start)
    if end is not None:
        access = access.where(AccessEvent.at < end)
        reads = reads.where(TicketEvent.at < end)
    merged = [
        Entry(
            at=row["at"],
            who=row["staff.display_name"] or row["username"] or "—",
            what=AccessKind(row["kind"]).label,
            ticket="",
            address=row["address"],
            user_agent=row["user_agent"],
            detail=REASONS.get(str((row["data"] or {}).get("reason", "")), ""),
        )
        for row in await access.order_by(AccessEvent.at, ascending=False).limit(wanted)
    ] + [
        Entry(
            at=row["at"],
            who=row["actor.display_name"] or row["actor.username"] or "—",
            what=IDENTITY_READ,
            ticket=row["ticket.reference"] or "",
            address="",
            user_agent="",
            detail="",
        )
        for row in await reads.order_by(TicketEvent.at, ascending=False).limit(wanted)
    ]
    merged.sort(key=lambda e: e.at, reverse=True)
    first = (filters.page - 1) * PAGE
    return merged[first : first + PAGE], len(merged) > first + PAGE


@get("/admin/riwayat", guards=[allow(Perm.ADMIN)])
async def access_history(request: Request[Any, Any, Any], staff: Staff) -> Template:
    q = request.query_params
    filters = Filters(
        staff_id=to_int(q.get("user")),
        since=_date(q.get("dari")),
        until=_date(q.get("sampai")),
        page=max(1, to_int(q.get("page")) or 1),
    )
    rows, more = await entries(filters, ZoneInfo(staff.timezone))
    accounts: list[dict[str, Any]] = await User.select(
        User.id, User.username, User.display_name
    ).order_by(User.username)
    return render(
        request,
        staff,
        "admin/access.html",
        title=N_("Access history"),
        rows=rows,
        accounts=accounts,
        filters=filters,
        previous=filters.query(filters.page - 1) if filters.page > 1 else "",
        next=filters.query(filters.page + 1) if more else "",
    )
