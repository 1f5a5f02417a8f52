"""The console's settings (HOTLINE_KONSOL_*), validated at start like every HOTLINE_* value."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from hotline.accounts.sessions import SessionPolicy
from hotline.settings import env_int


@dataclass(frozen=True)
class KonsolSettings:
    idle_minutes: int = 30
    absolute_hours: int = 10
    # Failed logins from one address in 15 minutes before it must wait (all accounts together;
    # read by hotline/accounts/throttle.py, which also counts per address + account and per
    # account).
    login_failures_per_address: int = 20
    poll_seconds: int = 15
    page_size: int = 50

    @property
    def session_policy(self) -> SessionPolicy:
        return SessionPolicy(
            idle=timedelta(minutes=self.idle_minutes), absolute=timedelta(hours=self.absolute_hours)
        )


LOGIN_WINDOW = timedelta(minutes=15)


def load(environ: dict[str, str] | None = None) -> KonsolSettings:
    env = dict(os.environ if environ is None else environ)
    return KonsolSettings(
        idle_minutes=env_int(env, "HOTLINE_KONSOL_IDLE_MINUTES", 30, 1, 24 * 60),
        absolute_hours=env_int(env, "HOTLINE_KONSOL_ABSOLUTE_HOURS", 10, 1, 7 * 24),
        login_failures_per_address=env_int(env, "HOTLINE_KONSOL_LOGIN_FAILURES", 20, 1, 10_000),
        poll_seconds=env_int(env, "HOTLINE_KONSOL_POLL_SECONDS", 15, 2, 600),
        page_size=env_int(env, "HOTLINE_KONSOL_PAGE_SIZE", 50, 10, 500),
    )


@lru_cache(maxsize=1)
def konsol_settings() -> KonsolSettings:
    return load()
