"""Staying signed in to one report on /lacak: a signed cookie instead of the PIN in a URL.

After the right PIN the browser gets `hotline_lacak` = "<ticket id>.<expiry>.<signature>",
HttpOnly (no script reads it), SameSite=Lax (no other site's form sends it), limited to /lacak
and valid for a short time. The signature is an HMAC with HOTLINE_SECRET_KEY, so the cookie
cannot be forged or pointed at another report; no server-side state is needed, so any replica
can answer.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

COOKIE = "hotline_lacak"
PATH = "/lacak"


def _signature(ticket_id: int, expires: int, secret: str) -> str:
    message = f"lacak:{ticket_id}:{expires}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def issue(ticket_id: int, *, now: datetime, minutes: int, secret: str) -> str:
    expires = int((now + timedelta(minutes=minutes)).timestamp())
    return f"{ticket_id}.{expires}.{_signature(ticket_id, expires, secret)}"


def read(value: str | None, *, now: datetime, secret: str) -> int | None:
    """The ticket id the cookie opens, or None (absent, forged, altered or expired)."""
    if not value:
        return None
    try:
        raw_id, raw_expires, signature = value.split(".", 2)
        ticket_id, expires = int(raw_id), int(raw_expires)
    except ValueError:
        return None
    expected = _signature(ticket_id, expires, secret)
    if not hmac.compare_digest(expected.encode(), signature.encode()):
        return None
    if now.timestamp() >= expires:
        return None
    return ticket_id
