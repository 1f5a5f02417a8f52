"""The actions the chat flows run, against the database (inside the message's transaction):
screening the sender, a report waiting for their information, filing a report, its status."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hotline import clock
from hotline.directory.tables import Category
from hotline.errors import Conflict, NotFound
from hotline.i18n import t
from hotline.ivr import blocklist
from hotline.ivr.actions import status_facts
from hotline.ivr.config import get_config as ivr_config
from hotline.messaging import media
from hotline.messaging.engine import Conversation, Incoming
from hotline.messaging.prompts import PROMPTS
from hotline.tickets import service
from hotline.tickets.actors import REPORTER
from hotline.tickets.channels import Channel
from hotline.tickets.drafts import ReportDraft, ReporterDraft
from hotline.tickets.lifecycle import Status
from hotline.tickets.privacy import Privacy
from hotline.tickets.records import TicketRow
from hotline.tickets.tables import Ticket

CHANNELS = {"whatsapp": Channel.WHATSAPP, "sms": Channel.SMS}
BY_MESSAGE = [Channel.WHATSAPP.value, Channel.SMS.value]


class DbEffects:
    """The flows' actions for one message from `sender` on `channel`."""

    def __init__(self, channel: str, sender: str, incoming: Incoming | None) -> None:
        self.channel = channel
        self.sender = sender
        self.incoming = incoming
        self.ticket_id: int | None = None  # the report this message made or added to

    async def options(self, name: str, locale: str) -> list[tuple[str, str, str]]:
        # The phone line's short menu of categories (their keys), the same on every channel.
        rows = (
            await Category.select(
                Category.ivr_key, Category.name_id, Category.name_en, Category.service_code
            )
            .where(Category.ivr_key.is_not_null() & Category.active.eq(True))
            .order_by(Category.ivr_key)
        )
        return [
            (r["ivr_key"], r["name_en"] if locale == "en" else r["name_id"], r["service_code"])
            for r in rows
        ]

    async def run(self, action: str, conv: Conversation) -> tuple[str, dict[str, Any]]:
        handler = getattr(self, f"_{action}")
        result: tuple[str, dict[str, Any]] = await handler(conv)
        return result

    async def _screen_sender(self, conv: Conversation) -> tuple[str, dict[str, Any]]:
        """The phone line's blocklist and per-number limit, reports by message counted too."""
        config = ivr_config()
        screening = await blocklist.screen(self.sender, config)
        if screening is not blocklist.Screening.OK:
            return screening.value, {}
        if config.max_reports_per_number:
            since = clock.now() - timedelta(hours=config.report_window_hours)
            made = await Ticket.count().where(
                Ticket.channel.is_in(BY_MESSAGE)
                & (Ticket.reporter.phone == self.sender)
                & (Ticket.created_at >= since)
            )
            if made >= config.max_reports_per_number:
                return "limited", {}
        return "ok", {}

    async def _pending_request(self, conv: Conversation) -> tuple[str, dict[str, Any]]:
        """A report of this number, filed by message, waiting for the reporter's information:
        this message is that information (the answer goes to the report, not to a new one)."""
        msg = self.incoming
        if msg is None or not (msg.text.strip() or msg.media):
            return "none", {}
        row = (
            await Ticket.select(Ticket.id, Ticket.reference)
            .where(
                (Ticket.status == Status.PERLU_DILENGKAPI.value)
                & Ticket.channel.is_in(BY_MESSAGE)
                & (Ticket.reporter.phone == self.sender)
            )
            .order_by(Ticket.id, ascending=False)
            .first()
        )
        if row is None:
            return "none", {}
        body = msg.text.strip() or t(conv.locale, PROMPTS["media_only"])
        await service.add_information(row["id"], body, actor=REPORTER)
        await media.attach(row["id"], conv.vars.pop("media", []), clock.now())
        self.ticket_id = row["id"]
        return "waiting", {"reference": row["reference"]}

    async def _switch_language(self, conv: Conversation) -> tuple[str, dict[str, Any]]:
        conv.locale = "en" if conv.locale == "id" else "id"
        return "ok", {}

    async def _file_report(self, conv: Conversation) -> tuple[str, dict[str, Any]]:
        v = conv.vars
        privacy = Privacy(v.get("privacy") or Privacy.RAHASIA.value)
        created = await service.create_report(
            ReportDraft(
                channel=CHANNELS[self.channel],
                description=str(v.get("description") or ""),
                category_code=v.get("category") or None,
                location_text=str(v.get("place") or ""),
                latitude=float(v["latitude"]) if v.get("latitude") else None,
                longitude=float(v["longitude"]) if v.get("longitude") else None,
                privacy=privacy,
                # The number is the contact, as on the phone line; news goes back on the channel
                # the report came by, SMS only with the consent asked for (docs/MESSAGING.md).
                reporter=ReporterDraft(
                    phone=self.sender, locale=conv.locale, sms_consent=v.get("sms") == "yes"
                ),
                attributes={"channel_of_contact": self.channel},
            ),
            actor=REPORTER,
        )
        await media.attach(created.ticket_id, v.get("media", []), clock.now())
        self.ticket_id = created.ticket_id
        return "ok", {"reference": created.reference, "pin": created.pin}

    async def _add_information(self, conv: Conversation) -> tuple[str, dict[str, Any]]:
        """What the reporter adds to their report, proved theirs with the PIN (as on /lacak)."""
        ticket = await self._by_pin(conv)
        if ticket is None:
            return "not_found", {}
        facts = {"reference": ticket["reference"]}
        body = str(conv.vars.get("info") or "").strip() or t(conv.locale, PROMPTS["media_only"])
        try:
            await service.add_information(ticket["id"], body, actor=REPORTER)
        except Conflict:
            return "closed", facts
        await media.attach(ticket["id"], conv.vars.pop("media", []), clock.now())
        self.ticket_id = ticket["id"]
        return "ok", facts

    async def _by_pin(self, conv: Conversation) -> TicketRow | None:
        """The report the conversation's reference and PIN open (the ticket core's check and
        lockouts, this number the client), or None."""
        try:
            return await service.check_pin(
                str(conv.vars.get("reference", "")),
                str(conv.vars.get("pin", "")),
                client=f"phone:{self.sender}",
            )
        except NotFound:
            return None

    async def _lookup_status(self, conv: Conversation) -> tuple[str, dict[str, Any]]:
        ticket = await self._by_pin(conv)
        if ticket is None:
            return "not_found", {}
        facts = await status_facts(ticket, ivr_config())
        label = t(conv.locale, Status(ticket["status"]).label)
        return "ok", {"reference": ticket["reference"], "status": label, "answer": facts["answer"]}
