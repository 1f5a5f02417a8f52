"""What of a report may be shown to the public, and the step that tells the publication gate.

A report's content is published only when all of these hold:
- it was verified (a person read it) and was not rejected or merged into another;
- the reporter chose `publik` or `anonim` (`rahasia` is never published, not even its existence
  in a list);
- a verifier wrote the redacted text (`public_description`): the citizen's own words are never
  published as they were typed or spoken.
Its coordinates are published, coarsened, only for `publik` reports (`anonim` ones could point
at the reporter's home). Names, phone numbers and e-mails live in Reporter and are never part of
a published record. `refresh` is the one way the ticket core tells `hotline.publication` about a
report; the public pages read only what it wrote there.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hotline import clock
from hotline.directory.calendars import on_calendar_change
from hotline.publication import gate
from hotline.sla.policy import ClockKind
from hotline.tickets import clocks
from hotline.tickets.lifecycle import Status
from hotline.tickets.privacy import Privacy
from hotline.tickets.tables import Ticket

PUBLISHABLE_PRIVACY = frozenset({Privacy.PUBLIK, Privacy.ANONIM})
NEVER_PUBLISHED_STATUS = frozenset({Status.BARU, Status.DITOLAK, Status.DUPLIKAT})


def is_listed(ticket: Mapping[str, Any]) -> bool:
    """Whether the report exists for the public at all (its status and dates, no content).

    A report without a category (a phone report not yet categorised) is not a request for any
    service yet."""
    return ticket.get("privacy") != Privacy.RAHASIA.value and ticket.get("category") is not None


def is_publishable(ticket: Mapping[str, Any]) -> bool:
    """Whether the report's redacted text may be published (a row of Ticket.select())."""
    return (
        ticket.get("verified_at") is not None
        and ticket.get("privacy") in PUBLISHABLE_PRIVACY
        and ticket.get("status") not in NEVER_PUBLISHED_STATUS
        and bool((ticket.get("public_description") or "").strip())
    )


def _facts(ticket: Mapping[str, Any], *, expected_at: datetime | None) -> gate.PublicFacts:
    return gate.PublicFacts(
        ticket_id=ticket["id"],
        reference=ticket["reference"],
        status=ticket["status"],
        reject_reason=ticket["reject_reason"],
        category_id=ticket["category"],
        region_id=ticket["region"],
        agency_id=ticket["agency"],
        created_at=ticket["created_at"],
        updated_at=ticket["updated_at"],
        closed_at=ticket["closed_at"],
        expected_at=expected_at,
    )


async def filed(
    ticket: Mapping[str, Any],
    *,
    at: datetime,
    expected_at: datetime | None,
    filed_as: Status,
    announce: bool,
) -> None:
    """`refresh` for a report filed in this transaction, given its row as it now is (and the
    reporter's running deadline): it has no public row yet, so one is written, once, however
    many steps filing took. A report a routing rule moved on from `filed_as` while it was filed
    is announced (`announce`) as that step's own `refresh` would have. Nothing of a report
    being filed was verified, so there is no text to publish or take back."""
    if not is_listed(ticket):
        return
    facts = _facts(ticket, expected_at=expected_at)
    await gate.record(facts, at=at, announce=announce, filed_as=filed_as.value)


async def refresh(
    ticket_id: int, *, at: datetime, announce: bool = True, publish: bool = False
) -> None:
    """Tell the publication gate what a report now is, in the caller's transaction.

    `announce`: a change of status is a public update (not for internal moves such as "bukan
    wewenang"). `publish`: this is a verifier's publishing step (verification, redaction), so
    the redacted text goes out if the rule allows it; other steps never publish text, they only
    take it back when the rule no longer allows it.
    """
    ticket = await Ticket.select().where(Ticket.id == ticket_id).first()
    if ticket is None or not is_listed(ticket):
        return
    await gate.record(
        _facts(
            ticket,
            expected_at=await clocks.running_due(ticket_id, ClockKind.RESOLUTION, paused=False),
        ),
        at=at,
        announce=announce,
    )
    if not is_publishable(ticket):
        await gate.withhold(ticket_id)
    elif publish:
        exact = ticket["privacy"] == Privacy.PUBLIK.value
        await gate.publish_text(
            ticket_id,
            ticket["public_description"].strip(),
            at=at,
            latitude=ticket["latitude"] if exact else None,
            longitude=ticket["longitude"] if exact else None,
        )


async def recompute_calendar(calendar_id: int) -> int:
    """After a calendar's working hours or days changed: recompute every running deadline on it
    and the public's expected date, which follows the reporter's deadline (inside the
    transaction of the change). Returns how many tickets were touched."""
    tickets = await clocks.affected_tickets(calendar_id)
    for ticket_id in tickets:
        if await clocks.recompute(ticket_id):
            await refresh(ticket_id, at=clock.now(), announce=False)
    return len(tickets)


# The directory owns calendars and knows nothing of tickets: it tells the ticket core of a change.
on_calendar_change(recompute_calendar)
