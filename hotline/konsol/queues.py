"""The console's lists: the verification queue, an agency's queue, and their live signature.

One query shape for both queues: the tickets in scope, each with its next deadline (the earliest
running, unpaused clock), sorted by that deadline, a page at a time. The filters are plain
columns (status, category, assignee) or the region code prefix (a kecamatan includes its desa),
served by the (agency, status) index on ticket and the running-clock index on ticket_clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from hotline import clock
from hotline.konsol.common import to_int
from hotline.tickets.events import EventKind
from hotline.tickets.lifecycle import OPEN, Status
from hotline.tickets.tables import Ticket

DUE_SOON = timedelta(days=2)
VERIFICATION_STATUSES = (Status.BARU, Status.DIVERIFIKASI, Status.PERLU_DILENGKAPI)
AGENCY_STATUSES = tuple(
    s for s in Status if s in OPEN and s not in (Status.BARU, Status.DIVERIFIKASI)
)


@dataclass(frozen=True)
class QueueFilter:
    status: str = ""
    due: str = ""  # "" | "soon" | "breached"
    category: int | None = None
    kecamatan: str = ""  # a region code
    assignee: str = ""  # "" | "me" | "none" | a user id
    page: int = 1


@dataclass
class QueuePage:
    rows: list[dict[str, Any]]
    total: int
    page: int
    pages: int
    filters: QueueFilter = field(default_factory=QueueFilter)


def as_utc(value: Any) -> datetime | None:
    """Raw queries return instants as strings on SQLite and as datetimes on PostgreSQL."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# Pass 1 finds the page (ids and next deadlines only, so the per-row work over thousands of open
# tickets stays small); pass 2 reads the details of those 50 rows.
_NEXT_DUE = """
SELECT t.id,
       (SELECT MIN(k.due_at) FROM ticket_clock k
         WHERE k.ticket = t.id AND k.stopped_at IS NULL AND k.paused_at IS NULL) AS next_due
FROM ticket t
"""

_DETAILS = """
SELECT t.id, t.reference, t.status, t.title, t.channel, t.privacy, t.created_at,
       t.incomplete, t.likely_prank, t.assignee, t.category, t.region,
       c.name_id AS category_name_id, c.name_en AS category_name_en,
       r.name AS region_name, r.code AS region_code, u.display_name AS assignee_name
FROM ticket t
LEFT JOIN category c ON c.id = t.category
LEFT JOIN region r ON r.id = t.region
LEFT JOIN staff_user u ON u.id = t.assignee
"""


def _where(
    agency_id: int | None, statuses: tuple[Status, ...], f: QueueFilter, user_id: int
) -> tuple[str, list[Any]]:
    chosen = [s.value for s in statuses if not f.status or s.value == f.status]
    if not chosen:
        chosen = ["-"]
    clauses = [
        "t.agency IS NULL" if agency_id is None else "t.agency = {}",
        "t.status IN (" + ", ".join("{}" for _ in chosen) + ")",
    ]
    args: list[Any] = [] if agency_id is None else [agency_id]
    args += chosen
    if f.category:
        clauses.append("t.category = {}")
        args.append(f.category)
    if f.kecamatan:
        # A kecamatan includes its desa: their Kemendagri codes extend the kecamatan's.
        clauses.append("t.region IN (SELECT id FROM region WHERE code = {} OR code LIKE {})")
        args += [f.kecamatan, f.kecamatan + ".%"]
    if f.assignee == "me":
        clauses.append("t.assignee = {}")
        args.append(user_id)
    elif f.assignee == "none":
        clauses.append("t.assignee IS NULL")
    elif (assignee := to_int(f.assignee)) is not None:
        clauses.append("t.assignee = {}")
        args.append(assignee)
    return " AND ".join(clauses), args


async def queue(
    *,
    agency_id: int | None,
    statuses: tuple[Status, ...],
    filters: QueueFilter,
    user_id: int,
    page_size: int,
) -> QueuePage:
    where, args = _where(agency_id, statuses, filters, user_id)
    outer, outer_args = "", []
    now = clock.now()
    if filters.due == "breached":
        outer, outer_args = "WHERE q.next_due < {}", [now]
    elif filters.due == "soon":
        outer, outer_args = "WHERE q.next_due >= {} AND q.next_due < {}", [now, now + DUE_SOON]
    # MATERIALIZED: each ticket's next deadline is computed once, not again for the filter and
    # the sort; the window count gives the total in the same pass.
    cte = f"WITH q AS MATERIALIZED ({_NEXT_DUE} WHERE {where}) "
    page = max(1, filters.page)
    found = await Ticket.raw(
        cte + f"SELECT q.id, q.next_due, COUNT(*) OVER () AS total FROM q {outer} "  # noqa: S608
        "ORDER BY q.next_due NULLS LAST, q.id LIMIT {} OFFSET {}",
        *args,
        *outer_args,
        page_size,
        (page - 1) * page_size,
    )
    if found:
        total = int(found[0]["total"])
    else:
        counted = await Ticket.raw(
            cte + f"SELECT COUNT(*) AS n FROM q {outer}",  # noqa: S608
            *args,
            *outer_args,
        )
        total = int(counted[0]["n"])
    pages = max(1, -(-total // page_size))
    rows: list[dict[str, Any]] = []
    if found:
        marks = ", ".join("{}" for _ in found)
        details = {
            r["id"]: r
            for r in await Ticket.raw(
                f"{_DETAILS} WHERE t.id IN ({marks})",
                *[r["id"] for r in found],
            )
        }
        for r in found:
            row = details[r["id"]]
            row["next_due"] = as_utc(r["next_due"])
            row["created_at"] = as_utc(row["created_at"])
            rows.append(row)
    return QueuePage(rows, total, min(page, pages), pages, filters)


async def signature(*, agency_id: int | None, statuses: tuple[Status, ...]) -> str:
    """Changes whenever the queue does: a ticket arrives, leaves or changes, or the worker warns
    or escalates (any deadline alert refreshes every open queue page: cheaper to read than a
    per-agency one, and at worst one extra page load).

    Read from the shared database, so every replica gives the same answer: a browser polling
    any of them sees what another replica (or the worker) changed.
    """
    scope = "t.agency IS NULL" if agency_id is None else "t.agency = {}"
    args: list[Any] = [] if agency_id is None else [agency_id]
    marks = ", ".join("{}" for _ in statuses)
    rows = await Ticket.raw(
        "SELECT COUNT(*) AS n, MAX(t.updated_at) AS latest, "  # noqa: S608
        "(SELECT MAX(e.at) FROM ticket_event e WHERE e.kind IN ({}, {})) AS alerted "
        f"FROM ticket t WHERE {scope} AND t.status IN ({marks})",
        EventKind.SLA_WARNING.value,
        EventKind.SLA_ESCALATION.value,
        *args,
        *[s.value for s in statuses],
    )
    row = rows[0]
    parts = [str(row["n"])]
    for key in ("latest", "alerted"):
        instant = as_utc(row[key])
        parts.append(instant.isoformat() if instant else "-")
    return ":".join(parts)
