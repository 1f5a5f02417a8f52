"""What the reporter is told, and where: the outbox rows for a report's reporter.

Written in the caller's transaction (the outbox is filled with the change that causes it). The
texts are in `messages`; here is who gets them, on which channel, keyed by which event.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, cast

from hotline.directory import operator as service_operator
from hotline.directory.tables import Agency
from hotline.i18n import t
from hotline.notify.outbox import Message, enqueue_all
from hotline.notify.senders.base import Channel as MessageChannel
from hotline.settings import get_settings
from hotline.tickets import messages
from hotline.tickets.channels import Channel
from hotline.tickets.lifecycle import NOTIFY_REPORTER, Transition
from hotline.tickets.records import Contact, ReporterContact, ReporterRow, TicketRow
from hotline.tickets.tables import Reporter, Ticket

# The outbox channel the messaging area delivers (by WhatsApp's rules) for reports that came by
# WhatsApp; named, not imported: the outbox names its channels by string (docs/DECISIONS.md).
WHATSAPP = "whatsapp"


async def reporter_of(ticket: Mapping[str, Any]) -> ReporterRow | None:
    """The report's reporter row, or None (an anonymous report without contact has none)."""
    if ticket["reporter"] is None:
        return None
    row = await Reporter.select().where(Reporter.id == ticket["reporter"]).first()
    return cast(ReporterRow | None, row)


def reachable(reporter_row: Contact, report_channel: str = "") -> bool:
    """Whether a message can reach the reporter: SMS with their consent, WhatsApp for a report
    made there (as `outgoing` sends it), or e-mail."""
    phone_ok = reporter_row["sms_consent"] or report_channel == Channel.WHATSAPP.value
    return bool((reporter_row["phone"] and phone_ok) or reporter_row["email"])


async def outgoing(
    ticket_id: int,
    reporter_row: Contact,
    text: messages.Text,
    *,
    event_id: int | None = None,
    key: str | None = None,
    locale: str,
    sensitive: bool = False,
    report_channel: str | None = None,
) -> list[Message]:
    """`text` to the reporter's phone (if they allow SMS) and e-mail (if given), to queue, each
    ending with who runs the service and the number to call (issue 17). A report that came by
    WhatsApp is answered there (`report_channel`, read when not given): the messaging area
    delivers that channel with WhatsApp's rules, falling back to SMS (hotline/messaging). The
    one place that decides how a reporter is reached: every message to a reporter comes here.
    Each message is queued once under `key` (default: the history event it tells of) and its
    channel."""
    if key is None:
        assert event_id is not None, "a message to a reporter needs a key or its event"
        key = f"event:{event_id}"
    operator = await service_operator.current()
    queued = []
    phone = reporter_row["phone"]
    if phone and report_channel is None:
        row = await Ticket.select(Ticket.channel).where(Ticket.id == ticket_id).first()
        report_channel = row["channel"] if row else ""
    # A WhatsApp reporter is answered there whatever their SMS consent, which decides only
    # whether an SMS may replace a message WhatsApp's rules refuse (hotline/messaging).
    by_whatsapp = report_channel == Channel.WHATSAPP.value
    if phone and (reporter_row["sms_consent"] or by_whatsapp):
        phone_channel = WHATSAPP if by_whatsapp else MessageChannel.SMS
        queued.append(
            Message(
                channel=phone_channel,
                recipient=reporter_row["phone"],
                body=messages.sms_with_contact(text.body, operator.contact_line(locale)),
                dedupe_key=f"{key}:{phone_channel}",
                about=messages.about(ticket_id),
                sensitive=sensitive,
            )
        )
    if reporter_row["email"]:
        queued.append(
            Message(
                channel=MessageChannel.EMAIL,
                recipient=reporter_row["email"],
                subject=text.subject,
                body=messages.email_with_letterhead(text.body, operator.letterhead(locale)),
                dedupe_key=f"{key}:email",
                about=messages.about(ticket_id),
                sensitive=sensitive,
            )
        )
    return queued


async def send(
    ticket_id: int,
    reporter_row: Contact,
    text: messages.Text,
    *,
    event_id: int,
    now: datetime,
    sensitive: bool = False,
    locale: str | None = None,
) -> None:
    """Queue `text` to the reporter's phone (if they allow SMS) and e-mail (if given)."""
    # The reporter's language (a reporter row has it; a report being filed passes it).
    locale = locale or str(cast(Mapping[str, Any], reporter_row).get("locale") or "id")
    queued = await outgoing(
        ticket_id, reporter_row, text, event_id=event_id, locale=locale, sensitive=sensitive
    )
    await enqueue_all(queued, now=now)


async def agency_name(agency_id: int | None) -> str:
    """The agency's name as the reporter reads it ("" for none)."""
    if agency_id is None:
        return ""
    row = await Agency.select(Agency.name).where(Agency.id == agency_id).first()
    return row["name"] if row else ""


async def of_step(
    ticket: TicketRow,
    transition: Transition,
    *,
    event_id: int,
    now: datetime,
    params: dict[str, str],
) -> None:
    """Tell the reporter of a lifecycle step they did not take themselves (NOTIFY_REPORTER)."""
    if transition.action not in NOTIFY_REPORTER:
        return
    reporter_row = await reporter_of(ticket)
    if reporter_row is None:
        return
    queued = await of_step_to(reporter_row, ticket, transition, event_id=event_id, params=params)
    await enqueue_all(queued, now=now)


async def of_step_to(
    reporter_row: ReporterContact,
    ticket: TicketRow,
    transition: Transition,
    *,
    event_id: int,
    params: dict[str, str],
) -> list[Message]:
    """`of_step`'s messages to a reporter already read (the one of a report being filed)."""
    if transition.action not in NOTIFY_REPORTER:
        return []
    locale = reporter_row["locale"]
    # The reason is a label (msgid): it is read in the reporter's language. Names stay as they are.
    localized = {k: t(locale, v) if k == "reason" else v for k, v in params.items()}
    text = messages.for_action(
        locale,
        transition.action,
        status_label=t(locale, transition.to_status.label),
        reference=ticket["reference"],
        url=get_settings().public_url,
        **localized,
    )
    if text is None:
        return []
    return await outgoing(
        ticket["id"],
        reporter_row,
        text,
        event_id=event_id,
        locale=locale,
        report_channel=ticket["channel"],
    )
