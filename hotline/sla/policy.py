"""SLA policies and the deadline arithmetic of one clock.

A ticket runs up to four clocks (verification, first response, resolution, auto-close). Each
clock's duration is either working time, counted on the handling agency's `WorkingCalendar`, or
calendar time, counted on the wall clock (urgent categories). This module turns a start instant
and a duration into a due instant and a warning instant, slides a deadline after a pause, and
measures how much of a clock is left or used, always in the clock's own kind of time.

Calendar time is real elapsed time: it is added in UTC, so it would stay right even in a zone
with daylight saving time. Results are returned in the calendar's zone.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from hotline.choices import N_, Choice
from hotline.sla.calendar import WorkingCalendar, require_aware

__all__ = [
    "DEFAULT_POLICY",
    "MAX_RESOLUTION_WORKING_DAYS",
    "MIN_RESOLUTION_WORKING_DAYS",
    "URGENT_POLICY",
    "WARN_FRACTION",
    "ClockKind",
    "Duration",
    "Policy",
    "PolicyError",
    "TimeUnit",
    "deadline",
    "elapsed_fraction",
    "measure",
    "remaining",
    "resume",
    "warn_at",
]

WARN_FRACTION = 0.75
MIN_RESOLUTION_WORKING_DAYS = 1
MAX_RESOLUTION_WORKING_DAYS = 60


class PolicyError(ValueError):
    """A policy that breaks a design rule or a stored policy snapshot that cannot be read."""


class ClockKind(Choice):
    """A clock, named for three readers: the console's short `label`, the sentence before a
    date on the citizen's pages (`citizen_label`), and the heading of the published figures
    (`public_label`; none for auto-close, which the figures do not measure)."""

    citizen_label: str
    public_label: str | None

    VERIFICATION = (
        "verification",
        N_("Verification"),
        N_("Checked by the hotline unit by"),
        N_("Verification (central unit)"),
    )
    FIRST_RESPONSE = (
        "first_response",
        N_("First response"),
        N_("First response from the agency by"),
        N_("First response (agency)"),
    )
    RESOLUTION = (
        "resolution",
        N_("Resolution"),
        N_("Resolved by"),
        N_("Resolution (until the answer)"),
    )
    AUTO_CLOSE = (
        "auto_close",
        N_("Auto-close"),
        N_("Closes by itself, unless you respond, on"),
    )

    def __init__(
        self,
        value: str,
        label: str = "",
        citizen_label: str = "",
        public_label: str | None = None,
    ) -> None:
        self.citizen_label = citizen_label
        self.public_label = public_label


class TimeUnit(StrEnum):
    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    CALENDAR_HOURS = "calendar_hours"

    @property
    def is_working(self) -> bool:
        """Whether the unit counts working time (on a calendar) rather than wall-clock time."""
        return self is not TimeUnit.CALENDAR_HOURS


# Short forms are for people typing policies into admin forms and fixtures; `str(Duration)`
# always writes the canonical long form.
_UNIT_ALIASES: Mapping[str, TimeUnit] = {
    "working_days": TimeUnit.WORKING_DAYS,
    "working_day": TimeUnit.WORKING_DAYS,
    "wd": TimeUnit.WORKING_DAYS,
    "working_hours": TimeUnit.WORKING_HOURS,
    "working_hour": TimeUnit.WORKING_HOURS,
    "wh": TimeUnit.WORKING_HOURS,
    "calendar_hours": TimeUnit.CALENDAR_HOURS,
    "calendar_hour": TimeUnit.CALENDAR_HOURS,
    "h": TimeUnit.CALENDAR_HOURS,
}
_DURATION_RE = re.compile(r"([0-9]+)\s*([a-z_]+)")
_DURATION_FORMS = (
    "expected '<amount> <unit>' with a whole positive amount and unit working_days (wd), "
    "working_hours (wh) or calendar_hours (h), e.g. '3 working_days', '3wd', '24h'"
)


@dataclass(frozen=True)
class Duration:
    """How long a clock runs, e.g. 3 working days or 24 calendar hours."""

    amount: int
    unit: TimeUnit

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise ValueError(f"duration amount must be a whole number, got {self.amount!r}")
        if self.amount <= 0:
            raise ValueError(f"duration amount must be positive, got {self.amount}")
        try:
            unit = TimeUnit(self.unit)
        except ValueError:
            units = ", ".join(u.value for u in TimeUnit)
            raise ValueError(f"unknown duration unit {self.unit!r} (one of {units})") from None
        object.__setattr__(self, "unit", unit)

    def is_working(self) -> bool:
        """Whether the duration counts working time rather than wall-clock time."""
        return self.unit.is_working

    def to_timedelta(self, calendar: WorkingCalendar) -> timedelta:
        """The duration as working time on `calendar` (working units) or as elapsed time."""
        if self.unit is TimeUnit.WORKING_DAYS:
            return calendar.working_days(self.amount)
        return timedelta(hours=self.amount)

    @classmethod
    def parse(cls, text: str) -> Duration:
        """Read "3 working_days", "24 calendar_hours", "8 working_hours", "3wd", "8wh", "24h"."""
        if not isinstance(text, str):
            raise TypeError(f"duration must be given as text, got {type(text).__name__}")
        match = _DURATION_RE.fullmatch(text.strip().lower())
        if match is None:
            raise ValueError(f"cannot read duration {text!r}: {_DURATION_FORMS}")
        unit = _UNIT_ALIASES.get(match.group(2))
        if unit is None:
            raise ValueError(
                f"cannot read duration {text!r}: unknown unit {match.group(2)!r}; {_DURATION_FORMS}"
            )
        amount = int(match.group(1))
        if amount <= 0:
            raise ValueError(f"cannot read duration {text!r}: the amount must be positive")
        return cls(amount, unit)

    def __str__(self) -> str:
        return f"{self.amount} {self.unit.value}"


@dataclass(frozen=True)
class Policy:
    """The durations of a ticket's four clocks.

    A ticket stores the policy in force when its clocks started (`to_dict`), so changing a
    category's policy later does not move deadlines already promised to a reporter.
    """

    verification: Duration
    first_response: Duration
    resolution: Duration
    auto_close: Duration

    def __post_init__(self) -> None:
        for kind in ClockKind:
            value = getattr(self, kind.value)
            if not isinstance(value, Duration):
                raise PolicyError(f"{kind.value} must be a Duration, got {value!r}")
        resolution = self.resolution
        if resolution.unit is TimeUnit.WORKING_DAYS and not (
            MIN_RESOLUTION_WORKING_DAYS <= resolution.amount <= MAX_RESOLUTION_WORKING_DAYS
        ):
            raise PolicyError(
                f"resolution must be between {MIN_RESOLUTION_WORKING_DAYS} and "
                f"{MAX_RESOLUTION_WORKING_DAYS} working days, got {resolution}"
            )

    def duration(self, kind: ClockKind | str) -> Duration:
        """The duration of clock `kind`."""
        try:
            kind = ClockKind(kind)
        except ValueError:
            raise ValueError(f"unknown clock kind {kind!r}") from None
        value: Duration = getattr(self, kind.value)
        return value

    def to_dict(self) -> dict[str, str]:
        """A JSON-ready snapshot: clock kind -> canonical duration text."""
        return {kind.value: str(self.duration(kind)) for kind in ClockKind}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Policy:
        """Read a snapshot written by `to_dict`; any missing, extra or bad entry is an error."""
        if not isinstance(data, Mapping):
            raise PolicyError(f"policy must be an object of clock durations, got {data!r}")
        expected = [kind.value for kind in ClockKind]
        missing = [key for key in expected if key not in data]
        extra = sorted(str(key) for key in data if key not in expected)
        if missing or extra:
            problems = []
            if missing:
                problems.append(f"missing {', '.join(missing)}")
            if extra:
                problems.append(f"unknown {', '.join(extra)}")
            raise PolicyError(f"policy snapshot: {'; '.join(problems)}")
        durations: dict[str, Duration] = {}
        for key in expected:
            try:
                durations[key] = Duration.parse(data[key])
            except (TypeError, ValueError) as error:
                raise PolicyError(f"policy snapshot, {key}: {error}") from None
        return cls(**durations)


DEFAULT_POLICY = Policy(
    verification=Duration(3, TimeUnit.WORKING_DAYS),
    first_response=Duration(5, TimeUnit.WORKING_DAYS),
    resolution=Duration(14, TimeUnit.WORKING_DAYS),
    auto_close=Duration(10, TimeUnit.WORKING_DAYS),
)

URGENT_POLICY = Policy(
    verification=Duration(2, TimeUnit.CALENDAR_HOURS),
    first_response=Duration(6, TimeUnit.CALENDAR_HOURS),
    resolution=Duration(24, TimeUnit.CALENDAR_HOURS),
    # Closing a resolved ticket the reporter never confirmed is not urgent for anyone.
    auto_close=Duration(10, TimeUnit.WORKING_DAYS),
)


def _unit(unit: TimeUnit | str) -> TimeUnit:
    try:
        return TimeUnit(unit)
    except ValueError:
        raise ValueError(f"unknown duration unit {unit!r}") from None


def _add_elapsed(start: datetime, elapsed: timedelta, calendar: WorkingCalendar) -> datetime:
    # Through UTC: aware + timedelta in Python is wall-clock arithmetic within one zone.
    return (require_aware(start).astimezone(UTC) + elapsed).astimezone(calendar.zone)


def measure(a: datetime, b: datetime, unit: TimeUnit | str, calendar: WorkingCalendar) -> timedelta:
    """Time from `a` to `b` in the clock's own kind of time; negative when `b` is before `a`."""
    if _unit(unit).is_working:
        return calendar.between(a, b)
    return require_aware(b).astimezone(UTC) - require_aware(a).astimezone(UTC)


