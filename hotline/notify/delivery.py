"""Delivering the outbox: claim due messages, hand them to a sender, record the outcome.

At least once: a message is claimed by moving it to "sending" with a lease (its next_attempt_at);
if the worker dies before recording the outcome, the lease runs out and another worker sends it
again under the same dedupe key. Several workers never hold the same row: on PostgreSQL the claim
is FOR UPDATE SKIP LOCKED, on SQLite the claiming transaction is IMMEDIATE (one at a time).

The lease is short (LEASE) and renewed while the worker is alive (HEARTBEAT), so a slow send
keeps its message while a killed worker's messages are free again within seconds (issue 16: a
two-minute lease made an SMS wait 135 s). Each claim bumps `attempts`, which fences the holder:
a worker that lost its lease (a stall longer than the lease) neither renews nor records over
the claim of the worker that took the message after it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from piccolo.columns import Column
from piccolo.columns.combination import Combinable

from hotline import clock
from hotline.db.tx import claim_due, transaction
from hotline.notify.senders.base import (
    Delivered,
    DeliveryError,
    OutgoingMessage,
    Sender,
    scrub_recipient,
)
from hotline.notify.tables import OutboxMessage

log = logging.getLogger("hotline.notify")

MAX_ATTEMPTS = 8
# Long enough for several missed heartbeats (a busy machine, a write waiting for SQLite's lock),
# short enough that a crashed worker's SMS waits seconds, not minutes.
LEASE = timedelta(seconds=10)
HEARTBEAT = 2.0  # seconds between renewals of the leases a worker holds
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


async def _claim(
    now: datetime, batch: int, channels: list[str], lease: timedelta = LEASE
) -> list[dict]:
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
                    OutboxMessage.next_attempt_at: now + lease,
                }
            ).where(OutboxMessage.id.is_in([r["id"] for r in rows]))
    return rows


def _held(ids: list[int], attempt: int) -> Combinable:
    """The rows among `ids` that are still this worker's: sending, under the claim it made
    (the claim's attempt number); a later claim by another worker has a higher one."""
    return (
        OutboxMessage.id.is_in(ids)
        & (OutboxMessage.status == "sending")
        & (OutboxMessage.attempts == attempt)
    )


async def renew_leases(held: Mapping[int, int], lease: timedelta = LEASE) -> None:
    """Extend the lease of the messages this worker is sending (id -> its claim's attempt)."""
    by_attempt: dict[int, list[int]] = {}
    for message_id, attempt in held.items():
        by_attempt.setdefault(attempt, []).append(message_id)
    until = clock.now() + lease
    for attempt, ids in by_attempt.items():
        await OutboxMessage.update({OutboxMessage.next_attempt_at: until}).where(
            _held(ids, attempt)
        )


async def _heartbeat(
    held: dict[int, int], lease: timedelta, every: float, done: asyncio.Event
) -> None:
    while not done.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), timeout=every)
            return
        if not held:
            continue
        try:
            await renew_leases(dict(held), lease)
        except Exception:
            # Swallowed on purpose: the sends under way go on and record their outcome; a
            # renewal missed for good only lets another worker send the message again after
            # the lease (at least once), which stopping the sends would not prevent either.
            log.warning(
                "could not renew the outbox leases of %d messages", len(held), exc_info=True
            )


async def _send(sender: Sender, message: OutgoingMessage) -> Delivered:
    """The sender's outcome, where anything it did not foresee counts as a temporary failure.

    Not left to propagate: it would fail the worker's whole round and, as its row stays leased,
    come back every lease for ever without ever counting as an attempt that failed. As a
    temporary failure it backs off, dies after MAX_ATTEMPTS and shows among the failures
    (hotline/notify/failures.py); the traceback is in the log."""
    try:
        return await sender.send(message)
    except DeliveryError:
        raise
    except Exception as exc:
        log.exception("outbox %s: the %s sender failed unexpectedly", message.id, message.channel)
        detail = scrub_recipient(f"{type(exc).__name__}: {exc}", message.recipient)
        raise DeliveryError(f"unexpected error: {detail}") from exc


async def _send_one(row: dict, senders: Mapping[str, Sender], stats: DeliveryStats) -> None:
    attempts = row["attempts"] + 1  # this worker's claim (see _held)
    message = OutgoingMessage(
        id=row["id"],
        channel=row["channel"],
        recipient=row["recipient"],
        body=row["body"],
        subject=row["subject"],
        dedupe_key=row["dedupe_key"],
    )
    owned = _held([row["id"]], attempts)
    try:
        delivered = await _send(senders[message.channel], message)
    except DeliveryError as exc:
        now = clock.now()
        if exc.permanent or attempts >= MAX_ATTEMPTS:
            stats.dead += 1
            # Not only a log line: a dead message shows on its ticket's page and in the
            # console's failed-messages view, counts in /health/ready, and the central unit
            # gets a daily summary while any remain (hotline/notify/failures.py).
            log.warning("outbox %s gave up after %s attempts: %s", row["id"], attempts, exc)
            await OutboxMessage.update(
                {
                    OutboxMessage.status: "dead",
                    OutboxMessage.last_error: str(exc)[:1000],
                    OutboxMessage.next_attempt_at: None,
                    OutboxMessage.failed_at: now,
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
    senders: Mapping[str, Sender],
    *,
    batch: int = 100,
    now: datetime | None = None,
    lease: timedelta = LEASE,
    heartbeat: float = HEARTBEAT,
) -> DeliveryStats:
    """Deliver every message due now, in batches, until none is left: the messages of the
    channels in `senders` (a process delivers what it has handlers for; the worker has them all,
    hotline/worker/loop.py). The leases of the batch under way are renewed every `heartbeat`
    seconds until each of its messages has its outcome."""
    channels = list(senders)
    stats = DeliveryStats()
    limit = asyncio.Semaphore(PARALLEL_SENDS)
    held: dict[int, int] = {}

    async def bounded(row: dict) -> None:
        try:
            async with limit:
                await _send_one(row, senders, stats)
        finally:
            held.pop(row["id"], None)

    while True:
        rows = await _claim(now or clock.now(), batch, channels, lease)
        if not rows:
            return stats
        held.update({r["id"]: r["attempts"] + 1 for r in rows})
        done = asyncio.Event()
        beating = asyncio.create_task(_heartbeat(held, lease, heartbeat, done))
        try:
            await asyncio.gather(*(bounded(r) for r in rows))
        finally:
            done.set()
            await beating
        if len(rows) < batch:
            return stats
