"""The audit of staff access: one `AccessEvent` row per sign-in, failed sign-in, sign-out,
session expiry and account lock. Read by the admin's history (/konsol/admin/riwayat), beside the
identity reads of the ticket history.

Never a password or a PIN: a failed sign-in keeps the account it named (blank when the name
typed is no account: it may be a password typed into the wrong field), the address and the
user agent, and why it failed.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from hotline.accounts.tables import AccessEvent
from hotline.i18n import N_

MAX_USER_AGENT = 300
MAX_ADDRESS = 64


class AccessKind(StrEnum):
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_OUT = "sign_out"
    SESSION_EXPIRED = "session_expired"
    ACCOUNT_LOCKED = "account_locked"


ACCESS_LABELS = {
    AccessKind.SIGN_IN: N_("Signed in"),
    AccessKind.SIGN_IN_FAILED: N_("Failed sign-in"),
    AccessKind.SIGN_OUT: N_("Signed out"),
    AccessKind.SESSION_EXPIRED: N_("Session expired"),
    AccessKind.ACCOUNT_LOCKED: N_("Account locked after many failed sign-ins"),
}


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
