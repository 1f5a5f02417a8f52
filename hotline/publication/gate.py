"""The write side of the publication gate: the only code that writes the published projection.

The ticket core calls it inside its own transactions:
- `record` after every change of a report, with the facts it decided may be public (status,
  dates, area, agency; never a text);
- `publish_text` when a verifier publishes the redacted text of a report;
- `publish_update` when someone on staff publishes a text of the report's history after
  checking it for personal data.
`withhold` takes a report's text and coordinates away again (rejected, merged, identity erased).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from hotline.publication import location
from hotline.publication.tables import PublishedReport, PublishedUpdate


class UpdateKind(StrEnum):
    STATUS = "status"  # a change of status, told without text
    TEXT = "text"  # a text someone on staff published


@dataclass(frozen=True)
class PublicFacts:
    """What of a report may be known by anyone: no text, no identity, no exact place."""

    ticket_id: int
    reference: str
    status: str
    reject_reason: str
    category_id: int | None
    region_id: int | None
    agency_id: int | None
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    expected_at: datetime | None


async def _report(ticket_id: int) -> dict[str, Any] | None:
    return await (  # type: ignore[no-any-return]
        PublishedReport.select(PublishedReport.id, PublishedReport.status)
        .where(PublishedReport.ticket_id == ticket_id)
        .first()
    )


async def record(
    facts: PublicFacts, *, at: datetime, announce: bool = True, filed_as: str | None = None
) -> None:
    """Make the report's public row say `facts`. A change of status becomes a public update
    without text when `announce` (Open311's servicerequestupdates); a report's first row is not
    an update, as filing it is not.

    `filed_as`: the report was filed in the caller's transaction with this status and has no
    public row yet (nothing to look for); if it has moved on since, the move is announced as
    if the row had been written first."""
    values: dict[Any, Any] = {
        PublishedReport.status: facts.status,
        PublishedReport.reject_reason: facts.reject_reason,
        PublishedReport.category: facts.category_id,
        PublishedReport.region: facts.region_id,
        PublishedReport.agency: facts.agency_id,
        PublishedReport.expected_at: facts.expected_at,
        PublishedReport.updated_at: facts.updated_at,
        PublishedReport.closed_at: facts.closed_at,
    }
    found = await _report(facts.ticket_id) if filed_as is None else None
    if found is None:
        row = PublishedReport(
            ticket_id=facts.ticket_id, reference=facts.reference, created_at=facts.created_at
        )
        for column, value in values.items():
            setattr(row, column._meta.name, value)
        if not (announce and filed_as is not None and filed_as != facts.status):
            await PublishedReport.insert(row)
            return
        inserted = await PublishedReport.insert(row).returning(PublishedReport.id)
        found = {"id": inserted[0]["id"], "status": filed_as}
    else:
        await PublishedReport.update(values).where(PublishedReport.id == found["id"])
    if announce and found["status"] != facts.status:
        await PublishedUpdate.insert(
            PublishedUpdate(
                report=found["id"],
                at=at,
                kind=UpdateKind.STATUS.value,
                status=facts.status,
                reason=facts.reject_reason,
            )
        )


async def publish_text(
    ticket_id: int,
    text: str,
    *,
    at: datetime,
    latitude: float | None = None,
    longitude: float | None = None,
) -> bool:
    """Publish the verifier's redacted text of a report, with its place coarsened (pass the
    coordinates only for a report whose reporter chose `publik`). False if it has no public row."""
    found = await _report(ticket_id)
    if found is None:
        return False
    lat, long = location.coarsen(latitude, longitude)
    await PublishedReport.update(
        {
            PublishedReport.text: text,
            PublishedReport.latitude: lat,
            PublishedReport.longitude: long,
            PublishedReport.published_at: at,
        }
    ).where(PublishedReport.id == found["id"])
    return True


async def withhold(ticket_id: int) -> None:
    """Take a report's text, coordinates and published texts off the public record."""
    found = await (
        PublishedReport.select(PublishedReport.id)
        .where(
            (PublishedReport.ticket_id == ticket_id) & PublishedReport.published_at.is_not_null()
        )
        .first()
    )
    if found is None:
        return  # nothing of it was published
    await PublishedReport.update(
        {
            PublishedReport.text: "",
            PublishedReport.latitude: None,
            PublishedReport.longitude: None,
            PublishedReport.published_at: None,
        }
    ).where(PublishedReport.id == found["id"])
    await PublishedUpdate.update({PublishedUpdate.text: ""}).where(
        PublishedUpdate.report == found["id"]
    )


async def publish_update(ticket_id: int, text: str, *, at: datetime) -> int:
    """Publish a text of the report's history (an answer, a reply, a redacted addition).
    The caller has checked that the report itself is published."""
    found = await _report(ticket_id)
    if found is None:
        raise LookupError(ticket_id)
    rows = await PublishedUpdate.insert(
        PublishedUpdate(
            report=found["id"],
            at=at,
            kind=UpdateKind.TEXT.value,
            status=found["status"],
            text=text,
        )
    ).returning(PublishedUpdate.id)
    return int(rows[0]["id"])
