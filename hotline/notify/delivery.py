"""Delivering the outbox: claim due messages, hand them to a sender, record the outcome.

At least once: a message is claimed by moving it to "sending" with a lease (its next_attempt_at);
if the worker dies before recording the outcome, the lease runs out and another worker sends it
again under the same dedupe key. Several workers never hold the same row: on PostgreSQL the claim
is FOR UPDATE SKIP LOCKED, on SQLite the claiming transaction is IMMEDIATE (one at a time).
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from piccolo.columns import Column

from hotline import clock
from hotline.db.tx import claim_due, transaction
from hotline.notify.senders.base import DeliveryError, OutgoingMessage, Sender
from hotline.notify.tables import OutboxMessage

log = logging.getLogger("hotline.notify")

MAX_ATTEMPTS = 8
LEASE = timedelta(minutes=2)
PARALLEL_SENDS = 10


def backoff(attempts: int, rng: random.Random | None = None) -> timedelta:
    """30 s, 1 min, 2 min, ... capped at 1 h, with up to 10 % jitter so retries spread out."""
    base = min(30 * 2 ** max(attempts - 1, 0), 3600)
    jitter = (rng or random).uniform(0, base * 0.1)
    return timedelta(seconds=base + jitter)


@dataclass
class DeliveryStats:
    sent: int = 0
    retried: int = 0
    dead: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.retried + self.dead


async def _claim(now: datetime, batch: int, channels: list[str]) -> list[dict]:
    async with transaction():
        rows = await claim_due(
            OutboxMessage.select(
                OutboxMessage.id,
                OutboxMessage.channel,
                OutboxMessage.recipient,
                OutboxMessage.subject,
                OutboxMessage.body,
                OutboxMessage.dedupe_key,
                OutboxMessage.attempts,
                OutboxMessage.meta,
            )
            .where(
                OutboxMessage.status.is_in(["pending", "sending"])
                & (OutboxMessage.next_attempt_at <= now)
                & OutboxMessage.channel.is_in(channels)
            )
            .order_by(OutboxMessage.next_attempt_at)
            .limit(batch)
            .output(load_json=True),
            OutboxMessage,
        )
        if rows:
            await OutboxMessage.update(
                {
                    OutboxMessage.status: "sending",
                    OutboxMessage.attempts: OutboxMessage.attempts + 1,
                    OutboxMessage.next_attempt_at: now + LEASE,
                }
            ).where(OutboxMessage.id.is_in([r["id"] for r in rows]))
    return rows


async def _send_one(row: dict, senders: Mapping[str, Sender], stats: DeliveryStats) -> None:
    attempts = row["attempts"] + 1
    message = OutgoingMessage(
        id=row["id"],
        channel=row["channel"],
        recipient=row["recipient"],
        body=row["body"],
        subject=row["subject"],
        dedupe_key=row["dedupe_key"],
    )
    owned = (OutboxMessage.id == row["id"]) & (OutboxMessage.status == "sending")
    try:
        delivered = await senders[message.channel].send(message)
    except DeliveryError as exc:
        now = clock.now()
        if exc.permanent or attempts >= MAX_ATTEMPTS:
            stats.dead += 1
            log.warning("outbox %s gave up after %s attempts: %s", row["id"], attempts, exc)
            await OutboxMessage.update(
                {
                    OutboxMessage.status: "dead",
                    OutboxMessage.last_error: str(exc)[:1000],
                    OutboxMessage.next_attempt_at: None,
                }
            ).where(owned)
        else:
            stats.retried += 1
            await OutboxMessage.update(
                {
                    OutboxMessage.status: "pending",
                    OutboxMessage.last_error: str(exc)[:1000],
                    OutboxMessage.next_attempt_at: now + backoff(attempts),
                }
            ).where(owned)
        return
    stats.sent += 1
    changes: dict[Column | str, Any] = {
        OutboxMessage.status: "sent",
        OutboxMessage.sent_at: clock.now(),
        OutboxMessage.provider_id: delivered.provider_id[:80],
        OutboxMessage.next_attempt_at: None,
        OutboxMessage.last_error: "",
    }
    if (row["meta"] or {}).get("sensitive"):
        # The PIN it carried is no business of anyone reading the outbox later.
        changes[OutboxMessage.body] = "[sent; content removed]"
    await OutboxMessage.update(changes).where(owned)


async def deliver_due(
    senders: Mapping[str, Sender], *, batch: int = 100, now: datetime | None = None
) -> DeliveryStats:
    """Deliver every message due now, in batches, until none is left: the messages of the
    channels in `senders` (a process delivers what it has handlers for; the worker has them all,
    hotline/worker/loop.py)."""
    channels = list(senders)
    stats = DeliveryStats()
    limit = asyncio.Semaphore(PARALLEL_SENDS)

    async def bounded(row: dict) -> None:
        async with limit:
            await _send_one(row, senders, stats)

    while True:
        rows = await _claim(now or clock.now(), batch, channels)
        if not rows:
            return stats
        await asyncio.gather(*(bounded(r) for r in rows))
        if len(rows) < batch:
            return stats