def deadline(start: datetime, duration: Duration, calendar: WorkingCalendar) -> datetime:
    """When a clock of `duration` started at `start` is due."""
    amount = duration.to_timedelta(calendar)
    if duration.is_working():
        return calendar.add(start, amount)
    return _add_elapsed(start, amount, calendar)


def warn_at(
    start: datetime,
    duration: Duration,
    calendar: WorkingCalendar,
    fraction: float = WARN_FRACTION,
) -> datetime:
    """When `fraction` of the clock has run, measured in the clock's own kind of time."""
    if isinstance(fraction, bool) or not isinstance(fraction, int | float):
        raise TypeError(f"fraction must be a number, got {fraction!r}")
    if not (math.isfinite(fraction) and 0 <= fraction <= 1):
        raise ValueError(f"fraction must be between 0 and 1, got {fraction!r}")
    amount = duration.to_timedelta(calendar) * fraction
    if duration.is_working():
        return calendar.add(start, amount)
    return _add_elapsed(start, amount, calendar)


def remaining(
    now: datetime, due: datetime, duration_unit: TimeUnit | str, calendar: WorkingCalendar
) -> timedelta:
    """Time left from `now` until `due` in the clock's own kind of time; negative once late."""
    return measure(now, due, duration_unit, calendar)


