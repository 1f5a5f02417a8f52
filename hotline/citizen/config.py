"""Settings of the citizen pages (HOTLINE_CITIZEN_*), read once and validated at start."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

from hotline.settings import env_int

MAX_FILES = 5  # the "up to five photos or PDFs"; not a deployment choice


@dataclass(frozen=True)
class CitizenSettings:
    # One photo or PDF; phone cameras make 2–6 MB JPEGs, re-encoding shrinks them.
    max_file_bytes: int = 8 * 1024 * 1024
    # Form posts (filing, signing in to /lacak, adding information) per client per minute.
    posts_per_minute: int = 20
    # Every request to these pages per client per minute: generous for people, not for scrapers.
    requests_per_minute: int = 300
    # Requests that name one report (sign-in attempts, actions on it) per minute, from anywhere.
    reference_per_minute: int = 30
    # How long a citizen stays signed in to one report on /lacak after the PIN.
    session_minutes: int = 30

    @property
    def max_body_bytes(self) -> int:
        """The whole /lapor form: every file at its limit plus room for the text fields."""
        return MAX_FILES * self.max_file_bytes + 256 * 1024


def load_citizen_settings(environ: dict[str, str] | None = None) -> CitizenSettings:
    env = dict(os.environ if environ is None else environ)
    return CitizenSettings(
        max_file_bytes=env_int(env, "HOTLINE_CITIZEN_MAX_FILE_MB", 8, 1, 50) * 1024 * 1024,
        posts_per_minute=env_int(env, "HOTLINE_CITIZEN_POSTS_PER_MINUTE", 20, 1, 10_000),
        requests_per_minute=env_int(env, "HOTLINE_CITIZEN_REQUESTS_PER_MINUTE", 300, 1, 100_000),
        reference_per_minute=env_int(env, "HOTLINE_CITIZEN_REFERENCE_PER_MINUTE", 30, 1, 10_000),
        session_minutes=env_int(env, "HOTLINE_CITIZEN_SESSION_MINUTES", 30, 5, 24 * 60),
    )


@lru_cache(maxsize=1)
def citizen_settings() -> CitizenSettings:
    return load_citizen_settings()
