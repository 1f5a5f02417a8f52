"""The Open311 API's settings (HOTLINE_OPEN311_*), validated like every other HOTLINE_* value."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

from hotline.settings import env_int


@dataclass(frozen=True)
class Open311Settings:
    # A service request is a short form (the media is a URL): anything bigger is not one.
    max_body_bytes: int = 64 * 1024
    # The most requests (or updates) one GET returns; the spec suggests 1000.
    max_results: int = 1000
    # Reads without an api_key are limited per client address; keys have their own limit.
    anonymous_per_minute: int = 120


def load(environ: dict[str, str] | None = None) -> Open311Settings:
    env = dict(os.environ if environ is None else environ)
    return Open311Settings(
        max_body_bytes=env_int(env, "HOTLINE_OPEN311_MAX_BODY_BYTES", 64 * 1024, 1024, 10**7),
        max_results=env_int(env, "HOTLINE_OPEN311_MAX_RESULTS", 1000, 1, 10_000),
        anonymous_per_minute=env_int(env, "HOTLINE_OPEN311_RATE_PER_MINUTE", 120, 1, 100_000),
    )


@lru_cache(maxsize=1)
def get() -> Open311Settings:
    return load()
