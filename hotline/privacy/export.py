"""What is held about a reporter and their report: the right of access (UU 27/2022 PDP).

One structure for both downloads on /lacak (JSON and the printable page), in the reader's
language: keys are stable English names, labels are translated. Held and shown:

- the reporter row (name, phone, e-mail, language, SMS consent), when there is one;
- the report as filed and as it stands (texts, location, coordinates, category, agency, times);
- its history: every event's time, kind and who acted (reporter, staff, system), with the text
  of the events the reporter wrote or was sent; the texts of staff's internal notes and the
  names of staff members are not the reporter's personal data and are left out (the events
  themselves, identity look-ups included, are listed);
- the attachments (name, kind, size, SHA-256, a link to download each);
- the messages sent to the reporter's phone or e-mail about this report;
- the calls that made or followed the report (the caller's number, when, how long);
- what the areas above this one hold about the report and tell when asked (topic
  `privacy.held`): the WhatsApp and SMS messages the reporter sent (hotline/messaging);
- when the personal data will be erased (HOTLINE_RETENTION_MONTHS after closure).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypedDict

from hotline import clock
from hotline.areas import listeners
from hotline.i18n import N_, t
from hotline.ivr.conversations import of_report as conversations_of_report
from hotline.ivr.tables import ConversationRecording, IvrCall
from hotline.notify.outbox import concerning
from hotline.notify.tables import OutboxMessage
from hotline.privacy.config import privacy_settings
from hotline.privacy.erasure import months_before
from hotline.tickets.channels import Channel
from hotline.tickets.events import ActorType, EventKind
from hotline.tickets.lifecycle import Status
from hotline.tickets.messages import about
from hotline.tickets.privacy import Privacy
from hotline.tickets.tables import Attachment, Reporter, Ticket, TicketEvent

# Events whose text was written by or to the reporter.
TEXT_TO_REPORTER = {
    EventKind.CREATED,
    EventKind.STATUS_CHANGED,
    EventKind.PUBLIC_REPLY,
    EventKind.INFO_ADDED,
    EventKind.RATED,
}


HELD = "privacy.held"


class HeldAsk(TypedDict):
    """The question to the areas above (which this one may not import): what they hold about
    report `ticket_id`; each adds its own sections (a stable English key -> rows)."""

    ticket_id: int
    locale: str
    sections: dict[str, Any]


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def months_after(instant: datetime, months: int) -> datetime:
    return months_before(instant, -months)


async def held_about(ticket_id: int, locale: str) -> dict[str, Any]:
    """Everything held about the reporter of `ticket_id` and their report."""
    ticket = (
        await Ticket.select(
            *Ticket.all_columns(),
            Ticket.category.name_id.as_alias("category_id_name"),
            Ticket.category.name_en.as_alias("category_en_name"),
            Ticket.region.name.as_alias("region_name"),
            Ticket.agency.name.as_alias("agency_name"),
        )
        .where(Ticket.id == ticket_id)
        .output(load_json=True)
        .first()
    )
    assert ticket is not None
    reporter = (
        await Reporter.select().where(Reporter.id == ticket["reporter"]).first()
        if ticket["reporter"] is not None
        else None
    )
    privacy = Privacy(ticket["privacy"])
    category = (
        ticket["category_en_name"] if locale == "en" else ticket["category_id_name"]
    ) or ticket["category_id_name"]
    report = {
        "reference": ticket["reference"],
        "channel": ticket["channel"],
        "channel_label": t(locale, Channel(ticket["channel"]).label),
        "privacy": privacy.value,
        "privacy_label": t(locale, privacy.label),
        "privacy_meaning": t(locale, privacy.explanation),
        "status": ticket["status"],
        "status_label": t(locale, Status(ticket["status"]).label),
        "category": category or "",
        "region": ticket["region_name"] or "",
        "agency": ticket["agency_name"] or "",
        "title": ticket["title"],
        "description": ticket["description"],
        "public_description": ticket["public_description"],
        "location_text": ticket["location_text"],
        "latitude": ticket["latitude"],
        "longitude": ticket["longitude"],
        "rating": ticket["rating"],
        "rating_comment": ticket["rating_comment"],
        "created_at": _iso(ticket["created_at"]),
        "answered_at": _iso(ticket["answered_at"]),
        "resolved_at": _iso(ticket["resolved_at"]),
        "closed_at": _iso(ticket["closed_at"]),
        "anonymised_at": _iso(ticket["anonymised_at"]),
    }
    events = (
        await TicketEvent.select(
            TicketEvent.at,
            TicketEvent.kind,
            TicketEvent.actor_type,
            TicketEvent.to_status,
            TicketEvent.public,
            TicketEvent.body,
        )
        .where(TicketEvent.ticket == ticket_id)
        .order_by(TicketEvent.at)
        .order_by(TicketEvent.id)
    )
    history = []
    for e in events:
        kind = EventKind(e["kind"])
        actor = ActorType(e["actor_type"])
        shown = kind in TEXT_TO_REPORTER and (e["public"] or actor is ActorType.REPORTER)
        if kind is EventKind.STATUS_CHANGED and e["to_status"]:
            label = t(locale, Status(e["to_status"]).label)
        else:
            label = t(locale, kind.label)
        history.append(
            {
                "at": _iso(e["at"]),
                "kind": kind.value,
                "label": label,
                "by": actor.value,
                "by_label": t(locale, actor.reporter_label),
                "text": e["body"] if shown else "",
            }
        )
    files = await Attachment.select().where(Attachment.ticket == ticket_id).order_by(Attachment.id)
    attachments = [
        {
            "filename": f["filename"],
            "kind": f["kind"],
            "content_type": f["content_type"],
            "size": f["size"],
            "sha256": f["sha256"],
            "received_at": _iso(f["created_at"]),
            "url": f"/lacak/lampiran/{f['id']}" if f["storage_path"] else None,
        }
        for f in files
    ]
    addresses = [a for a in (reporter["phone"], reporter["email"]) if a] if reporter else []
    sent = (
        await OutboxMessage.select()
        .where(concerning(about(ticket_id)) & OutboxMessage.recipient.is_in(addresses))
        .order_by(OutboxMessage.id)
        if addresses
        else []
    )
    messages = [
        {
            "channel": m["channel"],
            "to": m["recipient"],
            "subject": m["subject"],
            "text": m["body"],
            "status": m["status"],
            "queued_at": _iso(m["created_at"]),
            "sent_at": _iso(m["sent_at"]),
        }
        for m in sent
    ]
    call_rows = (
        await IvrCall.select(IvrCall.caller, IvrCall.started_at, IvrCall.duration_seconds)
        .where((IvrCall.ticket == ticket_id) & (IvrCall.line == "caller"))
        .order_by(IvrCall.id)
    )
    calls = [
        {
            "caller": c["caller"],
            "started_at": _iso(c["started_at"]),
            "duration_seconds": c["duration_seconds"],
        }
        for c in call_rows
    ]
    # The officers' conversations in the report's call (docs/PRIVACY.md): that they exist, when
    # and how long, and whether they were erased; the audio is not served on the citizen pages.
    linked = await conversations_of_report(ticket_id)
    conversations = [
        {
            "recorded_at": _iso(r["created_at"]),
            "duration_seconds": r["duration_seconds"],
            "erased_at": _iso(r["erased_at"]),
        }
        for r in await ConversationRecording.select(
            ConversationRecording.created_at,
            ConversationRecording.duration_seconds,
            ConversationRecording.erased_at,
        )
        .where(linked)
        .order_by(ConversationRecording.created_at)
    ]
    ask = HeldAsk(ticket_id=ticket_id, locale=locale, sections={})
    for listener in listeners(HELD):
        await listener(ask)
    months = privacy_settings().retention_months
    erase_after = months_after(ticket["closed_at"], months) if ticket["closed_at"] else None
    return {
        "generated_at": _iso(clock.now()),
        "language": locale,
        "reporter": (
            {
                "name": reporter["name"],
                "phone": reporter["phone"],
                "email": reporter["email"],
                "language": reporter["locale"],
                "sms_consent": reporter["sms_consent"],
                "created_at": _iso(reporter["created_at"]),
            }
            if reporter
            else None
        ),
        "report": report,
        "history": history,
        "attachments": attachments,
        "messages": messages,
        "calls": calls,
        "conversation_recordings": conversations,
        **ask["sections"],
        "retention": {
            "months_after_closure": months,
            "erase_after": _iso(erase_after),
            "explanation": t(
                locale,
                N_(
                    "Your name, contact details, texts and files are erased {months} months "
                    "after the report is closed; the figures of the report stay for the "
                    "statistics."
                ),
                months=months,
            ),
        },
    }
