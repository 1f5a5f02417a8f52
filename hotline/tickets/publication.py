"""What of a report may be shown to the public: one rule for /laporan, Open311 and open data.

A report's content is published only when all of these hold:
- it was verified (a person read it) and was not rejected or merged into another;
- the reporter chose `publik` or `anonim` (`rahasia` is never published, not even its existence
  in a list);
- a verifier wrote the redacted text (`public_description`): the citizen's own words are never
  published as they were typed or spoken.
Names, phone numbers and e-mails live in Reporter and are never part of a published record.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hotline.tickets.lifecycle import Status
from hotline.tickets.privacy import Privacy
from hotline.tickets.tables import Ticket

PUBLISHABLE_PRIVACY = frozenset({Privacy.PUBLIK, Privacy.ANONIM})
NEVER_PUBLISHED_STATUS = frozenset({Status.BARU, Status.DITOLAK, Status.DUPLIKAT})


def is_publishable(ticket: Mapping[str, Any]) -> bool:
    """The rule on a ticket row (a dict from Ticket.select())."""
    return (
        ticket.get("verified_at") is not None
        and ticket.get("privacy") in PUBLISHABLE_PRIVACY
        and ticket.get("status") not in NEVER_PUBLISHED_STATUS
        and bool((ticket.get("public_description") or "").strip())
    )


def publishable_where() -> Any:
    """The same rule as a Piccolo where-clause, for listing published reports in the database."""
    return (
        Ticket.verified_at.is_not_null()
        & Ticket.privacy.is_in([p.value for p in PUBLISHABLE_PRIVACY])
        & Ticket.status.not_in([s.value for s in NEVER_PUBLISHED_STATUS])
        & (Ticket.public_description != "")
    )
