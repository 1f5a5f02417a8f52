"""This area's part in every `hotline worker` round (hotline/worker/loop.py):
computing and storing the figures the pages show (the month in progress when reports changed,
a month at its close, the trend's months not stored yet: monthly.refresh), and publishing last
month on the configured day, exactly once whatever the number of workers.
"""

from __future__ import annotations

import logging

from hotline.notify.handlers import Handlers
from hotline.settings import Settings
from hotline.transparency import monthly, publishing
from hotline.transparency.pdf import PdfError

log = logging.getLogger("hotline.transparency")


async def run_round(settings: Settings) -> int:
    """Do what is due; return how many things were done (for the worker's log)."""
    del settings
    done = await monthly.refresh()
    month = await publishing.due_for_publication()
    if month is None:
        return done
    try:
        await publishing.publish(month, by="worker", keep_claim_on_failure=True)
    except publishing.PublishError as exc:
        # Another worker has it (or just finished): nothing to do here.
        log.info("not publishing %s: %s", month, exc)
        return done
    except PdfError:
        # The claim stays until its lease ends, so the next attempt waits for it.
        log.exception("publishing %s failed; retrying after the lease", month)
        return done
    return done + 1


def add_handlers(handlers: Handlers, settings: Settings) -> None:
    """Nothing: the monthly publication has no outbox channel of its own."""
    del handlers, settings
