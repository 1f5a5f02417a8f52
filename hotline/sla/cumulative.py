"""Working time as a running total: W(t), the working time of a calendar from the start of a
range of dates up to the instant t, so that the working time between a and b is W(b) − W(a).

`WorkingCalendar.between` walks the days from a to b, which is right for one deadline and slow
for the 255,000 clocks of a 100,000-report month (hotline/transparency/aggregate.py): the
monthly figures look up W twice per clock instead (a binary search over the range's working
intervals). The table is derived from the calendar each time it is wanted and never stored, so
the calendar stays the one definition and a holiday added by an admin is in the next table.

The table works on instants (microseconds since the Unix epoch) where `between` works on the
local wall clock; the two agree when the zone's offset does not change inside a working
interval, which holds for Indonesia's zones (no daylight saving time). `build` refuses a range
where it does not hold (None), and the caller then uses `between` itself.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from hotline.sla.calendar import WorkingCalendar

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)


def epoch_us(instant: datetime) -> int:
    """An aware instant as whole microseconds since the Unix epoch (exact)."""
    return (instant - _EPOCH) // _US


def from_epoch_us(value: int) -> datetime:
    return _EPOCH + timedelta(microseconds=value)


@dataclass(frozen=True)
class CumulativeWorkingTime:
    """The working intervals of a calendar over a range of local dates, in epoch microseconds,
    each with the working time before it since the range began."""

    first: int  # the local midnight starting the range
    last: int  # the local midnight after the range
    starts: array[int]
    ends: array[int]
    before: array[int]

    @classmethod
    def build(
        cls, calendar: WorkingCalendar, first_day: date, last_day: date
    ) -> CumulativeWorkingTime | None:
        """The table of [first_day, last_day] (local dates), or None when the zone's offset
        changes inside a working interval of the range (W would then differ from `between`)."""
        zone = calendar.zone
        starts, ends, before = array("q"), array("q"), array("q")
        worked = 0
        for ordinal in range(first_day.toordinal(), last_day.toordinal() + 1):
            day = date.fromordinal(ordinal)
            if not calendar.is_working_day(day):
                continue
            for s, e in calendar.hours.get(day.weekday(), ()):
                begin = datetime.combine(day, s, tzinfo=zone)
                end = datetime.combine(day, e, tzinfo=zone)
                if begin.utcoffset() != end.utcoffset():
                    return None
                starts.append(epoch_us(begin))
                ends.append(epoch_us(end))
                before.append(worked)
                worked += ends[-1] - starts[-1]
        first = datetime.combine(first_day, time(0), tzinfo=zone)
        last = datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=zone)
        if any(starts[i] < ends[i - 1] for i in range(1, len(starts))):
            return None  # intervals out of order on the instant line: only with DST
        return cls(epoch_us(first), epoch_us(last), starts, ends, before)

    def covers(self, t: int) -> bool:
        return self.first <= t < self.last

    def at(self, t: int) -> int:
        """W(t) in microseconds, for `t` (epoch microseconds) that the table covers."""
        i = bisect_right(self.starts, t) - 1
        if i < 0:
            return 0
        inside = t - self.starts[i]
        length = self.ends[i] - self.starts[i]
        return self.before[i] + (inside if inside < length else length)

    def between(self, a: int, b: int) -> int:
        """Working microseconds from `a` to `b` (epoch microseconds, both covered): what
        `WorkingCalendar.between` gives, negative when `b` is before `a`."""
        return self.at(b) - self.at(a)
