"""Reading the report page's query (pure): the range of local dates and the interval."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from hotline.callcentre.definitions import INTERVAL_MINUTES
from hotline.callcentre.queries import MAX_DAYS, Range
from hotline.errors import FieldError, ValidationFailed
from hotline.i18n import N_

DEFAULT_DAYS = 7


def _date(value: str | None, default: date, name: str, errors: list[FieldError]) -> date:
    if not value:
        return default
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.append(FieldError(name, N_("Give a date as YYYY-MM-DD.")))
        return default


def parse_query(query: Mapping[str, str], today: date, zone: ZoneInfo) -> tuple[Range, int]:
    """`dari`, `sampai` (YYYY-MM-DD, both included; by default the last 7 days) and `interval`
    (15, 30 or 60 minutes; 60 by default). Raises ValidationFailed naming each bad field."""
    errors: list[FieldError] = []
    last = _date(query.get("sampai"), today, "sampai", errors)
    first = _date(query.get("dari"), last - timedelta(days=DEFAULT_DAYS - 1), "dari", errors)
    raw = query.get("interval") or "60"
    minutes = int(raw) if raw.isdigit() and int(raw) in INTERVAL_MINUTES else 0
    if not minutes:
        errors.append(FieldError("interval", N_("Choose 15, 30 or 60 minutes.")))
    if not errors and first > last:
        errors.append(FieldError("dari", N_("The first day must not be after the last.")))
    if not errors and (last - first).days + 1 > MAX_DAYS:
        errors.append(FieldError("dari", N_("At most {days} days at a time."), {"days": MAX_DAYS}))
    if errors:
        raise ValidationFailed(errors)
    return Range(first, last, zone), minutes
