"""Queueing a message: a row written inside the caller's transaction.

Nothing here talks to the outside. If the transaction rolls back, the message was never queued;
if it commits, the worker delivers it (at least once). The dedupe key makes queueing idempotent:
the same key twice (a retried webhook, two workers) is one message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from hotline.notify.senders.base import Channel
from hotline.notify.tables import OutboxMessage


@dataclass(frozen=True)
class Message:
    """A message to queue: `dedupe_key` makes queueing it twice queue it once."""

    channel: Channel
    recipient: str
    body: str
    dedupe_key: str
    subject: str = ""
    ticket_id: int | None = None
    sensitive: bool = False  # it carries a PIN: the body is blanked once delivered


async def enqueue_all(messages: Sequence[Message], *, now: datetime) -> int:
    """Queue these messages in one statement; how many were new (the others' dedupe keys were
    queued already)."""
    if not messages:
        return 0
    rows = (
        await OutboxMessage.insert(
            *(
                OutboxMessage(
                    channel=m.channel.value,
                    recipient=m.recipient,
                    subject=m.subject,
                    body=m.body,
                    ticket=m.ticket_id,
                    dedupe_key=m.dedupe_key,
                    status="pending",
                    next_attempt_at=now,
                    created_at=now,
                    meta={"sensitive": m.sensitive},
                )
                for m in messages
            )
        )
        .on_conflict(target=OutboxMessage.dedupe_key, action="DO NOTHING")
        .returning(OutboxMessage.id)
    )
    return len(rows)


async def enqueue(
    *,
    channel: Channel,
    recipient: str,
    body: str,
    dedupe_key: str,
    now: datetime,
    subject: str = "",
    ticket_id: int | None = None,
    sensitive: bool = False,
) -> bool:
    """Queue a message; False if one with this dedupe key was already queued."""
    message = Message(channel, recipient, body, dedupe_key, subject, ticket_id, sensitive)
    return await enqueue_all([message], now=now) == 1
