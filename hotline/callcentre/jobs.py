"""This area's part in every `hotline worker` round (hotline/worker/loop.py): summarising the
closed days of the log (summaries.refresh), so a long range's report reads sums, not events."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from hotline.callcentre import summaries
from hotline.ivr.config import get_config
from hotline.notify.handlers import Handlers
from hotline.settings import Settings


async def run_round(settings: Settings) -> int:
    """Summarise the days that are due; how many were (for the worker's log)."""
    del settings
    return await summaries.refresh(ZoneInfo(get_config().service_calendar.timezone))


def add_handlers(handlers: Handlers, settings: Settings) -> None:
    """Nothing: the call centre sends nothing through the outbox."""
    del handlers, settings
