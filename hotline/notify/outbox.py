"""Queueing a message: a row written inside the caller's transaction.

Nothing here talks to the outside. If the transaction rolls back, the message was never queued;
if it commits, the worker delivers it (at least once). The dedupe key makes queueing idempotent:
the same key twice (a retried webhook, two workers) is one message.
"""

from __future__ import annotations

from datetime import datetime

from hotline.notify.senders.base import Channel
from hotline.notify.tables import OutboxMessage


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
    rows = (
        await OutboxMessage.insert(
            OutboxMessage(
                channel=channel.value,
                recipient=recipient,
                subject=subject,
                body=body,
                ticket=ticket_id,
                dedupe_key=dedupe_key,
                status="pending",
                next_attempt_at=now,
                created_at=now,
                # A message carrying a PIN has its body blanked once delivered.
                meta={"sensitive": sensitive},
            )
        )
        .on_conflict(target=OutboxMessage.dedupe_key, action="DO NOTHING")
        .returning(OutboxMessage.id)
    )
    return bool(rows)
