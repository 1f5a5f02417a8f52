"""Quality monitoring's settings (HOTLINE_QUALITY_*), read on first use as the console's are; a
wrong value is a SettingsError naming the variable."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

from hotline.settings import env_int


@dataclass(frozen=True)
class QualitySettings:
    per_week: int = 5  # random calls per officer per ISO week
    seed: str = "hotline"  # makes the draw reproducible; change it to draw other calls
    lookback_weeks: int = 4  # how far back a draw looks for calls
    form: str = "standar"  # the form new evaluations use (hotline/callcentre/quality/forms/)


def load(environ: dict[str, str] | None = None) -> QualitySettings:
    env = dict(os.environ if environ is None else environ)
    return QualitySettings(
        per_week=env_int(env, "HOTLINE_QUALITY_PER_WEEK", 5, 0, 1000),
        seed=env.get("HOTLINE_QUALITY_SEED", "hotline") or "hotline",
        lookback_weeks=env_int(env, "HOTLINE_QUALITY_LOOKBACK_WEEKS", 4, 1, 53),
        form=env.get("HOTLINE_QUALITY_FORM", "standar") or "standar",
    )


@lru_cache(maxsize=1)
def quality_settings() -> QualitySettings:
    return load()
