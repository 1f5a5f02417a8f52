"""A reporting month: parsing "YYYY-MM", its instants in the report's zone, its neighbours."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 2000 <= self.year <= 9999:
            raise ValueError(f"not a month: {self.year:04d}-{self.month:02d}")

    @classmethod
    def parse(cls, text: str) -> Month:
        """'2026-10' -> Month(2026, 10); anything else is a ValueError naming the input."""
        found = _MONTH.match(text.strip())
        if not found:
            raise ValueError(f"a month is written YYYY-MM, e.g. 2026-10 (got {text!r})")
        return cls(int(found[1]), int(found[2]))

    @classmethod
    def of(cls, instant: datetime, zone: ZoneInfo) -> Month:
        local = instant.astimezone(zone)
        return cls(local.year, local.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def start(self, zone: ZoneInfo) -> datetime:
        """Local midnight of the first day, as a UTC instant."""
        return datetime.combine(self.first_day, time(0), tzinfo=zone).astimezone(UTC)

    def end(self, zone: ZoneInfo) -> datetime:
        """Local midnight of the next month's first day (exclusive), as a UTC instant."""
        return self.next().start(zone)

    def last(self, count: int) -> list[Month]:
        """The `count` months ending with this one, oldest first."""
        months = [self]
        while len(months) < count:
            months.append(months[-1].previous())
        return months[::-1]
