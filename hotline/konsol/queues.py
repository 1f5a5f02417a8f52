"""The console's lists: the verification queue, an agency's queue, and their live signature.

One query shape for both queues: the tickets in scope sorted by their next deadline (the
earliest running, unpaused clock), then those without one, a page at a time. Pages are keyset
pages (the next one starts after the last row's deadline and id), so a deep page costs what the
first does. The deadline order is read by walking the running clocks in deadline order
(`ticket_clock_next_due`) and keeping each ticket's earliest, joined to the ticket for the
filters: a page stops after its rows instead of ranking every open ticket of the agency
(docs/PERFORMANCE.md, "Lists at national scale"). The filters are plain columns (status,
category, assignee) or the region code prefix (a kecamatan includes its desa).
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
# Counting stops here: "more than 1,000" says enough about a queue, and an exact count of a
# national queue would cost a pass over all of it on every page.
COUNT_CAP = 1000
VERIFICATION_STATUSES = (Status.BARU, Status.DIVERIFIKASI, Status.PERLU_DILENGKAPI)
AGENCY_STATUSES = tuple(
    s for s in Status if s in OPEN and s not in (Status.BARU, Status.DIVERIFIKASI)
)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class QueueFilter:
    status: str = ""
    due: str = ""  # "" | "soon" | "breached"
    category: int | None = None
    kecamatan: str = ""  # a region code
    assignee: str = ""  # "" | "me" | "none" | a user id
    after: str = ""  # the cursor of the previous page's last row ("" = the first page)


@dataclass
class QueuePage:
    rows: list[dict[str, Any]]
    total: int  # at most COUNT_CAP + 1
    next_after: str  # the cursor of the next page, "" on the last one
    filters: QueueFilter = field(default_factory=QueueFilter)

    @property
    def more_than_cap(self) -> bool:
        return self.total > COUNT_CAP


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: after this deadline (None: among the tickets without one) and id."""

    due: datetime | None
    id: int

    def encode(self) -> str:
        if self.due is None:
            return f"n{self.id}"
        return f"{(self.due - _EPOCH) // timedelta(microseconds=1)}_{self.id}"

    @staticmethod
    def decode(text: str) -> Cursor | None:
        """None for the first page, or for anything that is not a cursor."""
        if text.startswith("n") and text[1:].isdigit():
            return Cursor(None, int(text[1:]))
        micros, _, ident = text.partition("_")
        if micros.isdigit() and ident.isdigit():
            return Cursor(_EPOCH + timedelta(microseconds=int(micros)), int(ident))
        return None


def as_utc(value: Any) -> datetime | None:
    """Raw queries return instants as strings on SQLite and as datetimes on PostgreSQL."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


_RUNNING = "k.stopped_at IS NULL AND k.paused_at IS NULL AND k.due_at IS NOT NULL"
# A ticket's next deadline is the running clock that no other running clock of the same
# ticket comes before (ties broken by the clock's id), so each ticket appears once.
_EARLIEST = """NOT EXISTS (SELECT 1 FROM ticket_clock k2 WHERE k2.ticket = k.ticket
    AND k2.stopped_at IS NULL AND k2.paused_at IS NULL AND k2.due_at IS NOT NULL
    AND (k2.due_at < k.due_at OR (k2.due_at = k.due_at AND k2.id < k.id)))"""
_WITH_DUE = f"""FROM ticket_clock k JOIN ticket t ON t.id = k.ticket
WHERE {_RUNNING} AND {_EARLIEST}"""
_WITHOUT_DUE = f"""FROM ticket t
WHERE NOT EXISTS (SELECT 1 FROM ticket_clock k WHERE k.ticket = t.id AND {_RUNNING})"""  # noqa: S608

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


def _due_window(due: str) -> tuple[str, list[Any]]:
    now = clock.now()
    if due == "breached":
        return " AND k.due_at < {}", [now]
    if due == "soon":
        return " AND k.due_at >= {} AND k.due_at < {}", [now, now + DUE_SOON]
    return "", []


async def _count(where: str, args: list[Any], due: str) -> int:
    window, window_args = _due_window(due)
    source = f"{_WITH_DUE}{window} AND {where}" if due else f"FROM ticket t WHERE {where}"
    rows = await Ticket.raw(
        f"SELECT COUNT(*) AS n FROM (SELECT 1 {source} LIMIT {{}}) AS capped",  # noqa: S608
        *(window_args if due else []),
        *args,
        COUNT_CAP + 1,
    )
    return int(rows[0]["n"])


async def _page(
    where: str, args: list[Any], due: str, after: Cursor | None, size: int
) -> list[tuple[int, Any]]:
    """(id, next deadline) of the page's rows: first those with a deadline, in its order, then
    (without a due filter) those without one, by id."""
    found: list[tuple[int, Any]] = []
    if after is None or after.due is not None:
        window, window_args = _due_window(due)
        start, start_args = "", []
        if after is not None:
            start = " AND (k.due_at > {} OR (k.due_at = {} AND k.ticket > {}))"
            start_args = [after.due, after.due, after.id]
        rows = await Ticket.raw(
            f"SELECT k.ticket AS id, k.due_at AS next_due {_WITH_DUE}{window}{start} "
            f"AND {where} ORDER BY k.due_at, k.ticket LIMIT {{}}",
            *window_args,
            *start_args,
            *args,
            size,
        )
        found = [(r["id"], r["next_due"]) for r in rows]
    if len(found) < size and not due:
        start, start_args = "", []
        if after is not None and after.due is None:
            start, start_args = " AND t.id > {}", [after.id]
        rows = await Ticket.raw(
            f"SELECT t.id {_WITHOUT_DUE}{start} AND {where} ORDER BY t.id LIMIT {{}}",
            *start_args,
            *args,
            size - len(found),
        )
        found += [(r["id"], None) for r in rows]
    return found


async def queue(
    *,
    agency_id: int | None,
    statuses: tuple[Status, ...],
    filters: QueueFilter,
    user_id: int,
    page_size: int,
) -> QueuePage:
    where, args = _where(agency_id, statuses, filters, user_id)
    # One row more than the page tells whether there is a next page.
    found = await _page(where, args, filters.due, Cursor.decode(filters.after), page_size + 1)
    more = len(found) > page_size
    found = found[:page_size]
    rows: list[dict[str, Any]] = []
    if found:
        marks = ", ".join("{}" for _ in found)
        details = {
            r["id"]: r
            for r in await Ticket.raw(
                f"{_DETAILS} WHERE t.id IN ({marks})",
                *[ident for ident, _ in found],
            )
        }
        for ident, due in found:
            row = details[ident]
            row["next_due"] = as_utc(due)
            row["created_at"] = as_utc(row["created_at"])
            rows.append(row)
    next_after = Cursor(rows[-1]["next_due"], rows[-1]["id"]).encode() if more else ""
    # A first page that holds the whole queue is its count: no second pass over it.
    alone = not filters.after and not more
    total = len(rows) if alone else await _count(where, args, filters.due)
    return QueuePage(rows, total, next_after, filters)


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
