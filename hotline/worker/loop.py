"""`hotline worker`: run the sweep and the outbox delivery until stopped.

A lost database (restart, failover) is logged and retried with back-off; the worker never exits
because a query failed, and the work it did not finish is still due when the database is back.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Protocol, cast

from hotline.areas import areas, resolve
from hotline.db.tx import connection_pool
from hotline.notify.delivery import DeliveryStats, deliver_due
from hotline.notify.handlers import Handlers
from hotline.notify.senders.base import Channel, Sender
from hotline.notify.senders.log import LogSender
from hotline.notify.senders.smtp import SmtpSender
from hotline.notify.senders.twilio_sms import TwilioSmsSender
from hotline.settings import Settings, get_settings
from hotline.worker.failure_summary import send_daily_summary
from hotline.worker.sweep import SweepStats, sweep

log = logging.getLogger("hotline.worker")


class WorkerArea(Protocol):
    """An area's part in every round (its `jobs.py`): its periodic work, and the outbox channels
    it delivers itself."""

    async def run_round(self, settings: Settings) -> int: ...

    def add_handlers(self, handlers: Handlers, settings: Settings) -> None: ...


@cache
def area_jobs() -> tuple[WorkerArea, ...]:
    """The areas' `jobs` (hotline/areas.py), for both: their periodic work (IVR spool replay, the
    monthly publication, the retention of personal data) runs after the core's, and every
    process that delivers the outbox builds its handlers here (build_senders: `hotline worker`,
    `worker --once`, `serve --demo`), so an area that runs in the worker has its channels
    delivered wherever the outbox is."""
    return tuple(cast(WorkerArea, resolve(area.jobs)) for area in areas() if area.jobs)


def build_senders(settings: Settings) -> Handlers:
    """Twilio and SMTP when configured; otherwise messages are logged (demo, development). Then
    the areas' own channels (the IVR's call recordings)."""
    sms: Sender = (
        TwilioSmsSender(
            settings.twilio_account_sid,
            settings.twilio_auth_token,
            settings.twilio_number,
            api_base_url=settings.twilio_api_base or None,
        )
        if settings.sms_enabled
        else LogSender(Channel.SMS)
    )
    email: Sender = (
        SmtpSender(
            settings.smtp_host,
            settings.smtp_port,
            settings.smtp_from,
            username=settings.smtp_username or None,
            password=settings.smtp_password or None,
            starttls=settings.smtp_starttls,
        )
        if settings.email_enabled
        else LogSender(Channel.EMAIL)
    )
    handlers = Handlers(sms, email)
    for area in area_jobs():
        area.add_handlers(handlers, settings)
    return handlers


@dataclass
class RoundStats:
    sweep: SweepStats
    delivery: DeliveryStats
    jobs: int = 0  # things done by the areas' periodic jobs


async def run_once(senders: Mapping[str, Sender]) -> RoundStats:
    swept = await sweep()
    delivered = await deliver_due(senders)
    done = await send_daily_summary()
    for area in area_jobs():
        done += await area.run_round(get_settings())
    return RoundStats(swept, delivered, done)


async def run_once_pooled(senders: Mapping[str, Sender]) -> RoundStats:
    async with connection_pool():
        return await run_once(senders)


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


async def run_forever(settings: Settings, stop: asyncio.Event) -> None:
    """Rounds until `stop` is set. Any failure (the database restarting, a network error) ends
    the current pool; the next attempt opens a fresh one after a back-off of up to a minute."""
    senders = build_senders(settings)
    failures = 0
    while not stop.is_set():
        try:
            async with connection_pool():
                while not stop.is_set():
                    stats = await run_once(senders)
                    failures = 0
                    if stats.sweep.warnings or stats.sweep.escalations or stats.delivery.handled:
                        log.info(
                            "warnings=%d escalations=%d auto_closed=%d sent=%d retried=%d dead=%d",
                            stats.sweep.warnings,
                            stats.sweep.escalations,
                            stats.sweep.auto_closed,
                            stats.delivery.sent,
                            stats.delivery.retried,
                            stats.delivery.dead,
                        )
                    await _wait(stop, settings.worker_interval_seconds)
        except Exception:
            failures += 1
            delay = min(settings.worker_interval_seconds * 2**failures, 60.0)
            log.exception("worker round failed (%d in a row); retrying in %.0f s", failures, delay)
            await _wait(stop, delay)
