"""How failed staff sign-ins are throttled, on the one limiter (hotline/limiter.py).

A stranger must not be able to lock an officer out at will, so the lock falls first on the
address that fails:

- address + account: 5 failures in 15 minutes lock that address out of that account for 15
  minutes (the officer elsewhere, e.g. at the office, is not affected);
- address: `HOTLINE_KONSOL_LOGIN_FAILURES` (20) failures on any accounts in 15 minutes lock
  the address out of the console for 15 minutes (password spraying);
- account: `HOTLINE_LOGIN_ACCOUNT_FAILURES` (50) failures from anywhere, counted until a quiet
  day, lock the account for an hour, and each further failure extends it; the admin is told
  (an access-history entry and an e-mail, see service.authenticate). With the per-address lock
  at 5, reaching 50 takes at least ten addresses: a guessing campaign, not a mistyped password.

The account is the name as typed (lower case), so an unknown name is counted like a real one
and the answers do not tell which accounts exist. Numbers and reasons: docs/DECISIONS.md.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from hotline.limiter import Limiter, Rule, State
from hotline.settings import env_int

WINDOW = timedelta(minutes=15)
ADDRESS_ON_ACCOUNT = Rule("login-addr-user", threshold=5, block=WINDOW, window=WINDOW)


# Refused attempts while locked are audited once per address and lock window, so hammering a
# locked sign-in cannot fill the audit table (failures that are checked are bounded by the locks).
REFUSAL_NOTED = Rule("login-refusal-noted", threshold=1, block=WINDOW, window=WINDOW)


@lru_cache(maxsize=1)
def address_rule() -> Rule:
    limit = env_int(dict(os.environ), "HOTLINE_KONSOL_LOGIN_FAILURES", 20, 1, 10_000)
    return Rule("login-addr", threshold=limit, block=WINDOW, window=WINDOW)


@lru_cache(maxsize=1)
def account_rule() -> Rule:
    limit = env_int(dict(os.environ), "HOTLINE_LOGIN_ACCOUNT_FAILURES", 50, 2, 100_000)
    return Rule(
        "login-user",
        threshold=limit,
        block=timedelta(hours=1),
        window=timedelta(hours=24),
        slide=True,
    )


@dataclass(frozen=True)
class Attempt:
    address: str
    username: str

    def counters(self) -> tuple[tuple[Rule, str], ...]:
        return (
            (ADDRESS_ON_ACCOUNT, f"{self.address}|{self.username}"),
            (address_rule(), self.address),
            (account_rule(), self.username),
        )


@dataclass(frozen=True)
class Strikes:
    account_locked_now: bool
    account_until: datetime


async def wait_seconds(limiter: Limiter, attempt: Attempt, now: datetime) -> int:
    """0 when this attempt may be checked; otherwise how long the longest lock on it lasts."""
    states = [await limiter.state(rule, key, now) for rule, key in attempt.counters()]
    return max(state.seconds_left(now) for state in states)


async def failed(limiter: Limiter, attempt: Attempt, now: datetime) -> Strikes:
    states: list[State] = [await limiter.strike(rule, key, now) for rule, key in attempt.counters()]
    account = states[-1]
    return Strikes(
        account_locked_now=account.strikes == account_rule().threshold,
        account_until=datetime.fromtimestamp(account.blocked_until / 1000, tz=now.tzinfo),
    )


async def succeeded(limiter: Limiter, attempt: Attempt) -> None:
    """The right password: this address's failures on this account are forgiven."""
    await limiter.clear(ADDRESS_ON_ACCOUNT, f"{attempt.address}|{attempt.username}")


async def unlock_account(limiter: Limiter, username: str) -> None:
    """An admin who sets a new password lifts the account-wide lock: the officer was locked
    out by someone else's guesses, and the new password makes those guesses worthless. The
    per-address locks stay: they fall on the guessers, not on the officer."""
    await limiter.clear(account_rule(), username.lower())


async def note_refusal(limiter: Limiter, attempt: Attempt, now: datetime) -> bool:
    """True the first time in a lock window that this address is refused (then audit it)."""
    if (await limiter.state(REFUSAL_NOTED, attempt.address, now)).blocked(now):
        return False
    await limiter.strike(REFUSAL_NOTED, attempt.address, now)
    return True
