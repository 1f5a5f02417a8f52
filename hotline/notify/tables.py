"""The outbox: every message to the outside is a row written with the change that causes it."""

from __future__ import annotations

from piccolo.columns import JSON, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from hotline.tickets.tables import Ticket


class OutboxMessage(Table):
    id: Serial  # Piccolo adds it; declared for type checkers

    channel = Varchar(length=10)  # sms | email | recording (a call recording to fetch)
    recipient = Varchar(length=200)
    subject = Varchar(length=300, default="")
    body = Text()
    ticket = ForeignKey(Ticket, null=True, on_delete=OnDelete.cascade)
    # Same key, same message: a retried webhook or a second worker cannot queue it twice.
    dedupe_key = Varchar(length=160, unique=True)
    status = Varchar(length=10, default="pending", index=True)  # pending|sending|sent|dead
    attempts = Integer(default=0)
    # When the message is next due. While a worker holds it ("sending") this is the end of its
    # lease: if the worker dies, the message becomes due again and another worker retries it.
    next_attempt_at = Timestamptz(null=True, index=True)
    last_error = Text(default="")
    provider_id = Varchar(length=80, default="")
    created_at = Timestamptz()
    sent_at = Timestamptz(null=True, default=None)
    meta = JSON(default={})
