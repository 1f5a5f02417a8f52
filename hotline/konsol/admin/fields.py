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


def parse(
    field: Field, raw: str | None, allowed: set[str] | None = None
) -> tuple[Any, FieldError | None]:
    """The value to store for `raw` (a form string; None for an unchecked box), or an error."""
    text = (raw or "").strip()
    if field.kind == "bool":
        return raw is not None, None
    if not text:
        if field.required:
            return None, FieldError(field.name, N_("This field is required."))
        return (None if field.kind in ("select", "int") else ""), None
    if field.kind == "int":
        if not text.lstrip("-").isdigit():
            return None, FieldError(field.name, N_("Enter a whole number."))
        if abs(int(text)) > MAX_ID:  # beyond the database's integer column
            return None, FieldError(field.name, N_("This number is too large."))
        return int(text), None
    if field.kind == "select":
        if allowed is not None and text not in allowed:
            return None, FieldError(field.name, N_("Choose a value from the list."))
        return (int(text) if text.isdigit() else text), None
    if field.kind == "duration":
        try:
            return str(Duration.parse(text)), None
        except ValueError:
            return None, FieldError(
                field.name, N_("Write a duration such as 5 working_days or 24 calendar_hours.")
            )
    if field.kind == "timezone":
        try:
            ZoneInfo(text)
        except (ZoneInfoNotFoundError, ValueError):
            return None, FieldError(field.name, N_("Use a time zone such as Asia/Jakarta."))
        return text, None
    if field.kind in ("json", "hours"):
        try:
            value = json.loads(text)
        except ValueError:
            return None, FieldError(field.name, N_("This is not valid JSON."))
        if field.kind == "hours":
            try:
                WorkingCalendar(hours=hours_from_json(value))
            except (CalendarError, ValueError):
                return None, FieldError(
                    field.name,
                    N_('Working hours look like {"0": [["08:00", "16:00"]]} (0 is Monday).'),
                )
        return value, None
    return text, None


def show(field: Field, value: Any) -> str:
    """A stored value as the form shows it."""
    if value is None:
        return ""
    if field.kind in ("json", "hours"):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
