"""Settings of the reporter's rights (HOTLINE_RETENTION_*), read once and validated at start."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

from hotline.settings import env_int


@dataclass(frozen=True)
class PrivacySettings:
    # How long the personal data of a closed report is kept: counted from its closure.
    retention_months: int = 24
    # Reports erased per worker transaction; the rest are taken by the next batch or worker.
    retention_batch: int = 50
    # The longest an officer's conversation recording is kept when no report was filed in its
    # call (with a report it goes with the report's data): docs/PRIVACY.md says why.
    conversation_recording_days: int = 90


def load_privacy_settings(environ: dict[str, str] | None = None) -> PrivacySettings:
    env = dict(os.environ if environ is None else environ)
    return PrivacySettings(
        retention_months=env_int(env, "HOTLINE_RETENTION_MONTHS", 24, 1, 240),
        retention_batch=env_int(env, "HOTLINE_RETENTION_BATCH", 50, 1, 10_000),
        conversation_recording_days=env_int(
            env, "HOTLINE_CONVERSATION_RECORDING_DAYS", 90, 1, 3650
        ),
    )


@lru_cache(maxsize=1)
def privacy_settings() -> PrivacySettings:
    return load_privacy_settings()
