"""The daily e-mail to the central unit listing the messages that did not get out.

As FixMyStreet's send-failure summary: while any message is dead or stuck, the central unit's
address gets one e-mail a day, from SEND_FROM o'clock in its own time zone, through the outbox.
Every round of every worker asks; the dedupe key (the day and the address) makes the first one
queue it and the others queue nothing, so several workers send it once.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, time
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from hotline import clock
from hotline.db.tx import transaction
from hotline.directory.service import agency_calendar, central_agency
from hotline.notify import failures
from hotline.notify.outbox import enqueue
from hotline.notify.senders.base import Channel
from hotline.notify.tables import OutboxMessage
from hotline.settings import get_settings
from hotline.tickets import service
from hotline.tickets.messages import ticket_about

log = logging.getLogger("hotline.worker")

SEND_FROM = time(7, 0)  # the start of the central unit's working day, not at midnight
STAFF_LOCALE = "id"  # staff notices are in Indonesian (docs/DECISIONS.md, Languages)
LINK = "/konsol/admin/pesan-gagal"


def dedupe_key(day: str, address: str) -> str:
    digest = hashlib.sha256(address.strip().lower().encode()).hexdigest()[:16]
    return f"outbox-failures:{day}:{digest}"


async def send_daily_summary(now: datetime | None = None) -> int:
    """Queue today's summary if it is due and any message failed; 1 if this call queued it."""
    when = now or clock.now()
    central = await central_agency()
    address = (central or {}).get("supervisor_email") or (central or {}).get("head_email") or ""
    if central is None or not address:
        return 0  # nobody to tell: the console and /health/ready still show the failures
    zone = ZoneInfo((await agency_calendar(None)).timezone)
    local = when.astimezone(zone)
    if local.time() < SEND_FROM:
        return 0
    key = dedupe_key(local.date().isoformat(), address)
    if await OutboxMessage.exists().where(OutboxMessage.dedupe_key == key):
        return 0  # sent today already: one indexed lookup per round for the rest of the day
    counts = await failures.count_failures(when)
    if not counts.total:
        return 0
    failed = await failures.failed_messages(when, limit=failures.SUMMARY_LINES)
    ticket_ids = [t for m in failed if (t := ticket_about(m.about)) is not None]
    references = await service.references(ticket_ids)
    text = failures.summary_text(
        STAFF_LOCALE,
        local.date(),
        counts,
        failed,
        references=references,
        link=get_settings().public_url + LINK,
        when=lambda instant: format_datetime(
            instant.astimezone(zone), "d MMM y HH:mm zzz", locale=STAFF_LOCALE
        ),
    )
    async with transaction():
        queued = await enqueue(
            channel=Channel.EMAIL,
            recipient=address,
            subject=text.subject,
            body=text.body,
            dedupe_key=key,
            now=when,
        )
    if queued:
        log.info(
            "daily summary of %d undelivered messages queued for the central unit", counts.total
        )
    return int(queued)
