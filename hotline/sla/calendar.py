"""Working-calendar arithmetic for SLA clocks.

A `WorkingCalendar` says when an agency is at work: intervals per weekday in the agency's own
time zone, minus Indonesian public holidays and cuti bersama (from the `holidays` package),
minus dates an admin closes, plus dates an admin reopens. It answers two questions exactly:
"what instant is `w` of working time after `s`?" (`add`) and "how much working time lies
between `a` and `b`?" (`between`). The two are inverse to each other and additive, which is what
lets pauses and deadlines be computed without drift.

Working time is counted on the local wall clock: an 08:00–16:00 day is 8 h of work. Indonesia
has no daylight saving time, so wall time and elapsed time agree; if a zone with DST is ever
configured the arithmetic stays consistent because instants are always built by composing a
local date and time and then attaching the zone.

Everything is computed on integers (date ordinals and microseconds since local midnight) so
results are exact and a 60-working-day deadline costs a few dozen loop iterations.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

__all__ = [
    "DEFAULT_HOURS",
    "EXTRA_HOLIDAY_NAME",
    "CalendarError",
    "Hours",
    "Interval",
    "WorkingCalendar",
    "holidays_for_year",
    "hours_from_json",
    "hours_to_json",
    "require_aware",
]

Interval = tuple[time, time]
Hours = Mapping[int, tuple[Interval, ...]]

EXTRA_HOLIDAY_NAME = "Libur tambahan"
HOLIDAY_COUNTRY = "ID"
# Holiday names are shown to Indonesian staff and reporters; the package's English names are not.
HOLIDAY_LANGUAGE = "id"

_US_PER_SECOND = 1_000_000
_US_PER_MINUTE = 60 * _US_PER_SECOND
_US_PER_HOUR = 60 * _US_PER_MINUTE

DEFAULT_HOURS: Hours = MappingProxyType({wd: ((time(8), time(16)),) for wd in range(5)})


class CalendarError(ValueError):
    """A calendar definition that cannot be used (unknown zone, overlapping intervals, ...)."""


@functools.cache
def _supported_categories() -> frozenset[str]:
    return frozenset(holidays.country_holidays(HOLIDAY_COUNTRY).supported_categories)


@functools.lru_cache(maxsize=512)
def holidays_for_year(year: int, categories: tuple[str, ...]) -> Mapping[date, str]:
    """Indonesian holidays of one year in the given categories, as date -> Indonesian name.

    Cached per (year, categories): every calendar of the same categories shares one lookup, and
    building a `holidays` object is far more expensive than the arithmetic that consults it.
    """
    if not categories:
        return MappingProxyType({})
    found = holidays.country_holidays(
        HOLIDAY_COUNTRY, years=year, categories=categories, language=HOLIDAY_LANGUAGE
    )
    # Copy into a plain mapping: a live HolidayBase silently grows when asked about other years.
    return MappingProxyType({day: str(name) for day, name in found.items()})


def _time_to_us(value: time) -> int:
    return (
        (value.hour * 60 + value.minute) * 60 + value.second
    ) * _US_PER_SECOND + value.microsecond


def _timedelta_to_us(value: timedelta) -> int:
    return (value.days * 86_400 + value.seconds) * _US_PER_SECOND + value.microseconds


def _parse_clock(text: Any, where: str) -> time:
    if isinstance(text, time):
        return text
    if not isinstance(text, str):
        raise CalendarError(f"{where}: expected a time like '08:00', got {text!r}")
    try:
        return time.fromisoformat(text.strip())
    except ValueError:
        raise CalendarError(f"{where}: expected a time like '08:00', got {text!r}") from None


def hours_from_json(data: Mapping[Any, Any]) -> dict[int, tuple[Interval, ...]]:
    """Working hours as stored in JSON (`{"0": [["08:00", "16:00"]], ...}`) to `hours`.

    Only converts; `WorkingCalendar` validates the result.
    """
    if not isinstance(data, Mapping):
        raise CalendarError(f"working hours must be an object keyed by weekday, got {data!r}")
    result: dict[int, tuple[Interval, ...]] = {}
    for key, intervals in data.items():
        try:
            weekday = int(key)
        except (TypeError, ValueError):
            raise CalendarError(f"weekday must be 0 (Monday) .. 6 (Sunday), got {key!r}") from None
        if isinstance(intervals, str | bytes) or not isinstance(intervals, Sequence):
            raise CalendarError(f"weekday {weekday}: expected a list of [start, end] pairs")
        parsed: list[Interval] = []
        for pair in intervals:
            if isinstance(pair, str | bytes) or not isinstance(pair, Sequence) or len(pair) != 2:
                raise CalendarError(f"weekday {weekday}: expected [start, end], got {pair!r}")
            where = f"weekday {weekday}"
            parsed.append((_parse_clock(pair[0], where), _parse_clock(pair[1], where)))
        result[weekday] = tuple(parsed)
    return result


def hours_to_json(hours: Hours) -> dict[str, list[list[str]]]:
    """The inverse of `hours_from_json`, with times as "HH:MM" (or "HH:MM:SS" when needed)."""

    def fmt(value: time) -> str:
        return value.isoformat(timespec="minutes" if not value.second else "seconds")

    return {
        str(weekday): [[fmt(start), fmt(end)] for start, end in intervals]
        for weekday, intervals in sorted(hours.items())
        if intervals
    }


def _frozen_dates(values: Iterable[date], what: str) -> frozenset[date]:
    if isinstance(values, str | bytes):
        raise CalendarError(f"{what} must be a collection of dates, got a string")
    result: set[date] = set()
    for value in values:
        # A datetime is a date subclass but never equal to one, so it would silently not match.
        if isinstance(value, datetime) or not isinstance(value, date):
            raise CalendarError(f"{what} must contain dates, got {value!r}")
        result.add(value)
    return frozenset(result)


def _normalise_hours(hours: Any) -> Mapping[int, tuple[Interval, ...]]:
    if not isinstance(hours, Mapping):
        raise CalendarError(f"hours must map weekday (0 = Monday) to intervals, got {hours!r}")
    normalised: dict[int, tuple[Interval, ...]] = {}
    for weekday, intervals in hours.items():
        if isinstance(weekday, bool) or not isinstance(weekday, int) or not 0 <= weekday <= 6:
            raise CalendarError(f"weekday must be an int 0 (Monday) .. 6 (Sunday), got {weekday!r}")
        if isinstance(intervals, str | bytes) or not isinstance(intervals, Iterable):
            raise CalendarError(f"weekday {weekday}: intervals must be (start, end) pairs")
        checked: list[Interval] = []
        for pair in intervals:
            if not isinstance(pair, Sequence) or len(pair) != 2:
                raise CalendarError(
                    f"weekday {weekday}: expected a (start, end) pair, got {pair!r}"
                )
            start, end = pair
            if not isinstance(start, time) or not isinstance(end, time):
                raise CalendarError(f"weekday {weekday}: interval bounds must be times: {pair!r}")
            if start.tzinfo is not None or end.tzinfo is not None:
                raise CalendarError(
                    f"weekday {weekday}: interval times must be naive; the zone is the "
                    "calendar's `timezone`"
                )
            if not start < end:
                raise CalendarError(
                    f"weekday {weekday}: interval {start.isoformat()}-{end.isoformat()} must "
                    "start before it ends (intervals cannot cross midnight)"
                )
            if checked and start < checked[-1][1]:
                previous = checked[-1]
                raise CalendarError(
                    f"weekday {weekday}: intervals must be sorted and must not overlap: "
                    f"{previous[0].isoformat()}-{previous[1].isoformat()} then "
                    f"{start.isoformat()}-{end.isoformat()}"
                )
            checked.append((start, end))
        if checked:
            normalised[weekday] = tuple(checked)
    return MappingProxyType(dict(sorted(normalised.items())))


@dataclass(frozen=True)
class WorkingCalendar:
    """When one agency works. Immutable, hashable and safe to share between threads."""

    timezone: str = "Asia/Jakarta"
    # Weekday 0 = Monday .. 6 = Sunday -> sorted, non-overlapping (start, end) local times.
    # A missing or empty weekday is closed.
    hours: Hours = field(default_factory=lambda: DEFAULT_HOURS)
    # Dates closed on top of the national holidays, e.g. a regional holiday.
    extra_holidays: frozenset[date] = frozenset()
    # Dates worked although the `holidays` package says otherwise, e.g. after a changed SKB.
    extra_workdays: frozenset[date] = frozenset()
    holiday_categories: tuple[str, ...] = ("public", "government")
    # How much working time "one working day" is, independent of the weekday's hours, so that
    # "n working days" is always n * day_minutes and the arithmetic stays additive.
    day_minutes: int = 480

    def __post_init__(self) -> None:
        if not isinstance(self.timezone, str) or not self.timezone:
            raise CalendarError(f"timezone must be an IANA zone name, got {self.timezone!r}")
        try:
            zone = ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise CalendarError(
                f"unknown time zone {self.timezone!r} (expected e.g. 'Asia/Jakarta' for WIB, "
                "'Asia/Makassar' for WITA, 'Asia/Jayapura' for WIT)"
            ) from None

        hours = _normalise_hours(self.hours)
        if not hours:
            raise CalendarError("the calendar has no working interval on any weekday")

        extra_holidays = _frozen_dates(self.extra_holidays, "extra_holidays")
        extra_workdays = _frozen_dates(self.extra_workdays, "extra_workdays")
        both = sorted(extra_holidays & extra_workdays)
        if both:
            listed = ", ".join(day.isoformat() for day in both)
            raise CalendarError(f"dates both added as holidays and as working days: {listed}")
        closed_weekdays = sorted(day for day in extra_workdays if day.weekday() not in hours)
        if closed_weekdays:
            # Reopening a date only lifts a holiday; it cannot invent hours for a closed weekday,
            # so such an entry would silently do nothing. Refuse it instead.
            listed = ", ".join(day.isoformat() for day in closed_weekdays)
            raise CalendarError(
                f"extra working days fall on weekdays without working hours: {listed}"
            )

        if isinstance(self.holiday_categories, str):
            raise CalendarError("holiday_categories must be a tuple of names, not a string")
        categories = tuple(sorted(set(self.holiday_categories)))
        unknown = [c for c in categories if c not in _supported_categories()]
        if unknown:
            supported = ", ".join(sorted(_supported_categories()))
            raise CalendarError(f"unknown holiday categories {unknown} (supported: {supported})")

        if (
            isinstance(self.day_minutes, bool)
            or not isinstance(self.day_minutes, int)
            or self.day_minutes <= 0
        ):
            raise CalendarError(f"day_minutes must be a positive int, got {self.day_minutes!r}")

        set_ = object.__setattr__
        set_(self, "hours", hours)
        set_(self, "extra_holidays", extra_holidays)
        set_(self, "extra_workdays", extra_workdays)
        set_(self, "holiday_categories", categories)
        set_(self, "_zone", zone)
        # Per weekday: intervals as microseconds since local midnight, and their total.
        intervals_us = tuple(
            tuple((_time_to_us(s), _time_to_us(e)) for s, e in hours.get(wd, ())) for wd in range(7)
        )
        set_(self, "_intervals", intervals_us)
        set_(self, "_totals", tuple(sum(e - s for s, e in day) for day in intervals_us))
        # year -> ordinals closed by a national or admin holiday, reopened dates removed.
        set_(self, "_closed_cache", {})

    def __hash__(self) -> int:
        return hash(
            (
                self.timezone,
                tuple(self.hours.items()),
                self.extra_holidays,
                self.extra_workdays,
                self.holiday_categories,
                self.day_minutes,
            )
        )

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # The read-only hours mapping cannot be pickled or deep-copied as is; rebuilding from
        # the fields also recomputes the derived tables.
        return (
            type(self),
            (
                self.timezone,
                dict(self.hours),
                self.extra_holidays,
                self.extra_workdays,
                self.holiday_categories,
                self.day_minutes,
            ),
        )

    # -- days ---------------------------------------------------------------------------------

    @property
    def zone(self) -> ZoneInfo:
        """The calendar's time zone."""
        zone: ZoneInfo = self.__dict__["_zone"]
        return zone

    def holiday_name(self, day: date) -> str | None:
        """Why `day` is a holiday, or None if it is not one (or an admin reopened it)."""
        day = _check_date(day)
        if day in self.extra_workdays:
            return None
        name = holidays_for_year(day.year, self.holiday_categories).get(day)
        if name is None and day in self.extra_holidays:
            return EXTRA_HOLIDAY_NAME
        return name

    def is_working_day(self, day: date) -> bool:
        """Whether `day` has working hours: its weekday is open and it is not a holiday."""
        day = _check_date(day)
        ordinal = day.toordinal()
        return bool(self._totals_us[day.weekday()]) and ordinal not in self._closed(day.year)

    def is_working_time(self, instant: datetime) -> bool:
        """Whether `instant` lies in a working interval, both ends included."""
        ordinal, us = self._locate(instant)
        if ordinal in self._closed(date.fromordinal(ordinal).year):
            return False
        return any(s <= us <= e for s, e in self._intervals_us[(ordinal + 6) % 7])

    # -- arithmetic ---------------------------------------------------------------------------

    def working_days(self, n: int | float) -> timedelta:
        """`n` working days as working time: n * day_minutes."""
        if isinstance(n, bool) or not isinstance(n, int | float) or not math.isfinite(n):
            raise ValueError(f"number of working days must be a finite number, got {n!r}")
        return timedelta(minutes=n * self.day_minutes)

    def add(self, start: datetime, work: timedelta) -> datetime:
        """The instant `work` of working time after `start`, in the calendar's zone.

        `start` may lie outside working time; counting begins at the next working instant.
        For `work > 0` the result is inside working time, and it is the earliest such instant,
        so an amount that ends exactly at the end of an interval returns that end rather than
        the start of the next interval. `work == 0` returns `start` (as the same instant in
        the calendar's zone).
        """
        if not isinstance(work, timedelta):
            raise TypeError(f"work must be a timedelta, got {type(work).__name__}")
        if work < timedelta(0):
            raise ValueError(f"work must not be negative, got {work}")
        ordinal, us = self._locate(start)
        remaining = _timedelta_to_us(work)
        if remaining == 0:
            return start.astimezone(self.zone)

        intervals = self._intervals_us
        totals = self._totals_us
        year = date.fromordinal(ordinal).year
        closed = self._closed(year)
        last_of_year = date(year, 12, 31).toordinal()
        while True:
            if ordinal > last_of_year:
                year += 1
                closed = self._closed(year)
                last_of_year = date(year, 12, 31).toordinal()
            weekday = (ordinal + 6) % 7
            total = totals[weekday]
            if total and ordinal not in closed:
                if us == 0 and remaining > total:
                    # Whole working days are skipped without looking at their intervals.
                    remaining -= total
                else:
                    for s, e in intervals[weekday]:
                        if e <= us:
                            continue
                        begin = s if s > us else us
                        available = e - begin
                        if remaining <= available:
                            return self._instant(ordinal, begin + remaining)
                        remaining -= available
            ordinal += 1
            us = 0

    def between(self, a: datetime, b: datetime) -> timedelta:
        """Working time from `a` to `b`; negative when `b` is before `a`."""
        ordinal_a, us_a = self._locate(a)
        ordinal_b, us_b = self._locate(b)
        if (ordinal_b, us_b) < (ordinal_a, us_a):
            return -self._between_us(ordinal_b, us_b, ordinal_a, us_a)
        return self._between_us(ordinal_a, us_a, ordinal_b, us_b)

    # -- internals ----------------------------------------------------------------------------

    @property
    def _intervals_us(self) -> tuple[tuple[tuple[int, int], ...], ...]:
        intervals: tuple[tuple[tuple[int, int], ...], ...] = self.__dict__["_intervals"]
        return intervals

    @property
    def _totals_us(self) -> tuple[int, ...]:
        totals: tuple[int, ...] = self.__dict__["_totals"]
        return totals

    def _closed(self, year: int) -> frozenset[int]:
        """Ordinals in `year` that are closed by a holiday, after the admin's overrides."""
        cache: dict[int, frozenset[int]] = self.__dict__["_closed_cache"]
        closed = cache.get(year)
        if closed is None:
            days = set(holidays_for_year(year, self.holiday_categories))
            days -= self.extra_workdays
            days |= {day for day in self.extra_holidays if day.year == year}
            closed = frozenset(day.toordinal() for day in days)
            # Racing threads compute the same value, so an unlocked write is harmless.
            cache[year] = closed
        return closed

    def _locate(self, instant: datetime) -> tuple[int, int]:
        """Local date ordinal and microseconds since local midnight of an aware instant."""
        local = require_aware(instant).astimezone(self.zone)
        us = (
            (local.hour * 60 + local.minute) * 60 + local.second
        ) * _US_PER_SECOND + local.microsecond
        return local.toordinal(), us

    def _instant(self, ordinal: int, us: int) -> datetime:
        day = date.fromordinal(ordinal)
        seconds, micro = divmod(us, _US_PER_SECOND)
        minutes, second = divmod(seconds, 60)
        hour, minute = divmod(minutes, 60)
        return datetime(day.year, day.month, day.day, hour, minute, second, micro, tzinfo=self.zone)

    def _worked_before(self, ordinal: int, us: int, closed: frozenset[int]) -> int:
        """Working microseconds on day `ordinal` before local time `us`."""
        if ordinal in closed:
            return 0
        worked = 0
        for s, e in self._intervals_us[(ordinal + 6) % 7]:
            if us <= s:
                break
            worked += (e if e < us else us) - s
        return worked

    def _between_us(self, ordinal_a: int, us_a: int, ordinal_b: int, us_b: int) -> timedelta:
        totals = self._totals_us
        year = date.fromordinal(ordinal_a).year
        closed = self._closed(year)
        last_of_year = date(year, 12, 31).toordinal()
        worked = -self._worked_before(ordinal_a, us_a, closed)
        ordinal = ordinal_a
        while ordinal < ordinal_b:
            total = totals[(ordinal + 6) % 7]
            if total and ordinal not in closed:
                worked += total
            ordinal += 1
            if ordinal > last_of_year:
                year += 1
                closed = self._closed(year)
                last_of_year = date(year, 12, 31).toordinal()
        worked += self._worked_before(ordinal_b, us_b, closed)
        return timedelta(microseconds=worked)


def require_aware(instant: datetime) -> datetime:
    """`instant` itself if it is an aware datetime; ValueError for a naive one."""
    if not isinstance(instant, datetime):
        raise TypeError(f"expected a datetime, got {type(instant).__name__}")
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(
            f"naive datetime {instant.isoformat()}: SLA arithmetic needs an aware datetime "
            "(the zone is never guessed)"
        )
    return instant


def _check_date(day: date) -> date:
    if isinstance(day, datetime):
        raise TypeError("expected a date, got a datetime; use is_working_time for instants")
    if not isinstance(day, date):
        raise TypeError(f"expected a date, got {type(day).__name__}")
    return day
