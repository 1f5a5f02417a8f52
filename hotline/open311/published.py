"""GET requests, requests/{id} and servicerequestupdates: what the public may read of reports.

The privacy rules of DESIGN.md hold here as everywhere:
- `rahasia` reports do not exist for the API: never listed, 404 by reference, no updates;
- the description, the location (lat/long, the area's names and code) and the text of updates
  are given only when `hotline.tickets.publication.is_publishable` says so (verified, redacted,
  not rejected); until then the request shows its service, status and dates only; the
  reporter's own location text is never given (nobody redacts it);
- nothing is ever read from `Reporter`: names, phone numbers and e-mails cannot leak.
A report without a category (a phone report not yet categorised) is not a request for any
service yet, so it is not listed either.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from piccolo.columns.combination import Combinable

from hotline.i18n import N_
from hotline.open311 import agencies, statuses
from hotline.open311.catalog import localized
from hotline.open311.errors import Open311Error
from hotline.open311.filters import RequestQuery, Window
from hotline.open311.models import RequestUpdate, ServiceRequest
from hotline.sla.policy import ClockKind
from hotline.tickets import reference
from hotline.tickets.events import EventKind
from hotline.tickets.lifecycle import Status
from hotline.tickets.privacy import Privacy
from hotline.tickets.publication import is_publishable
from hotline.tickets.tables import Ticket, TicketClock, TicketEvent

_COLUMNS = (
    Ticket.id,
    Ticket.reference,
    Ticket.status,
    Ticket.privacy,
    Ticket.verified_at,
    Ticket.public_description,
    Ticket.reject_reason,
    Ticket.agency,
    Ticket.latitude,
    Ticket.longitude,
    Ticket.created_at,
    Ticket.updated_at,
    Ticket.closed_at,
    Ticket.category.service_code,
    Ticket.category.name_id,
    Ticket.category.name_en,
    Ticket.region.code,
    Ticket.region.name,
    # Piccolo types a "self" foreign key loosely; the join is real.
    Ticket.region.parent.name,  # type: ignore[union-attr]
)


def _listable() -> Combinable:
    return (Ticket.privacy != Privacy.RAHASIA.value) & Ticket.category.is_not_null()


def _at(value: datetime | None, zone: ZoneInfo) -> datetime | None:
    return value.astimezone(zone).replace(microsecond=0) if value is not None else None


async def _running_deadlines(ticket_ids: list[int]) -> dict[int, datetime]:
    """The reporter's end-to-end (resolution) deadline of each ticket whose clock is running.

    A paused clock (waiting for the reporter) has no deadline to promise: it slides."""
    if not ticket_ids:
        return {}
    rows = await TicketClock.select(TicketClock.ticket, TicketClock.due_at).where(
        TicketClock.ticket.is_in(ticket_ids)
        & (TicketClock.kind == ClockKind.RESOLUTION.value)
        & TicketClock.stopped_at.is_null()
        & TicketClock.paused_at.is_null()
    )
    return {int(r["ticket"]): r["due_at"] for r in rows if r["due_at"] is not None}


def _as_request(
    row: dict[str, Any], locale: str, directory: agencies.Agencies, due: datetime | None
) -> ServiceRequest:
    status = Status(row["status"])
    zone = directory.zone(row["agency"])
    responsible = directory.responsible(row["agency"])
    published = is_publishable(row)
    closed = statuses.request_status(status) == "closed"
    # The area's official names, never the reporter's own location text: nobody redacts that,
    # and free text that was not redacted is never published (DESIGN.md, privacy).
    address = ", ".join(p for p in (row["region.name"], row["region.parent.name"]) if p)
    return ServiceRequest(
        service_request_id=row["reference"],
        status=statuses.request_status(status),
        status_notes=statuses.status_notes(locale, status, row["reject_reason"]),
        service_name=localized(
            {"name_id": row["category.name_id"], "name_en": row["category.name_en"]},
            "name",
            locale,
        ),
        service_code=row["category.service_code"],
        description=row["public_description"] if published else None,
        agency_responsible=responsible.name if responsible else None,
        service_notice=None,
        requested_datetime=_at(row["created_at"], zone) or row["created_at"],
        updated_datetime=_at(
            row["closed_at"] if closed and row["closed_at"] else row["updated_at"], zone
        ),
        expected_datetime=_at(due, zone) if not closed else None,
        address=(address or None) if published else None,
        address_id=row["region.code"] if published else None,
        zipcode=None,
        lat=row["latitude"] if published else None,
        long=row["longitude"] if published else None,
        # Media arrive as links nobody has checked yet: they are kept for the verifier only.
        media_url=None,
    )


async def _requests(where: Combinable, locale: str, limit: int) -> list[ServiceRequest]:
    rows = (
        await Ticket.select(*_COLUMNS)
        .where(where)
        .order_by(Ticket.created_at, ascending=False)
        .order_by(Ticket.id, ascending=False)
        .limit(limit)
    )
    directory = await agencies.load()
    deadlines = await _running_deadlines([int(r["id"]) for r in rows])
    return [_as_request(r, locale, directory, deadlines.get(int(r["id"]))) for r in rows]


async def requests(query: RequestQuery, locale: str, *, limit: int) -> list[ServiceRequest]:
    where = _listable()
    if query.references:
        where = where & Ticket.reference.is_in(query.references)
    else:
        where = (
            where
            & (Ticket.created_at >= query.window.start)
            & (Ticket.created_at <= query.window.end)
        )
        if query.service_codes:
            where = where & Ticket.category.service_code.is_in(query.service_codes)
        if query.statuses and len(set(query.statuses)) == 1:
            where = where & Ticket.status.is_in(statuses.statuses_for(query.statuses[0]))
    return await _requests(where, locale, limit)


async def request(service_request_id: str, locale: str) -> ServiceRequest:
    ref = reference.normalize(service_request_id)
    found = await _requests(_listable() & (Ticket.reference == ref), locale, 1) if ref else []
    if not found:
        raise Open311Error.of(404, N_("There is no request with this number."))
    return found[0]


async def _status_history(ticket_ids: list[int], until: datetime) -> dict[int, list[dict]]:
    if not ticket_ids:
        return {}
    rows = (
        await TicketEvent.select(
            TicketEvent.id, TicketEvent.ticket, TicketEvent.to_status, TicketEvent.data
        )
        .where(
            TicketEvent.ticket.is_in(ticket_ids)
            & (TicketEvent.to_status != "")
            & (TicketEvent.at <= until)
        )
        .order_by(TicketEvent.id)
        .output(load_json=True)
    )
    history: dict[int, list[dict]] = {}
    for row in rows:
        history.setdefault(int(row["ticket"]), []).append(row)
    return history


def _status_before(history: list[dict], event_id: int) -> tuple[Status, str]:
    """The status a ticket had when event `event_id` happened, and a rejection's reason."""
    status, reason = Status.BARU, ""
    for row in history:
        if row["id"] > event_id:
            break
        status = Status(row["to_status"])
        reason = str((row["data"] or {}).get("reason", ""))
    return status, reason


