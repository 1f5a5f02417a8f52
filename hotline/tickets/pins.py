"""Ticket PINs: six digits, shown once, stored as a keyed hash, checked in constant time.

Why HMAC-SHA256 with the server secret rather than argon2: a six-digit PIN has only a million
values, so no slow hash stops an offline search once the hash leaks; what stops it is a key the
database does not hold (HOTLINE_SECRET_KEY) plus the online lockout below. The per-ticket salt
keeps equal PINs from having equal hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

PIN_LENGTH = 6
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=30)
_SCHEME = "hmac-sha256"


def new_pin() -> str:
    return "".join(str(secrets.randbelow(10)) for _ in range(PIN_LENGTH))


def hash_pin(pin: str, secret_key: str, salt: str | None = None) -> str:
    salt = salt or secrets.token_hex(8)
    digest = hmac.new(secret_key.encode(), f"{salt}:{pin}".encode(), hashlib.sha256).hexdigest()
    return f"{_SCHEME}${salt}${digest}"


def pin_matches(pin: str, stored: str, secret_key: str) -> bool:
    try:
        scheme, salt, _ = stored.split("$", 2)
    except ValueError:
        return False
    if scheme != _SCHEME:
        return False
    # Bytes: compare_digest refuses non-ASCII str, and a corrupt row must not raise.
    return hmac.compare_digest(hash_pin(pin, secret_key, salt).encode(), stored.encode())


@dataclass(frozen=True)
class PinCheck:
    ok: bool
    locked: bool
    failures: int
    locked_until: datetime | None


def check_pin(
    pin: str,
    stored: str,
    secret_key: str,
    *,
    failures: int,
    locked_until: datetime | None,
    now: datetime,
) -> PinCheck:
    """Decide a PIN attempt. While locked, even the right PIN is refused (and says nothing)."""
    if locked_until is not None and now < locked_until:
        return PinCheck(ok=False, locked=True, failures=failures, locked_until=locked_until)
    if pin_matches(pin, stored, secret_key):
        return PinCheck(ok=True, locked=False, failures=0, locked_until=None)
    failures += 1
    if failures >= MAX_FAILURES:
        return PinCheck(ok=False, locked=True, failures=0, locked_until=now + LOCKOUT)
    return PinCheck(ok=False, locked=False, failures=failures, locked_until=None)
