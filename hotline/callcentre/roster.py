"""The roster's arithmetic and its form (pure, no I/O): a shift's local times as instants, the
week it is shown in, reading and checking the coordinator's form, and overlap between one
officer's shifts. The pages and the writes are in roster_routes.py and roster_store.py."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hotline.callcentre.records import ShiftRow
from hotline.errors import FieldError, ValidationFailed
from hotline.i18n import N_

DAY_MINUTES = 24 * 60
# Longer than this is a typing mistake (08:00–07:00 for 08:00–17:00), not a shift.
MAX_SHIFT_MINUTES = 16 * 60
MAX_NOTE = 200


def parse_clock(text: str) -> int | None:
    """ "HH:MM" (what <input type="time"> sends; "8:00" too) as minutes after midnight."""
    hours, sep, minutes = text.strip().partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit() or len(minutes) != 2:
        return None
    h, m = int(hours), int(minutes)
    return h * 60 + m if h < 24 and m < 60 else None


def clock_text(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def length_minutes(start_minute: int, end_minute: int) -> int:
    """A shift's length; an end at or before the start is on the next day."""
    return (end_minute - start_minute) % DAY_MINUTES or DAY_MINUTES


def bounds(
    day: date, start_minute: int, end_minute: int, zone: ZoneInfo
) -> tuple[datetime, datetime]:
    """The shift as instants [start, end) in the line's zone."""
    start = datetime.combine(day, time(), zone) + timedelta(minutes=start_minute)
    return start, start + timedelta(minutes=length_minutes(start_minute, end_minute))


def row_bounds(row: ShiftRow, zone: ZoneInfo) -> tuple[datetime, datetime]:
    return bounds(row["day"], row["start_minute"], row["end_minute"], zone)


# Dates a roster can be about; outside them date arithmetic (the week before, the forecast's
# weeks) would leave Python's calendar, and a typed 0001-01-01 is a mistake anyway.
FIRST_YEAR, LAST_YEAR = 2000, 2099


def plausible(day: date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR


def week_of(day: date) -> date:
    """The Monday of `day`'s week: the roster is shown a week at a time."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class ShiftInput:
    officer: int
    day: date
    start_minute: int
    end_minute: int
    note: str


def parse_shift(data: Mapping[str, str], officers: Iterable[int]) -> ShiftInput:
    """The add/edit form (`petugas`, `tanggal`, `mulai`, `selesai`, `catatan`); raises
    ValidationFailed naming every bad field, so the form comes back with all of them."""
    errors: list[FieldError] = []
    raw_officer = (data.get("petugas") or "").strip()
    officer = int(raw_officer) if raw_officer.isdigit() else 0
    if officer not in set(officers):
        errors.append(FieldError("petugas", N_("Choose an officer.")))
    day: date | None = None
    try:
        day = date.fromisoformat((data.get("tanggal") or "").strip())
    except ValueError:
        errors.append(FieldError("tanggal", N_("Give a date as YYYY-MM-DD.")))
    if day is not None and not plausible(day):
        day = None
        errors.append(FieldError("tanggal", N_("Give a date as YYYY-MM-DD.")))
    start = parse_clock(data.get("mulai") or "")
    if start is None:
        errors.append(FieldError("mulai", N_("Give a time as HH:MM.")))
    end = parse_clock(data.get("selesai") or "")
    if end is None:
        errors.append(FieldError("selesai", N_("Give a time as HH:MM.")))
    elif start is not None and end == start:
        errors.append(
            FieldError("selesai", N_("The shift must end at another time than it starts."))
        )
    elif start is not None and length_minutes(start, end) > MAX_SHIFT_MINUTES:
        errors.append(
            FieldError(
                "selesai",
                N_("A shift lasts at most {hours} hours."),
                {"hours": MAX_SHIFT_MINUTES // 60},
            )
        )
    note = (data.get("catatan") or "").strip()
    if len(note) > MAX_NOTE:
        errors.append(FieldError("catatan", N_("At most {n} characters."), {"n": MAX_NOTE}))
    if errors or day is None or start is None or end is None:
        raise ValidationFailed(errors)
    return ShiftInput(officer=officer, day=day, start_minute=start, end_minute=end, note=note)


def overlapping(
    shift: ShiftInput, others: Iterable[ShiftRow], zone: ZoneInfo, *, except_id: int | None = None
) -> ShiftRow | None:
    """The first of the officer's other shifts that shares any time with `shift` (touching
    ends do not: 08:00–16:00 and 16:00–24:00 follow each other)."""
    start, end = bounds(shift.day, shift.start_minute, shift.end_minute, zone)
    for row in others:
        if row["officer"] != shift.officer or row["id"] == except_id:
            continue
        a, b = row_bounds(row, zone)
        if a < end and start < b:
            return row
    return None
