"""This area's part in every `hotline worker` round (hotline/worker/loop.py): the retention
step, for reports and for the conversation recordings no report was filed in."""

from __future__ import annotations

import logging

from hotline.notify.handlers import Handlers
from hotline.privacy.erasure import conversation_round, retention_round
from hotline.settings import Settings

log = logging.getLogger("hotline.privacy")


async def run_round(settings: Settings) -> int:
    """Erase the personal data of reports whose retention period ended; how many were."""
    del settings
    stats = await retention_round()
    if stats.reports:
        log.info(
            "retention: personal data of %d reports erased, %d files", stats.reports, stats.files
        )
    recordings = await conversation_round()
    if recordings.conversations:
        log.info(
            "retention: %d conversation recordings erased, %d files",
            recordings.conversations,
            recordings.files,
        )
    return stats.reports + recordings.conversations


def add_handlers(handlers: Handlers, settings: Settings) -> None:
    """Nothing: retention has no outbox channel of its own."""
    del handlers, settings
