"""Settings of the transparency area, read from HOTLINE_TRANSPARENCY_* variables.

Validated like the core settings: a wrong value is one line naming the variable.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hotline.settings import SettingsError, env_int


@dataclass(frozen=True)
class TransparencyConfig:
    # Day of the month (in the report's zone) on which the worker publishes the previous month;
    # 0 turns automatic publication off.
    publish_day: int = 5
    # Months are cut at local midnight in this zone (WIB for Wonosobo).
    timezone: str = "Asia/Jakarta"
    # Below this many decided SLA clocks in the period an agency is listed as "too few to judge".
    min_clocks_to_judge: int = 10
    # A PDF render gets this long and this much memory before it is stopped.
    pdf_timeout_seconds: int = 120
    pdf_memory_mb: int = 1024

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def load_config(environ: dict[str, str] | None = None) -> TransparencyConfig:
    env = dict(os.environ if environ is None else environ)
    timezone = env.get("HOTLINE_TRANSPARENCY_TIMEZONE") or "Asia/Jakarta"
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            f"HOTLINE_TRANSPARENCY_TIMEZONE must be a time zone such as Asia/Jakarta "
            f"(got {timezone!r})"
        ) from None
    return TransparencyConfig(
        publish_day=env_int(env, "HOTLINE_TRANSPARENCY_PUBLISH_DAY", 5, 0, 28),
        timezone=timezone,
        min_clocks_to_judge=env_int(env, "HOTLINE_TRANSPARENCY_MIN_CLOCKS", 10, 1, 10_000),
        pdf_timeout_seconds=env_int(env, "HOTLINE_TRANSPARENCY_PDF_TIMEOUT_SECONDS", 120, 5, 3600),
        pdf_memory_mb=env_int(env, "HOTLINE_TRANSPARENCY_PDF_MEMORY_MB", 1024, 128, 65536),
    )


@lru_cache(maxsize=1)
def get_config() -> TransparencyConfig:
    return load_config()
