"""This area's part in every `hotline worker` round (hotline/worker/loop.py): summarising the
closed days of the log (summaries.refresh), so a long range's report reads sums, not events."""

from __future__ import annotations

from hotline.callcentre import summaries
from hotline.notify.handlers import Handlers
from hotline.settings import Settings


async def run_round(settings: Settings) -> int:
    """Summarise the days that are due; how many were (for the worker's log)."""
    del settings
    return await summaries.refresh(summaries.line_zone())


def add_handlers(handlers: Handlers, settings: Settings) -> None:
    """Nothing: the call centre sends nothing through the outbox."""
    del handlers, settings
