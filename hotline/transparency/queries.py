"""Reading the facts of a period from the database (see `facts`): the in-memory reference path
(`monthly.compute_month_in_memory`), and the backlog and phone line for the worker's path too.

Every query is bounded by the period through an index (ticket.created_at, ticket_event.at,
ticket_clock.due_at / stopped_at — the last two added by this area's migration, and
ivr_queue_call.entered_at), so a month costs in proportion to that month's reports and activity,
not to every report ever filed. The open backlog at the end of a past month starts from what is
open now (ticket.status) and replays only the reports that changed since.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from hotline.directory.service import agency_calendar
from hotline.directory.tables import Agency, Category, Region
from hotline.ivr.tables import QueueCall
from hotline.sla.calendar import WorkingCalendar
from hotline.tickets.events import EventKind
from hotline.tickets.lifecycle import OPEN, Status
from hotline.tickets.tables import Ticket, TicketClock, TicketEvent
from hotline.transparency.facts import (
    CLOSED_BEFORE_DISPATCH,
    NOT_DISPATCHED,
    ClockOutcome,
    Dims,
    OpenReport,
    PeriodFacts,
    QueueCallFact,
    Rating,
    Received,
    StatusChange,
)
from hotline.transparency.figures import CLOCK_KINDS

CHUNK = 5000  # ids per IN (...) list: well under SQLite's limit of bound parameters
OPEN_KEYS = sorted(s.value for s in OPEN)


def chunks(values: Sequence[int], size: int = CHUNK) -> Iterable[Sequence[int]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


def kecamatan_of(code: str) -> str:
    """The kecamatan a Kemendagri code lies in: 33.07.01.2001 -> 33.07.01; '' above it."""
    parts = code.split(".")
    return ".".join(parts[:3]) if len(parts) >= 3 else ""


@dataclass
class Directory:
    """Codes and names of the small reference tables, read once per computation."""

    agency_code: dict[int, str]
    agency_name: dict[str, str]
    central: str
    category_code: dict[int, str]
    category_name: dict[str, dict[str, str]]
    region_kecamatan: dict[int, str]
    kecamatan_name: dict[str, str]
    # The end of the period being read: a report without an agency counts as closed before
    # dispatch only if it was closed by then (one rejected later was still waiting at the end).
    period_end: datetime | None = None

    def labels(self) -> dict[str, Any]:
        return {
            "agency": dict(sorted(self.agency_name.items())),
            "category": dict(sorted(self.category_name.items())),
            "kecamatan": dict(sorted(self.kecamatan_name.items())),
        }


async def load_directory() -> Directory:
    agencies = await Agency.select(Agency.id, Agency.code, Agency.name, Agency.is_central)
    categories = await Category.select(
        Category.id, Category.service_code, Category.name_id, Category.name_en
    )
    regions = await Region.select(Region.id, Region.code, Region.name, Region.level)
    central = next((a["code"] for a in agencies if a["is_central"]), "")
    return Directory(
        agency_code={a["id"]: a["code"] for a in agencies},
        agency_name={a["code"]: a["name"] for a in agencies},
        central=central,
        category_code={c["id"]: c["service_code"] for c in categories},
        category_name={
            c["service_code"]: {"id": c["name_id"], "en": c["name_en"]} for c in categories
        },
        region_kecamatan={r["id"]: kecamatan_of(r["code"]) for r in regions},
        kecamatan_name={r["code"]: r["name"] for r in regions if r["level"] == "kecamatan"},
    )


_TICKET_COLUMNS = (
    Ticket.id,
    Ticket.channel,
    Ticket.agency,
    Ticket.category,
    Ticket.region,
    Ticket.status,
    Ticket.created_at,
    Ticket.dispatched_at,
    Ticket.closed_at,
)


def _agency_key(row: dict[str, Any], d: Directory) -> str:
    """The report's current agency; without one, whether it still waits for a dispatch or was
    closed before reaching an agency (so the agencies' rows add up to the total)."""
    if row["agency"] is not None:
        return d.agency_code.get(row["agency"], "")
    closed = row["closed_at"]
    if closed is not None and (d.period_end is None or closed < d.period_end):
        return CLOSED_BEFORE_DISPATCH
    return NOT_DISPATCHED


def _dims(row: dict[str, Any], d: Directory, *, agency: str | None = None) -> Dims:
    return Dims(
        agency=agency if agency is not None else _agency_key(row, d),
        category=d.category_code.get(row["category"], ""),
        kecamatan=d.region_kecamatan.get(row["region"], ""),
        channel=row["channel"],
    )


class Tickets:
    """Ticket rows by id, each read once per computation however many facts refer to it."""

    def __init__(self) -> None:
        self._rows: dict[int, dict[str, Any]] = {}

    def add(self, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            self._rows[row["id"]] = row

    async def get(self, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        wanted = set(ids)
        missing = sorted(wanted - self._rows.keys())
        for part in chunks(missing):
            self.add(await Ticket.select(*_TICKET_COLUMNS).where(Ticket.id.is_in(list(part))))
        return {i: self._rows[i] for i in wanted}


async def _received(
    start: datetime, end: datetime, d: Directory, tickets: Tickets
) -> list[Received]:
    rows = await Ticket.select(*_TICKET_COLUMNS).where(
        (Ticket.created_at >= start) & (Ticket.created_at < end)
    )
    tickets.add(rows)
    return [Received(_dims(r, d)) for r in rows]


async def _events(kind: EventKind, start: datetime, end: datetime) -> list[dict[str, Any]]:
    return list(
        await TicketEvent.select(
            TicketEvent.ticket, TicketEvent.at, TicketEvent.to_status, TicketEvent.data
        )
        .where(
            (TicketEvent.kind == kind.value) & (TicketEvent.at >= start) & (TicketEvent.at < end)
        )
        .order_by(TicketEvent.id)
        .output(load_json=True)
    )


async def _changes(
    events: list[dict[str, Any]], tickets: dict[int, dict[str, Any]], d: Directory
) -> list[StatusChange]:
    out = []
    for e in events:
        ticket = tickets[e["ticket"]]
        data = e["data"] or {}
        action = str(data.get("action", ""))
        # A disposition or transfer belongs to the agency it went to, whatever happened later.
        agency = data.get("agency") if action in ("dispatch", "transfer") else None
        out.append(
            StatusChange(
                dims=_dims(ticket, d, agency=agency),
                at=e["at"],
                action=action,
                to_status=e["to_status"],
                reason=str(data.get("reason", "")) if action == "reject" else "",
                confirmed_by=str(data.get("confirmed_by", "")),
                first_dispatch=action == "dispatch" and ticket["dispatched_at"] == e["at"],
            )
        )
    return out


class Calendars:
    def __init__(self) -> None:
        self._cache: dict[int | None, WorkingCalendar] = {}

    async def of(self, agency_id: int | None) -> WorkingCalendar:
        if agency_id not in self._cache:
            self._cache[agency_id] = await agency_calendar(agency_id)
        return self._cache[agency_id]


def decided_missed(row: dict[str, Any]) -> bool:
    """A clock whose deadline passed: stopped late or breached (met false), or still running
    and not paused before its deadline (a pause moves the deadline when it ends)."""
    if row["met"] is False:
        return True
    return (
        row["met"] is None
        and row["stopped_at"] is None
        and (row["paused_at"] is None or row["paused_at"] >= row["due_at"])
    )


_CLOCK_COLUMNS = (
    TicketClock.ticket,
    TicketClock.kind,
    TicketClock.agency,
    TicketClock.started_at,
    TicketClock.due_at,
    TicketClock.paused_at,
    TicketClock.paused_seconds,
    TicketClock.stopped_at,
    TicketClock.met,
)


async def _clocks(
    start: datetime, end: datetime, now: datetime, d: Directory, ticket_rows: Tickets
) -> list[ClockOutcome]:
    kinds = list(CLOCK_KINDS)
    end = min(end, now)
    met = await TicketClock.select(*_CLOCK_COLUMNS).where(
        TicketClock.met.eq(True)
        & (TicketClock.stopped_at >= start)
        & (TicketClock.stopped_at < end)
        & TicketClock.kind.is_in(kinds)
    )
    due = await TicketClock.select(*_CLOCK_COLUMNS).where(
        (TicketClock.due_at >= start)
        & (TicketClock.due_at < end)
        & TicketClock.kind.is_in(kinds)
        & (TicketClock.met.eq(False) | TicketClock.met.is_null())
    )
    rows = [(r, True) for r in met] + [(r, False) for r in due if decided_missed(r)]
    tickets = await ticket_rows.get(r["ticket"] for r, _ in rows)
    calendars = Calendars()
    out = []
    for row, was_met in rows:
        ticket = tickets[row["ticket"]]
        if row["kind"] == "verification":
            agency = d.central
        elif row["kind"] == "first_response":
            agency = d.agency_code.get(row["agency"], "")
        else:
            # The reporter's end-to-end clock survives transfers: it is the agency that holds the
            # report at the end that answers for it.
            agency = d.agency_code.get(ticket["agency"] or row["agency"], "")
        calendar = await calendars.of(row["agency"])
        worked: float | None = None
        stopped = row["paused_at"] or row["stopped_at"]
        # Only a clock that ended within the period has a time: a month's figures must not
        # change when a late clock finally stops next month.
        if stopped is not None and row["stopped_at"] is not None and row["stopped_at"] < end:
            worked = calendar.between(row["started_at"], stopped).total_seconds()
            worked -= row["paused_seconds"]
        out.append(
            ClockOutcome(
                dims=_dims(ticket, d, agency=agency),
                kind=row["kind"],
                met=was_met,
                working_seconds=worked,
                day_seconds=calendar.day_minutes * 60,
            )
        )
    return out


async def _ratings(
    start: datetime, end: datetime, d: Directory, ticket_rows: Tickets
) -> list[Rating]:
    events = await _events(EventKind.RATED, start, end)
    tickets = await ticket_rows.get(e["ticket"] for e in events)
    return [
        Rating(_dims(tickets[e["ticket"]], d), int((e["data"] or {}).get("rating", 0)))
        for e in events
        if (e["data"] or {}).get("rating")
    ]


async def open_at(
    end: datetime, now: datetime, d: Directory, ticket_rows: Tickets
) -> list[OpenReport]:
    """Reports open at `end`: open now and unchanged since, plus those whose status history
    since `end` must be replayed to know where they stood at `end`."""
    open_now = await Ticket.select(*_TICKET_COLUMNS).where(
        Ticket.status.is_in(OPEN_KEYS) & (Ticket.created_at < end)
    )
    changed = await changed_since(end, now)
    candidates = {r["id"]: r for r in open_now if r["id"] not in changed}
    candidates.update(await replayed_open(changed, end, ticket_rows))
    return [
        OpenReport(_dims(r, d), round((end - r["created_at"]).total_seconds() / 86400, 2))
        for r in candidates.values()
    ]


async def changed_since(end: datetime, now: datetime) -> set[int]:
    """Reports filed before `end` whose status changed since: where they stood at `end` is
    found by replaying their history (`replayed_open`), not from their status now."""
    if end >= now:
        return set()
    # Only reports filed before `end` matter: the join keeps later reports' events out.
    return {
        r["ticket"]
        for r in await TicketEvent.select(TicketEvent.ticket)
        .where(
            (TicketEvent.kind == EventKind.STATUS_CHANGED.value)
            & (TicketEvent.at >= end)
            & (TicketEvent.ticket._.created_at < end)
        )
        .distinct()
    }


async def replayed_open(
    changed: set[int], end: datetime, ticket_rows: Tickets
) -> dict[int, dict[str, Any]]:
    """The ticket rows of the reports among `changed` that were open at `end`."""
    replay = await ticket_rows.get(changed)
    status_at_end: dict[int, str] = {}
    found = {}
    for part in chunks(sorted(t for t, r in replay.items() if r["created_at"] < end)):
        for e in (
            await TicketEvent.select(TicketEvent.ticket, TicketEvent.to_status)
            .where(
                TicketEvent.ticket.is_in(list(part))
                & (TicketEvent.kind == EventKind.STATUS_CHANGED.value)
                & (TicketEvent.at < end)
            )
            .order_by(TicketEvent.at)
            .order_by(TicketEvent.id)
        ):
            status_at_end[e["ticket"]] = e["to_status"]
        for t in part:
            if status_at_end.setdefault(t, Status.BARU.value) in OPEN_KEYS:
                found[t] = replay[t]
    return found


async def queue_calls(start: datetime, end: datetime, zone: ZoneInfo) -> list[QueueCallFact]:
    rows = await QueueCall.select(
        QueueCall.entered_at, QueueCall.outcome, QueueCall.wait_seconds, QueueCall.handle_seconds
    ).where((QueueCall.entered_at >= start) & (QueueCall.entered_at < end))
    return [
        QueueCallFact(
            entered_local=r["entered_at"].astimezone(zone),
            outcome=r["outcome"],
            wait_seconds=r["wait_seconds"],
            handle_seconds=r["handle_seconds"],
        )
        for r in rows
    ]


async def period_facts(
    start: datetime, end: datetime, *, now: datetime, zone: ZoneInfo, directory: Directory
) -> PeriodFacts:
    """The facts of [start, end); a period not yet over is read up to `now`."""
    until = min(end, now)
    d = replace(directory, period_end=until)
    rows = Tickets()
    received = await _received(start, until, d, rows)
    events = await _events(EventKind.STATUS_CHANGED, start, until)
    changes = await _changes(events, await rows.get(e["ticket"] for e in events), d)
    return PeriodFacts(
        received=received,
        changes=changes,
        clocks=await _clocks(start, until, now, d, rows),
        ratings=await _ratings(start, until, d, rows),
        open_at_end=await open_at(until, now, d, rows),
        calls=await queue_calls(start, until, zone),
    )
