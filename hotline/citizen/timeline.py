"""A report's timeline for its reporter (signed in on /lacak), in the reporter's language.

The reporter sees the texts of the history addressed to them: the agency's answers, their own
additions, requests for information. Internal notes, identity look-ups, lockouts and SLA
escalations are never shown. The public's timeline (/laporan) is not this one: it is read from
the publication gate (hotline.publication), where no text arrives unless someone on staff
published it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hotline.citizen.deadlines import format_instant, zone_of
from hotline.directory.tables import Agency
from hotline.i18n import N_, t
from hotline.tickets.events import ROUTING_RULE, EventKind
from hotline.tickets.lifecycle import Status
from hotline.tickets.tables import Ticket, TicketEvent

# The events a reporter sees, with their texts.
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
    note: str = ""  # who moved it where: the agency, and a routing rule when no person did


def _note(locale: str, kind: EventKind, data: dict[str, Any], agencies: dict[str, str]) -> str:
    """The agency a dispatch or transfer sent the report to, and whether the system did it."""
    if kind is not EventKind.STATUS_CHANGED or not data.get("agency"):
        return ""
    agency = agencies.get(data["agency"], data["agency"])
    if data.get("reason") == ROUTING_RULE:
        if data.get("rule"):
            return t(
                locale,
                N_("Sent automatically to {agency} by routing rule #{rule}."),
                agency=agency,
                rule=data["rule"],
            )
        return t(locale, N_("Sent automatically to {agency} by a routing rule."), agency=agency)
    if data.get("action") == "transfer":
        return t(locale, N_("Transferred to {agency}."), agency=agency)
    if data.get("action") == "dispatch":
        return t(locale, N_("Sent to {agency}."), agency=agency)
    return ""


async def reporter_timeline(ticket_id: int, locale: str) -> list[Entry]:
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
    agencies = {a["code"]: a["name"] for a in await Agency.select(Agency.code, Agency.name)}
    entries = []
    for r in rows:
        kind = EventKind(r["kind"])
        if kind is EventKind.STATUS_CHANGED and r["to_status"]:
            title = t(locale, Status(r["to_status"]).label)
        else:
            title = t(locale, kind.label)
        body = r["body"]
        if kind is EventKind.RATED:
            stars = t(locale, N_("Rating: {n} of 5"), n=(r["data"] or {}).get("rating", "?"))
            body = f"{stars}. {body}".strip()
        entries.append(
            Entry(
                when=format_instant(r["at"], zone, locale),
                title=title,
                body=body,
                # A routing rule's dispatch was once recorded with the filer as its actor.
                by_reporter=r["actor_type"] == "reporter"
                and (r["data"] or {}).get("reason") != ROUTING_RULE,
                note=_note(locale, kind, r["data"] or {}, agencies),
            )
        )
    return entries
