"""This area's part in the worker: the outbox channels it delivers itself (media fetched from
Twilio; WhatsApp messages). Nothing to do in a round of its own."""

from __future__ import annotations

from hotline.messaging import media
from hotline.notify.handlers import Handlers
from hotline.settings import Settings


async def run_round(settings: Settings) -> int:
    del settings
    return 0


def add_handlers(handlers: Handlers, settings: Settings) -> None:
    handlers.add(media.fetcher(settings))
