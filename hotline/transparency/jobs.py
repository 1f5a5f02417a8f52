"""This area's periodic work, run by every `hotline worker` round (hotline/worker/loop.py):
publishing the previous month on the configured day, exactly once whatever the number of workers.
"""

from __future__ import annotations

import logging

from hotline.settings import Settings
from hotline.transparency import publishing
from hotline.transparency.pdf import PdfError

log = logging.getLogger("hotline.transparency")


async def run_round(settings: Settings) -> int:
    """Do what is due; return how many things were done (for the worker's log)."""
    del settings
    month = await publishing.due_for_publication()
    if month is None:
        return 0
    try:
        await publishing.publish(month, by="worker", keep_claim_on_failure=True)
    except publishing.PublishError as exc:
        # Another worker has it (or just finished): nothing to do here.
        log.info("not publishing %s: %s", month, exc)
        return 0
    except PdfError:
        # The claim stays until its lease ends, so the next attempt waits for it.
        log.exception("publishing %s failed; retrying after the lease", month)
        return 0
    return 1