def resume(
    paused_at: datetime,
    resumed_at: datetime,
    due: datetime,
    unit: TimeUnit | str,
    calendar: WorkingCalendar,
) -> datetime:
    """The deadline after a pause from `paused_at` to `resumed_at`.

    Waiting for the reporter is not the agency's time, so the deadline slides by exactly the
    working time the pause covered (elapsed time for calendar clocks). A clock that was already
    breached when it was paused stays breached: its deadline does not move.
    """
    require_aware(paused_at)
    require_aware(resumed_at)
    require_aware(due)
    if resumed_at < paused_at:
        raise ValueError(
            f"resumed_at {resumed_at.isoformat()} is before paused_at {paused_at.isoformat()}"
        )
    if paused_at >= due:
        return due.astimezone(calendar.zone)
    paused = measure(paused_at, resumed_at, unit, calendar)
    if _unit(unit).is_working:
        return calendar.add(due, paused)
    return _add_elapsed(due, paused, calendar)


def elapsed_fraction(
    start: datetime,
    due: datetime,
    now: datetime,
    unit: TimeUnit | str,
    calendar: WorkingCalendar,
) -> float:
    """How far along a clock is at `now`: 0 at `start`, 1 at `due`, above 1 once late.

    Only `start` and `due` are known here, so time spent paused counts as elapsed while the
    due instant already includes the slide; the figure is for reporting, not for decisions.
    """
    total = measure(start, due, unit, calendar)
    used = measure(start, now, unit, calendar)
    if total <= timedelta(0):
        return 1.0 if now >= due else 0.0
    return max(0.0, used / total)
