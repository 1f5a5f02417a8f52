"""Staying signed in to one report on /lacak: a signed cookie instead of the PIN in a URL.

After the right PIN the browser gets `hotline_lacak` = "<ticket id>.<expiry>.<nonce>.<signature>",
HttpOnly (no script reads it), SameSite=Lax (no other site's form sends it), limited to /lacak
and valid for a short time. The signature is an HMAC with HOTLINE_SECRET_KEY, so the cookie
cannot be forged or pointed at another report (`read`, which needs no database, is also how the
rate limiter tells which report a request is about).

A valid signature is not enough to see the report: the session must also be live in the
"sessions" store (the database on one node, Redis with several replicas, so any replica can
answer). `start` records it, `end` (signing out) deletes it, so a copy of the cookie kept from
before signing out opens nothing. The store key is a hash of the cookie, so a leaked store does
not hand out sessions; the random nonce keeps two sign-ins to one report apart, so signing out
on one device leaves the other signed in.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from litestar.stores.base import Store

COOKIE = "hotline_lacak"
PATH = "/lacak"


def _signature(ticket_id: int, expires: int, nonce: str, secret: str) -> str:
    message = f"lacak:{ticket_id}:{expires}:{nonce}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _key(value: str) -> str:
    return "lacak:" + hashlib.sha256(value.encode()).hexdigest()


def issue(ticket_id: int, *, now: datetime, minutes: int, secret: str) -> str:
    expires = int((now + timedelta(minutes=minutes)).timestamp())
    nonce = secrets.token_hex(16)
    return f"{ticket_id}.{expires}.{nonce}.{_signature(ticket_id, expires, nonce, secret)}"


def read(value: str | None, *, now: datetime, secret: str) -> int | None:
    """The ticket id the cookie names, or None (absent, forged, altered or expired). Whether the
    session is still live (not signed out) is `resume`'s question."""
    if not value:
        return None
    try:
        raw_id, raw_expires, nonce, signature = value.split(".", 3)
        ticket_id, expires = int(raw_id), int(raw_expires)
    except ValueError:
        return None
    expected = _signature(ticket_id, expires, nonce, secret)
    if not hmac.compare_digest(expected.encode(), signature.encode()):
        return None
    if now.timestamp() >= expires:
        return None
    return ticket_id


async def start(store: Store, ticket_id: int, *, now: datetime, minutes: int, secret: str) -> str:
    """A new session on `ticket_id`: the cookie's value, recorded as live for `minutes`."""
    value = issue(ticket_id, now=now, minutes=minutes, secret=secret)
    await store.set(_key(value), str(ticket_id), expires_in=minutes * 60)
    return value


async def resume(store: Store, value: str | None, *, now: datetime, secret: str) -> int | None:
    """The ticket id of a valid cookie whose session was not ended, else None."""
    ticket_id = read(value, now=now, secret=secret)
    if ticket_id is None or value is None or not await store.exists(_key(value)):
        return None
    return ticket_id


async def end(store: Store, value: str | None) -> None:
    """Signing out: the cookie's session is gone for every copy of the cookie."""
    if value:
        await store.delete(_key(value))
