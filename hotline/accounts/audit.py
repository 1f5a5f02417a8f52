"""The audit of staff access: one `AccessEvent` row per sign-in, failed sign-in, sign-out,
session expiry and account lock. Read by the admin's history (/konsol/admin/riwayat), beside the
identity reads of the ticket history.

Never a password or a PIN: a failed sign-in keeps the account it named (blank when the name
typed is no account: it may be a password typed into the wrong field), the address and the
user agent, and why it failed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hotline.accounts.tables import AccessEvent
from hotline.choices import Choice
from hotline.i18n import N_

MAX_USER_AGENT = 300
MAX_ADDRESS = 64


class AccessKind(Choice):
    SIGN_IN = "sign_in", N_("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", N_("Failed sign-in")
    SIGN_OUT = "sign_out", N_("Signed out")
    SESSION_EXPIRED = "session_expired", N_("Session expired")
    ACCOUNT_LOCKED = "account_locked", N_("Account locked after many failed sign-ins")
    # A conversation recording played when no report was filed in its call (with a report, the
    # play is that report's `identity_viewed` event): hotline/callcentre/callpage.py.
    RECORDING_PLAYED = "recording_played", N_("Call recording played")


async def record(
    kind: AccessKind,
    *,
    at: datetime,
    staff_id: int | None = None,
    username: str = "",
    address: str = "",
    user_agent: str = "",
    data: dict[str, Any] | None = None,
) -> None:
    await AccessEvent.insert(
        AccessEvent(
            at=at,
            kind=kind.value,
            staff=staff_id,
            username=username[:80],
            address=address[:MAX_ADDRESS],
            user_agent=user_agent[:MAX_USER_AGENT],
            data=data or {},
        )
    )
