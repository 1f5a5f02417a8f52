"""The phone line's settings (HOTLINE_IVR_*), read from the environment and validated at start.

A wrong value is one line naming the variable (SettingsError), like every other HOTLINE_* setting.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import time
from functools import lru_cache
from pathlib import Path

from hotline.settings import PROJECT_ROOT, SettingsError, env_bool, env_int, env_path
from hotline.sla.calendar import CalendarError, WorkingCalendar

FLOWS_DIR = PROJECT_ROOT / "ivr_flows"
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HOURS_RE = re.compile(
    r"^\s*(?P<d1>[a-z]{3})(?:-(?P<d2>[a-z]{3}))?\s+(?P<h1>\d{2}:\d{2})-(?P<h2>\d{2}:\d{2})\s*$"
)


@dataclass(frozen=True)
class IvrConfig:
    # Officers answer callers in these hours, on this calendar (holidays closed).
    service_calendar: WorkingCalendar
    service_hours_text: str
    # A caller waits this long for an officer before being offered a recording instead.
    queue_max_wait_seconds: int
    # Where webhook requests are kept while the database is unreachable (replayed by the worker).
    spool_dir: Path
    # A webhook gives the database this long before it answers with the apology instead.
    db_timeout_seconds: int
    # A complaint recording shorter than this is flagged as a likely prank.
    min_recording_seconds: int
    # A call with no news for this long is finished by the worker (no status callback came).
    stale_call_minutes: int
    # At most this many reports from one caller's number in `report_window_hours` (0: no limit).
    max_reports_per_number: int
    report_window_hours: int
    # Said to a caller who may not make a report now (blocked, or over the limit); "" says none.
    officer_number: str
    # The officers' conversations are recorded (both legs, two channels) and the caller is told
    # before being queued; off: neither (a line that does not record must not say it does).
    record_conversations: bool
    voice_id: str
    voice_en: str
    flows_dir: Path
    audio_dir: Path


def parse_service_hours(text: str, name: str = "HOTLINE_IVR_SERVICE_HOURS") -> dict[int, tuple]:
    """ "Mon-Fri 08:00-16:00" (several separated by ";") -> {weekday: ((start, end),)}.

    "24:00" as an end means the end of the day."""
    hours: dict[int, tuple] = {}
    for part in (p for p in text.lower().split(";") if p.strip()):
        match = _HOURS_RE.match(part)
        if not match or match["d1"] not in _DAYS or (match["d2"] and match["d2"] not in _DAYS):
            raise SettingsError(
                f"{name} must look like 'Mon-Fri 08:00-16:00; Sat 08:00-12:00' (got {text!r})"
            )
        first = _DAYS.index(match["d1"])
        last = _DAYS.index(match["d2"]) if match["d2"] else first
        try:
            start = time.fromisoformat(match["h1"])
            end = time.max if match["h2"] == "24:00" else time.fromisoformat(match["h2"])
        except ValueError:
            raise SettingsError(f"{name}: {part.strip()!r} is not a valid time range") from None
        for day in range(first, last + 1):
            hours[day] = ((start, end),)
    return hours


def load_config(environ: dict[str, str] | None = None) -> IvrConfig:
    env = dict(os.environ if environ is None else environ)
    hours_text = env.get("HOTLINE_IVR_SERVICE_HOURS") or "Mon-Fri 08:00-16:00"
    holidays = env.get("HOTLINE_IVR_HOLIDAYS", "public,government")
    try:
        calendar = WorkingCalendar(
            timezone=env.get("HOTLINE_IVR_TIMEZONE") or "Asia/Jakarta",
            hours=parse_service_hours(hours_text),
            holiday_categories=tuple(c.strip() for c in holidays.split(",") if c.strip()),
        )
    except CalendarError as exc:
        raise SettingsError(f"HOTLINE_IVR_SERVICE_HOURS / _TIMEZONE / _HOLIDAYS: {exc}") from None
    flows_dir = env_path(env, "HOTLINE_IVR_FLOWS_DIR", FLOWS_DIR)
    return IvrConfig(
        service_calendar=calendar,
        service_hours_text=hours_text,
        queue_max_wait_seconds=env_int(env, "HOTLINE_IVR_QUEUE_MAX_WAIT_SECONDS", 180, 10, 3600),
        spool_dir=env_path(env, "HOTLINE_IVR_SPOOL_DIR", PROJECT_ROOT / "var" / "ivr-spool"),
        db_timeout_seconds=env_int(env, "HOTLINE_IVR_DB_TIMEOUT_SECONDS", 4, 1, 10),
        min_recording_seconds=env_int(env, "HOTLINE_IVR_MIN_RECORDING_SECONDS", 3, 0, 60),
        stale_call_minutes=env_int(env, "HOTLINE_IVR_STALE_CALL_MINUTES", 30, 1, 24 * 60),
        max_reports_per_number=env_int(env, "HOTLINE_IVR_MAX_REPORTS_PER_NUMBER", 3, 0, 1000),
        report_window_hours=env_int(env, "HOTLINE_IVR_REPORT_WINDOW_HOURS", 24, 1, 24 * 30),
        officer_number=env.get("HOTLINE_IVR_OFFICER_NUMBER", "").strip(),
        record_conversations=(
            env_bool(env, "HOTLINE_IVR_RECORD_CONVERSATIONS")
            if env.get("HOTLINE_IVR_RECORD_CONVERSATIONS", "").strip()
            else True
        ),
        voice_id=env.get("HOTLINE_IVR_VOICE_ID") or "Google.id-ID-Standard-A",
        voice_en=env.get("HOTLINE_IVR_VOICE_EN") or "Google.en-US-Standard-C",
        flows_dir=flows_dir,
        audio_dir=flows_dir / "audio",
    )


@lru_cache(maxsize=1)
def get_config() -> IvrConfig:
    return load_config()
