"""GET requests, requests/{id} and servicerequestupdates: what the public may read of reports.

Everything here is read from the publication gate's projection (hotline.publication), never
from tickets, their history or reporters:
- `rahasia` reports do not exist for the API: never listed, 404 by reference, no updates;
- a report not yet published shows its service, status and dates only; once a verifier has
  published its redacted text, the description, the area's official names and code, and, for a
  `publik` report, coordinates coarsened to about a kilometre (docs/OPEN311.md);
- updates are changes of status (told by their status notes) and the texts someone on staff
  published after checking them for personal data; nothing a reporter typed and nothing an
  officer wrote is given unless it was published that way.
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
from hotline.publication.reads import PublishedReport, PublishedUpdate, text_published
from hotline.tickets import reference
from hotline.tickets.lifecycle import Status

_COLUMNS = (
    PublishedReport.id,
    PublishedReport.reference,
    PublishedReport.status,
    PublishedReport.reject_reason,
    PublishedReport.text,
    PublishedReport.published_at,
    PublishedReport.agency,
    PublishedReport.latitude,
    PublishedReport.longitude,
    PublishedReport.expected_at,
    PublishedReport.created_at,
    PublishedReport.updated_at,
    PublishedReport.closed_at,
    PublishedReport.category.service_code,
    PublishedReport.category.name_id,
    PublishedReport.category.name_en,
    PublishedReport.region.code,
    PublishedReport.region.name,
    # Piccolo types a "self" foreign key loosely; the join is real.
    PublishedReport.region.parent.name,  # type: ignore[union-attr]
)


def _at(value: datetime | None, zone: ZoneInfo) -> datetime | None:
    return value.astimezone(zone).replace(microsecond=0) if value is not None else None


def _as_request(row: dict[str, Any], locale: str, directory: agencies.Agencies) -> ServiceRequest:
    status = Status(row["status"])
    zone = directory.zone(row["agency"])
    responsible = directory.responsible(row["agency"])
    published = text_published(row)
    closed = statuses.request_status(status) == "closed"
    # The area's official names, never the reporter's own location text: nobody redacts that.
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
        description=row["text"] if published else None,
        agency_responsible=responsible.name if responsible else None,
        service_notice=None,
        requested_datetime=_at(row["created_at"], zone) or row["created_at"],
        updated_datetime=_at(
            row["closed_at"] if closed and row["closed_at"] else row["updated_at"], zone
        ),
        expected_datetime=_at(row["expected_at"], zone) if not closed else None,
        address=(address or None) if published else None,
        address_id=row["region.code"] if published else None,
        zipcode=None,
        # Coarsened by the gate, and only for `publik` reports.
        lat=row["latitude"] if published else None,
        long=row["longitude"] if published else None,
        # Media arrive as links nobody has checked yet: they are kept for the verifier only.
        media_url=None,
    )


async def _requests(where: Combinable | None, locale: str, limit: int) -> list[ServiceRequest]:
    query = PublishedReport.select(*_COLUMNS)
    if where is not None:
        query = query.where(where)
    rows = (
        await query.order_by(PublishedReport.created_at, ascending=False)
        .order_by(PublishedReport.id, ascending=False)
        .limit(limit)
    )
    directory = await agencies.load()
    return [_as_request(r, locale, directory) for r in rows]


async def requests(query: RequestQuery, locale: str, *, limit: int) -> list[ServiceRequest]:
    where: Combinable
    if query.references:
        where = PublishedReport.reference.is_in(query.references)
    else:
        where = (PublishedReport.created_at >= query.window.start) & (
            PublishedReport.created_at <= query.window.end
        )
        if query.service_codes:
            where = where & PublishedReport.category.service_code.is_in(query.service_codes)
        if query.statuses and len(set(query.statuses)) == 1:
            where = where & PublishedReport.status.is_in(statuses.statuses_for(query.statuses[0]))
    return await _requests(where, locale, limit)


async def request(service_request_id: str, locale: str) -> ServiceRequest:
    ref = reference.normalize(service_request_id)
    found = await _requests(PublishedReport.reference == ref, locale, 1) if ref else []
    if not found:
        raise Open311Error.of(404, N_("There is no request with this number."))
    return found[0]


async def updates(window: Window, locale: str, *, limit: int) -> list[RequestUpdate]:
    """Public status changes and published texts, oldest first, so a client can resume from the
    last `updated_datetime` it saw."""
    rows = (
        await PublishedUpdate.select(
            PublishedUpdate.id,
            PublishedUpdate.at,
            PublishedUpdate.status,
            PublishedUpdate.reason,
            PublishedUpdate.text,
            PublishedUpdate.report.reference,
            PublishedUpdate.report.agency,
        )
        .where((PublishedUpdate.at >= window.start) & (PublishedUpdate.at <= window.end))
        .order_by(PublishedUpdate.at)
        .order_by(PublishedUpdate.id)
        .limit(limit)
    )
    directory = await agencies.load()
    found = []
    for row in rows:
        status, reason = Status(row["status"]), row["reason"]
        found.append(
            RequestUpdate(
                update_id=str(row["id"]),
                service_request_id=row["report.reference"],
                status=statuses.update_status(status, reason),
                updated_datetime=_at(row["at"], directory.zone(row["report.agency"])) or row["at"],
                description=row["text"].strip() or statuses.status_notes(locale, status, reason),
                media_url=None,
            )
        )
    return found