async def updates(window: Window, locale: str, *, limit: int) -> list[RequestUpdate]:
    """Public status changes and public answers, oldest first, so a client can resume from the
    last `updated_datetime` it saw."""
    rows = (
        await TicketEvent.select(
            TicketEvent.id,
            TicketEvent.ticket,
            TicketEvent.at,
            TicketEvent.kind,
            TicketEvent.body,
            TicketEvent.ticket.reference,
            TicketEvent.ticket.status,
            TicketEvent.ticket.privacy,
            TicketEvent.ticket.verified_at,
            TicketEvent.ticket.public_description,
            TicketEvent.ticket.agency,
        )
        .where(
            TicketEvent.public.eq(True)
            & TicketEvent.kind.is_in([EventKind.STATUS_CHANGED.value, EventKind.PUBLIC_REPLY.value])
            & (TicketEvent.at >= window.start)
            & (TicketEvent.at <= window.end)
            & (TicketEvent.ticket.privacy != Privacy.RAHASIA.value)
            & TicketEvent.ticket.category.is_not_null()
        )
        .order_by(TicketEvent.at)
        .order_by(TicketEvent.id)
        .limit(limit)
    )
    directory = await agencies.load()
    history = await _status_history(sorted({int(r["ticket"]) for r in rows}), window.end)
    found = []
    for row in rows:
        ticket = {k.removeprefix("ticket."): v for k, v in row.items() if k.startswith("ticket.")}
        status, reason = _status_before(history.get(int(row["ticket"]), []), int(row["id"]))
        # The words of an update are the agency's public words, published with the report
        # once the report itself may be published; until then only the status is told.
        text = row["body"].strip() if is_publishable(ticket) else ""
        found.append(
            RequestUpdate(
                update_id=str(row["id"]),
                service_request_id=row["ticket.reference"],
                status=statuses.update_status(status, reason),
                updated_datetime=_at(row["at"], directory.zone(row["ticket.agency"])) or row["at"],
                description=text or statuses.status_notes(locale, status, reason),
                media_url=None,
            )
        )
    return found
