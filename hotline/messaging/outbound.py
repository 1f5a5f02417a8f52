"""Messages to a reporter by WhatsApp: the outbox channel `whatsapp`, delivered by this area with
WhatsApp's rules checked at send time (hotline/messaging/jobs.py adds it to the handlers).

- A number that sent STOP/BERHENTI gets nothing, on any channel (the SMS sender is guarded too).
- Within 24 hours of the citizen's last message, a free-form `Body`.
- Outside it, only an approved template: `ContentSid` + `ContentVariables`, from the templates
  file (configuration, HOTLINE_MESSAGING_TEMPLATES); a plain Body there would fail at WhatsApp.
- No template for it: an SMS instead when the reporter consented to SMS, queued in the outbox
  (its own dedupe key), else a permanent "not sent" the console shows with the report's
  failed messages. Never a message outside the rules.
"""

from __future__ import annotations

import asyncio
import json
import logging
import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from hotline import clock
from hotline.db.tx import transaction
from hotline.messaging.config import get_config
from hotline.messaging.optout import opted_out
from hotline.messaging.tables import Conversation
from hotline.notify.outbox import About, Message, enqueue_all
from hotline.notify.senders.base import (
    Channel,
    Delivered,
    DeliveryError,
    OutgoingMessage,
    Sender,
    mask_recipient,
)
from hotline.notify.senders.twilio_sms import TwilioSmsSender
from hotline.notify.tables import OutboxMessage
from hotline.settings import Settings, get_settings
from hotline.tickets.tables import Reporter, Ticket

WHATSAPP = "whatsapp"
WINDOW = timedelta(hours=24)
REPORT_UPDATE = "report_update"

log = logging.getLogger("hotline.messaging")


@dataclass(frozen=True)
class Template:
    content_sid: str
    variables: tuple[str, ...]


def parse_templates(text: str) -> dict[tuple[str, str], Template]:
    """(kind, locale) -> template; a malformed file is an error naming what is wrong."""
    found: dict[tuple[str, str], Template] = {}
    for kind, by_locale in tomllib.loads(text).items():
        for locale, spec in by_locale.items():
            sid, variables = spec.get("content_sid", ""), spec.get("variables", [])
            if not (isinstance(sid, str) and sid.startswith("HX")) or not isinstance(
                variables, list
            ):
                raise ValueError(f"template {kind}.{locale}: content_sid HX… and variables [...]")
            found[(kind, locale)] = Template(sid, tuple(str(v) for v in variables))
    return found


@lru_cache(maxsize=4)
def load_templates(path: Path) -> dict[tuple[str, str], Template]:
    return parse_templates(path.read_text(encoding="utf-8")) if path.exists() else {}


def in_window(last_inbound: datetime | None, now: datetime) -> bool:
    """Whether a free-form WhatsApp message may be sent now (pure)."""
    return last_inbound is not None and timedelta(0) <= now - last_inbound < WINDOW


class Transport(Protocol):
    def create(self, message: OutgoingMessage, kwargs: dict[str, str]) -> Delivered: ...


class LogTransport:
    """Without Twilio credentials the message is written to the log (demo, development)."""

    def create(self, message: OutgoingMessage, kwargs: dict[str, str]) -> Delivered:
        shown = {k: v for k, v in kwargs.items() if k not in ("to", "body")}
        log.info(
            "[whatsapp] message %s to %s %s", message.id, mask_recipient(message.recipient), shown
        )
        return Delivered("logged")


@dataclass(frozen=True)
class _Reporter:
    reference: str
    locale: str
    sms_consent: bool


async def _reporter_of(message_id: int) -> _Reporter | None:
    row = (
        await OutboxMessage.select(OutboxMessage.about_type, OutboxMessage.about_id)
        .where(OutboxMessage.id == message_id)
        .first()
    )
    if row is None or row["about_type"] != "ticket":
        return None
    ticket = (
        await Ticket.select(Ticket.reference, Ticket.reporter)
        .where(Ticket.id == row["about_id"])
        .first()
    )
    if ticket is None:
        return None
    reporter = (
        await Reporter.select(Reporter.locale, Reporter.sms_consent)
        .where(Reporter.id == ticket["reporter"])
        .first()
    )
    return _Reporter(
        ticket["reference"],
        reporter["locale"] if reporter else "id",
        bool(reporter and reporter["sms_consent"]),
    )


class WhatsAppSender:
    channel = WHATSAPP

    def __init__(self, transport: Transport, from_number: str, templates_file: Path) -> None:
        self.transport = transport
        self.from_number = from_number
        self.templates_file = templates_file

    async def send(self, message: OutgoingMessage) -> Delivered:
        if await opted_out(message.recipient):
            raise DeliveryError("not sent: the number opted out (STOP)", permanent=True)
        now = clock.now()
        last = (
            await Conversation.select(Conversation.last_inbound_at)
            .where(Conversation.key == f"{WHATSAPP}:{message.recipient}")
            .first()
        )
        kwargs = {"to": f"whatsapp:{message.recipient}", "from_": self.from_number}
        if in_window(last["last_inbound_at"] if last else None, now):
            kwargs["body"] = message.body
        else:
            about = await _reporter_of(message.id)
            template = load_templates(self.templates_file).get(
                (REPORT_UPDATE, about.locale if about else "id")
            )
            if about is None or template is None:
                return await self._fallback(message, about, now)
            facts = {"reference": about.reference, "url": get_settings().public_url}
            kwargs["content_sid"] = template.content_sid
            kwargs["content_variables"] = json.dumps(
                {str(i): facts.get(name, "") for i, name in enumerate(template.variables, 1)}
            )
        return await asyncio.to_thread(self.transport.create, message, kwargs)

    async def _fallback(
        self, message: OutgoingMessage, about: _Reporter | None, now: datetime
    ) -> Delivered:
        if about is None or not about.sms_consent:
            raise DeliveryError(
                "not sent: outside WhatsApp's 24-hour window, no template, no SMS consent",
                permanent=True,
            )
        row = (
            await OutboxMessage.select(OutboxMessage.about_type, OutboxMessage.about_id)
            .where(OutboxMessage.id == message.id)
            .first()
        )
        async with transaction():
            await enqueue_all(
                [
                    Message(
                        channel=Channel.SMS,
                        recipient=message.recipient,
                        body=message.body,
                        dedupe_key=f"{message.dedupe_key}:sms-fallback",
                        about=About(row["about_type"], row["about_id"]) if row else None,
                    )
                ],
                now=now,
            )
        return Delivered("fallback:sms")


class OptOutGuard:
    """In front of the core's SMS sender: a number that sent STOP gets no SMS either."""

    def __init__(self, inner: Sender) -> None:
        self.inner = inner
        self.channel = inner.channel

    async def send(self, message: OutgoingMessage) -> Delivered:
        if await opted_out(message.recipient):
            raise DeliveryError("not sent: the number opted out (STOP)", permanent=True)
        return await self.inner.send(message)


def sender(settings: Settings) -> WhatsAppSender:
    config = get_config()
    transport: Any = LogTransport()
    from_number = config.whatsapp_number or f"whatsapp:{settings.twilio_number}"
    if settings.sms_enabled:
        transport = TwilioSmsSender(
            settings.twilio_account_sid,
            settings.twilio_auth_token,
            from_number,
            api_base_url=settings.twilio_api_base or None,
        )
    return WhatsAppSender(transport, from_number, config.templates_file)
