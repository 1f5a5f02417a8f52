"""Ticket PINs: six digits, shown once, stored as a keyed hash, checked in constant time.

Why HMAC-SHA256 with the server secret rather than argon2: a six-digit PIN has only a million
values, so no slow hash stops an offline search once the hash leaks; what stops it is a key the
database does not hold (HOTLINE_SECRET_KEY) plus the online throttle below, which locks the
client that fails, not the report (a stranger must not be able to lock the reporter out). The per-ticket salt
keeps equal PINs from having equal hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from hotline.limiter import Limiter, Rule
from hotline.limiter import shared as shared  # for callers of the core: the one limiter

PIN_LENGTH = 6
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
        # A damaged stored PIN matches nothing (never raises): the reporter asks for a new one.
        return False
    if scheme != _SCHEME:
        return False
    # Bytes: compare_digest refuses non-ASCII str, and a corrupt row must not raise.
    return hmac.compare_digest(hash_pin(pin, secret_key, salt).encode(), stored.encode())


# The PIN throttle (numbers and reasons in docs/DECISIONS.md, "Lockouts"). A client is the
# web client's address or, on the phone, the caller's number.
CLIENT_ON_REFERENCE = Rule(
    "pin-client-ref", threshold=5, block=timedelta(minutes=30), window=timedelta(minutes=30)
)
CLIENT = Rule("pin-client", threshold=20, block=timedelta(minutes=30), window=timedelta(minutes=30))
# The reference itself only slows down, and never for a client without failures.
REFERENCE = Rule(
    "pin-ref",
    threshold=10,
    block=timedelta(minutes=1),
    growth=2.0,
    cap=timedelta(minutes=30),
    window=timedelta(hours=24),
    slide=True,
)
LOCKOUT = CLIENT_ON_REFERENCE.block  # what a refused person is told to wait, at most


@dataclass(frozen=True)
class Attempt:
    """Where a PIN attempt comes from and what it is about."""

    client: str
    reference: str

    @property
    def keys(self) -> tuple[tuple[Rule, str], ...]:
        return (
            (CLIENT_ON_REFERENCE, f"{self.client}|{self.reference}"),
            (CLIENT, self.client),
            (REFERENCE, self.reference),
        )


async def admitted(limiter: Limiter, attempt: Attempt, now: datetime) -> bool:
    """May this attempt be checked at all? A locked client may not; a reference that is being
    guessed makes clients that have failed wait (a growing delay), never a clean client."""
    on_reference, client, ref = [await limiter.state(rule, key, now) for rule, key in attempt.keys]
    if on_reference.blocked(now) or client.blocked(now):
        return False
    clean = on_reference.strikes == 0 and client.strikes == 0
    return clean or not ref.blocked(now)


async def failed(limiter: Limiter, attempt: Attempt, now: datetime) -> bool:
    """Count a wrong PIN (or an unknown reference: the same strikes). True when the reference
    just started to slow down."""
    states = [await limiter.strike(rule, key, now) for rule, key in attempt.keys]
    return states[-1].strikes == REFERENCE.threshold


async def succeeded(limiter: Limiter, attempt: Attempt) -> None:
    """The right PIN: this client's failures on this report are forgiven (not the report's
    own count, which only time clears, nor the client's count across reports)."""
    await limiter.clear(CLIENT_ON_REFERENCE, f"{attempt.client}|{attempt.reference}")
