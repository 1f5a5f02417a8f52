"""This area's part in the worker: the outbox channels it delivers itself (WhatsApp messages,
media fetched from Twilio) and its opt-out check in front of the core's SMS sender. Nothing to
do in a round of its own."""

from __future__ import annotations

from hotline.messaging import media, outbound
from hotline.notify.handlers import Handlers
from hotline.notify.senders.base import Channel
from hotline.settings import Settings


async def run_round(settings: Settings) -> int:
    del settings
    return 0


def add_handlers(handlers: Handlers, settings: Settings) -> None:
    handlers.add(media.fetcher(settings))
    handlers.add(outbound.sender(settings))
    handlers.wrap(Channel.SMS, outbound.OptOutGuard)
