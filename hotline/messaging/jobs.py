"""This area's part in the worker: messages spooled while the database was away are saved and
handled, and messages saved but never handled (their webhook failed after the save) too, their
replies queued in the outbox; and the outbox channels it delivers itself (WhatsApp messages,
media fetched from Twilio), with its opt-out check in front of the core's SMS sender."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from hotline import clock
from hotline.db.tx import transaction
from hotline.ivr import spool
from hotline.messaging import conversation, media, outbound
from hotline.messaging.config import get_config
from hotline.messaging.engine import Incoming, Media
from hotline.messaging.inbound import Inbound, parse
from hotline.messaging.tables import Conversation, InboundMessage
from hotline.notify.handlers import Handlers
from hotline.notify.senders.base import Channel
from hotline.settings import Settings

# A message still unhandled this long after it arrived: its webhook failed, not still running.
STALE = timedelta(minutes=2)
BATCH = 50
# How long the raw messages and idle conversations keep what the citizen wrote and their number
# (UU 27/2022: the minimum). Long enough for retries, leftovers and a verifier's question about
# a report; what matters of a message is in its report by then, under the report's retention.
KEEP = timedelta(days=30)

log = logging.getLogger("hotline.messaging")


async def handle_stale() -> int:
    """Handle the messages saved but left unhandled; their replies go through the outbox."""
    cutoff = clock.now() - STALE
    rows = (
        await InboundMessage.select()
        .where(
            (InboundMessage.status == "received")
            & (InboundMessage.received_at < cutoff)
            & (InboundMessage.sender != "")
        )
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
            await conversation.after_save(msg, clock.now(), reply_by_outbox=True)
            done += 1
        except Exception:
            # Left `received` for the next round (a bug or the database again); logged here so
            # that a message that keeps failing is seen, and others in the batch still go.
            log.exception("messaging: an unhandled message failed again; kept for the next round")
    return done


async def replay_record(record: dict[str, Any]) -> None:
    """A message spooled while the database was away: saved and handled as of when it came,
    its reply through the outbox (its webhook was answered with an apology long ago)."""
    msg = parse(record["form"])
    if msg is None:
        return
    received = datetime.fromtimestamp(float(record.get("received_at") or time.time()), UTC)
    with clock.pinned(received):
        if await conversation.save(msg, received) is None:
            await conversation.after_save(msg, received, reply_by_outbox=True)


async def erase_old() -> int:
    """Blank the content and number of messages older than KEEP, and forget idle conversations
    (the row stays, for the counts and MessageSid's idempotency)."""
    cutoff = clock.now() - KEEP
    async with transaction():
        erased = (
            await InboundMessage.update(
                {
                    InboundMessage.sender: "",
                    InboundMessage.body: "",
                    InboundMessage.media: [],
                    InboundMessage.latitude: "",
                    InboundMessage.longitude: "",
                    InboundMessage.reply: "",
                }
            )
            .where((InboundMessage.received_at < cutoff) & (InboundMessage.sender != ""))
            .returning(InboundMessage.id)
        )
        forgotten = (
            await Conversation.delete()
            .where(Conversation.updated_at < cutoff)
            .returning(Conversation.id)
        )
    return len(erased) + len(forgotten)


async def run_round(settings: Settings) -> int:
    del settings
    done = await spool.replay(get_config().spool_dir, replay_record)
    return done + await handle_stale() + await erase_old()


def add_handlers(handlers: Handlers, settings: Settings) -> None:
    handlers.add(media.fetcher(settings))
    handlers.add(outbound.sender(settings))
    handlers.wrap(Channel.SMS, outbound.OptOutGuard)
