"""Form fields of the admin pages: how each kind of value is read and checked (pure)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hotline.errors import FieldError
from hotline.i18n import N_
from hotline.sla.calendar import CalendarError, WorkingCalendar, hours_from_json
from hotline.sla.policy import Duration
from hotline.web.security import MAX_ID

Options = Callable[[], Awaitable[list[tuple[str, str]]]]


@dataclass(frozen=True)
class Field:
    name: str  # the column
    label: str  # a msgid
    kind: str = "text"  # text | textarea | int | bool | select | json | duration | timezone | hours
    required: bool = False
    unique: bool = False
    options: Options | None = None  # for select: (value, label) pairs
    create_only: bool = False


Parsed = tuple[Any, FieldError | None]


def _int(field: Field, text: str, allowed: set[str] | None) -> Parsed:
    if not text.lstrip("-").isdigit():
        return None, FieldError(field.name, N_("Enter a whole number."))
    if abs(int(text)) > MAX_ID:  # beyond the database's integer column
        return None, FieldError(field.name, N_("This number is too large."))
    return int(text), None


def _select(field: Field, text: str, allowed: set[str] | None) -> Parsed:
    if allowed is not None and text not in allowed:
        return None, FieldError(field.name, N_("Choose a value from the list."))
    return (int(text) if text.isdigit() else text), None


def _duration(field: Field, text: str, allowed: set[str] | None) -> Parsed:
    try:
        return str(Duration.parse(text)), None
    except ValueError:
        return None, FieldError(
            field.name, N_("Write a duration such as 5 working_days or 24 calendar_hours.")
        )


def _timezone(field: Field, text: str, allowed: set[str] | None) -> Parsed:
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        return None, FieldError(field.name, N_("Use a time zone such as Asia/Jakarta."))
    return text, None


def _json(field: Field, text: str, allowed: set[str] | None) -> Parsed:
    try:
        return json.loads(text), None
    except ValueError:
        return None, FieldError(field.name, N_("This is not valid JSON."))


def _hours(field: Field, text: str, allowed: set[str] | None) -> Parsed:
    value, error = _json(field, text, allowed)
    if error is not None:
        return value, error
    try:
        WorkingCalendar(hours=hours_from_json(value))
    except (CalendarError, ValueError):
        return None, FieldError(
            field.name,
            N_('Working hours look like {"0": [["08:00", "16:00"]]} (0 is Monday).'),
        )
    return value, None


# How each kind of non-empty value is read; a kind not listed is stored as the text typed.
_PARSERS: dict[str, Callable[[Field, str, set[str] | None], Parsed]] = {
    "int": _int,
    "select": _select,
    "duration": _duration,
    "timezone": _timezone,
    "json": _json,
    "hours": _hours,
}


def parse(field: Field, raw: str | None, allowed: set[str] | None = None) -> Parsed:
    """The value to store for `raw` (a form string; None for an unchecked box), or an error."""
    text = (raw or "").strip()
    if field.kind == "bool":
        return raw is not None, None
    if not text:
        if field.required:
            return None, FieldError(field.name, N_("This field is required."))
        return (None if field.kind in ("select", "int") else ""), None
    parser = _PARSERS.get(field.kind)
    return parser(field, text, allowed) if parser else (text, None)


def show(field: Field, value: Any) -> str:
    """A stored value as the form shows it."""
    if value is None:
        return ""
    if field.kind in ("json", "hours"):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
