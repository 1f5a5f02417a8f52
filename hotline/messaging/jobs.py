"""This area's part in the worker: messages saved but never handled (their webhook failed after
the save, and Twilio gave up) are handled, their reply queued; and the outbox channels it
delivers itself (WhatsApp messages, media fetched from Twilio), with its opt-out check in front
of the core's SMS sender."""

from __future__ import annotations

import logging
from datetime import timedelta

from hotline import clock
from hotline.messaging import conversation, media, outbound
from hotline.messaging.engine import Incoming, Media
from hotline.messaging.inbound import Inbound
from hotline.messaging.tables import InboundMessage
from hotline.notify.handlers import Handlers
from hotline.notify.senders.base import Channel
from hotline.settings import Settings

# A message still unhandled this long after it arrived: its webhook failed, not still running.
STALE = timedelta(minutes=2)
BATCH = 50

log = logging.getLogger("hotline.messaging")


async def handle_stale() -> int:
    """Handle the messages saved but left unhandled; their replies go through the outbox."""
    cutoff = clock.now() - STALE
    rows = (
        await InboundMessage.select()
        .where((InboundMessage.status == "received") & (InboundMessage.received_at < cutoff))
        .order_by(InboundMessage.id)
        .limit(BATCH)
        .output(load_json=True)
    )
    done = 0
    for row in rows:
        incoming = Incoming(
            row["body"],
            tuple(Media(m["url"], m["content_type"]) for m in row["media"] or []),
            row["latitude"],
            row["longitude"],
        )
        msg = Inbound(row["message_sid"], row["channel"], row["sender"], incoming)
        try:
            await conversation.handle(msg, clock.now(), reply_by_outbox=True)
            done += 1
        except Exception:
            # Left `received` for the next round (a bug or the database again); logged here so
            # that a message that keeps failing is seen, and others in the batch still go.
            log.exception("messaging: an unhandled message failed again; kept for the next round")
    return done


async def run_round(settings: Settings) -> int:
    del settings
    return await handle_stale()


def add_handlers(handlers: Handlers, settings: Settings) -> None:
    handlers.add(media.fetcher(settings))
    handlers.add(outbound.sender(settings))
    handlers.wrap(Channel.SMS, outbound.OptOutGuard)
