"""The outbox: every message to the outside is a row written with the change that causes it."""

from __future__ import annotations

from piccolo.columns import JSON, BigInt, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.table import Table


class OutboxMessage(Table):
    id: Serial  # Piccolo adds it; declared for type checkers

    channel = Varchar(length=10)  # sms | email | recording (a call recording to fetch)
    recipient = Varchar(length=200)
    subject = Varchar(length=300, default="")
    body = Text()
    # What the message is about, named rather than pointed at (("ticket", 42)): the outbox belongs
    # to no area, so any area queues messages about its own things (outbox.About). Not
    # "subject_…": `subject` is the e-mail's subject line.
    about_type = Varchar(length=40, null=True, default=None)
    about_id = BigInt(null=True, default=None)
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
    # When delivery gave up ("dead"): shown with the failure, cleared by a retry.
    failed_at = Timestamptz(null=True, default=None)
    meta = JSON(default={})
