"""What the Open311 API keeps beside the ticket: which client filed it, and its retry key.

The ticket itself is the ticket core's; this row only says that an API client filed it (with the
client's own device and account identifiers, echoed back as the spec asks) and carries the
client's `Idempotency-Key`, so a retried POST returns the first answer instead of a second
report.
"""

from __future__ import annotations

from piccolo.columns import ForeignKey, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from hotline.accounts.tables import ApiKey
from hotline.tickets.tables import Ticket


class Submission(Table, tablename="open311_submission"):
    id: Serial  # Piccolo adds it; declared for type checkers

    ticket = ForeignKey(Ticket, on_delete=OnDelete.restrict, index=True)
    api_key = ForeignKey(ApiKey, on_delete=OnDelete.restrict, index=True)
    # "<api key id>:<Idempotency-Key>": unique, so two racing retries cannot both file a report
    # (NULL when the client sent no key; NULLs never clash).
    idempotency_scope = Varchar(length=160, null=True, default=None, unique=True)
    # SHA-256 of the submitted form: the same key with different content is refused.
    fingerprint = Varchar(length=64, default="")
    device_id = Varchar(length=100, default="")
    account_id = Varchar(length=100, default="")
    # Kept for the verifier; never published (nobody has checked what is behind the link).
    media_url = Varchar(length=500, default="")
    created_at = Timestamptz()
