"""A report's public timeline: the history events marked public, in the reader's language.

Two readers. The reporter (signed in on /lacak) sees the texts: the agency's answers, their own
additions, requests for information. The public (/laporan) sees only what happened and when:
those texts were written to or by the reporter and were never redacted, so they are not
published (hotline.tickets.publication: only the verifier's redacted text is).
Internal notes, identity look-ups, lockouts and SLA escalations are never public events.
"""

from __future__ import annotations

from dataclasses import dataclass

from hotline.citizen.deadlines import format_instant, zone_of
from hotline.i18n import N_, t
from hotline.tickets.events import EVENT_LABELS, EventKind
from hotline.tickets.lifecycle import STATUS_LABELS, Status
from hotline.tickets.tables import Ticket, TicketEvent

# Staff and system events shown to the public by what they are, never by their text.
PUBLIC_KINDS = (
    EventKind.CREATED,
    EventKind.STATUS_CHANGED,
    EventKind.PUBLIC_REPLY,
    EventKind.INFO_ADDED,
    EventKind.RATED,
)


@dataclass(frozen=True)
class Entry:
    when: str
    title: str
    body: str
    by_reporter: bool


async def public_timeline(ticket_id: int, locale: str, *, reporter_view: bool) -> list[Entry]:
    ticket = await Ticket.select(Ticket.agency).where(Ticket.id == ticket_id).first()
    zone = await zone_of(ticket["agency"] if ticket else None)
    rows = (
        await TicketEvent.select(
            TicketEvent.at,
            TicketEvent.kind,
            TicketEvent.actor_type,
            TicketEvent.to_status,
            TicketEvent.body,
            TicketEvent.data,
        )
        .where(
            (TicketEvent.ticket == ticket_id)
            & TicketEvent.public.eq(True)
            & TicketEvent.kind.is_in([k.value for k in PUBLIC_KINDS])
        )
        .order_by(TicketEvent.at)
        .order_by(TicketEvent.id)
        .output(load_json=True)
    )
    entries = []
    for r in rows:
        kind = EventKind(r["kind"])
        if kind is EventKind.STATUS_CHANGED and r["to_status"]:
            title = t(locale, STATUS_LABELS[Status(r["to_status"])])
        else:
            title = t(locale, EVENT_LABELS[kind])
        body = r["body"] if reporter_view else ""
        if kind is EventKind.RATED:
            stars = t(locale, N_("Rating: {n} of 5"), n=(r["data"] or {}).get("rating", "?"))
            body = f"{stars}. {body}".strip() if reporter_view else stars
        entries.append(
            Entry(
                when=format_instant(r["at"], zone, locale),
                title=title,
                body=body,
                by_reporter=r["actor_type"] == "reporter",
            )
        )
    return entries
