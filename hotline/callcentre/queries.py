"""Reading the log for a range of local dates (bounded: one indexed range scan on `at`), and
the officers' names. The reports themselves are pure (reports.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import cast
from zoneinfo import ZoneInfo

from hotline.accounts.tables import User
from hotline.callcentre import intervals
from hotline.callcentre.records import CallFact, Event, Span
from hotline.callcentre.tables import CallCentreEvent

# Read this much before the range (the state each officer is in when it begins: a shift is
# shorter) and after it (a conversation that began in the range ends within it).
STATE_LOOKBACK = timedelta(hours=16)
CALL_LOOKAHEAD = timedelta(hours=2)
MAX_DAYS = 366

# Everything but the key (not needed to compute, and the widest column).
COLUMNS = (
    CallCentreEvent.at,
    CallCentreEvent.kind,
    CallCentreEvent.call_sid,
    CallCentreEvent.queue,
    CallCentreEvent.agent,
    CallCentreEvent.position,
    CallCentreEvent.wait_seconds,
    CallCentreEvent.hold_seconds,
    CallCentreEvent.talk_seconds,
    CallCentreEvent.reason,
)


@dataclass(frozen=True)
class Range:
    """Local dates [first, last], both included, in `zone`."""

    first: date
    last: date
    zone: ZoneInfo

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(), self.zone)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.last + timedelta(days=1), time(), self.zone)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


async def events_between(start: datetime, end: datetime) -> list[Event]:
    rows = (
        await CallCentreEvent.select(*COLUMNS)
        .where((CallCentreEvent.at >= start) & (CallCentreEvent.at < end))
        .order_by(CallCentreEvent.at)
        .order_by(CallCentreEvent.id)
    )
    return cast(list[Event], rows)


@dataclass(frozen=True)
class Facts:
    calls: list[CallFact]
    spans: list[Span]


# A long range is read and folded a month at a time: a year is about a million events, and
# holding them all at once took 1.9 GB (bench/callcentre.py).
CHUNK_DAYS = 31


async def facts(r: Range, *, until: datetime | None = None) -> Facts:
    """The calls that entered the queue in the range and the officers' states over it (up to
    `until` when given: today so far). Read in chunks of CHUNK_DAYS; each chunk reads its own
    look-back and look-ahead, so a chunk's calls and states are whole (a wrap-up running over
    midnight into the next chunk is the one thing split, its second part left unattributed)."""
    calls: list[CallFact] = []
    spans: list[Span] = []
    first = r.first
    while first <= r.last:
        last = min(first + timedelta(days=CHUNK_DAYS - 1), r.last)
        part = Range(first, last, r.zone)
        end = min(part.end, until) if until else part.end
        events = await events_between(part.start - STATE_LOOKBACK, part.end + CALL_LOOKAHEAD)
        part_spans = intervals.spans(events, part.start, end)
        calls += [
            c
            for c in intervals.calls(events, part_spans)
            if part.start <= c["entered_at"] < part.end
        ]
        spans += part_spans
        del events
        first = last + timedelta(days=1)
    return Facts(calls=calls, spans=spans)


async def officer_names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = await User.select(User.id, User.username, User.display_name).where(
        User.id.is_in(sorted(ids))
    )
    return {r["id"]: r["display_name"] or r["username"] for r in rows}


async def last_state_event(agent: int) -> Event | None:
    row = (
        await CallCentreEvent.select(*COLUMNS)
        .where(CallCentreEvent.agent == agent)
        .order_by(CallCentreEvent.at, ascending=False)
        .order_by(CallCentreEvent.id, ascending=False)
        .first()
    )
    return cast(Event | None, row)
