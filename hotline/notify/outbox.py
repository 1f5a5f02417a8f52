"""Queueing a message: a row written inside the caller's transaction.

Nothing here talks to the outside. If the transaction rolls back, the message was never queued;
if it commits, the worker delivers it (at least once). The dedupe key makes queueing idempotent:
the same key twice (a retried webhook, two workers) is one message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from piccolo.columns.combination import Combinable

from hotline.db.prebuilt import Insert
from hotline.notify.tables import OutboxMessage


@dataclass(frozen=True)
class About:
    """What a message is about, by the name of its kind and its id (`About("ticket", 42)`). The
    area that owns the thing names it; the outbox points at no area's table."""

    type: str
    id: int


def concerning(about: About) -> Combinable:
    """The outbox rows about `about` (a condition for `OutboxMessage.select().where(…)`)."""
    return (OutboxMessage.about_type == about.type) & (OutboxMessage.about_id == about.id)


@dataclass(frozen=True)
class Message:
    """A message to queue: `dedupe_key` makes queueing it twice queue it once."""

    channel: str  # a Channel, or a channel an area delivers itself (hotline/notify/handlers.py)
    recipient: str
    body: str
    dedupe_key: str
    subject: str = ""
    about: About | None = None
    sensitive: bool = False  # it carries a PIN: the body is blanked once delivered


async def enqueue_all(messages: Sequence[Message], *, now: datetime) -> int:
    """Queue these messages in one statement; how many were new (the others' dedupe keys were
    queued already)."""
    if not messages:
        return 0
    rows = await _INSERT.run(
        [
            {
                "channel": str(m.channel),
                "recipient": m.recipient,
                "subject": m.subject,
                "body": m.body,
                "about_type": m.about.type if m.about else None,
                "about_id": m.about.id if m.about else None,
                "dedupe_key": m.dedupe_key,
                "status": "pending",
                "next_attempt_at": now,
                "created_at": now,
                "meta": {"sensitive": m.sensitive},
            }
            for m in messages
        ]
    )
    return len(rows)


# Every report queues messages: the statement is built once (hotline/db/prebuilt.py).
_INSERT = Insert(OutboxMessage, on_conflict_nothing=OutboxMessage.dedupe_key)


async def enqueue(
    *,
    channel: str,
    recipient: str,
    body: str,
    dedupe_key: str,
    now: datetime,
    subject: str = "",
    about: About | None = None,
    sensitive: bool = False,
) -> bool:
    """Queue a message; False if one with this dedupe key was already queued."""
    message = Message(channel, recipient, body, dedupe_key, subject, about, sensitive)
    return await enqueue_all([message], now=now) == 1
