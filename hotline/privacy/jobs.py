"""The retention step, run by every `hotline worker` round (hotline/worker/loop.py)."""

from __future__ import annotations

import logging

from hotline.privacy.erasure import retention_round
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
    return stats.reports
