"""The day summaries in the database: writing a closed day's sums (the worker, `refresh`), and
the report of a range read from them, with the days not summarised folded live from the log
(`range_report`). The sums themselves are daily.py's (pure).

A day is closed when its window (daily.window: up to 2 hours after midnight) is over. The
worker summarises closed days not stored yet, oldest first, and folds again a recent day whose
window's events changed since (`events`, `max_event_id`: a spooled webhook replayed late,
dated when Twilio sent it). Each day is written in one transaction that first claims the day's
row (upsert): a second worker on the same day waits for the first, then rewrites the same sums;
the unique (day, minute) and (day, agent) indexes make a day counted twice impossible.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, cast
from zoneinfo import ZoneInfo

from piccolo.query.functions.aggregate import Count, Max

from hotline import clock
from hotline.callcentre import daily
from hotline.callcentre.daily import Day
from hotline.callcentre.definitions import State
from hotline.callcentre.queries import COLUMNS, Range
from hotline.callcentre.records import Event
from hotline.callcentre.reports import OfficerTally, Tally
from hotline.callcentre.tables import (
    CallCentreDay,
    CallCentreDayInterval,
    CallCentreDayOfficer,
    CallCentreEvent,
)
from hotline.db.tx import transaction
from hotline.ivr.config import get_config

# Days summarised per worker round (a year of backlog is caught up in a dozen rounds, each a
# few seconds), and how far back a round looks for late events: the last two closed days every
# round (a spooled webhook is replayed within hours), the 40 days before them when this process
# has not looked for RECHECK_OLDER_EVERY (a count of each day's window: 40 of them took 0.25 s
# of a round under load, bench/callcentre.py; rounds run every 5 s).
DAYS_PER_ROUND = 31
RECHECK_DAYS = 40
RECHECK_RECENT_DAYS = 2
RECHECK_OLDER_EVERY = timedelta(minutes=10)
_older_checked_at: list[datetime] = []  # this process's last look at the older days

TALLY = (
    "offered",
    "answered",
    "abandoned",
    "short_abandons",
    "timed_out",
    "waiting",
    "answered_in_time",
    "answer_wait",
    "talk",
    "hold",
    "wrapup",
)
# The officer row's state columns; signed-out time is not counted (intervals.spans).
IN_STATE = {
    State.READY: "in_ready",
    State.TALK: "in_talk",
    State.WRAPUP: "in_wrapup",
    State.NOT_READY: "in_not_ready",
    State.BREAK: "in_break",
}


@dataclass(frozen=True)
class Stamp:
    """What a day was folded from: the count and the highest id of its window's events."""

    events: int
    max_event_id: int


async def _events(start: datetime, end: datetime) -> tuple[list[Event], list[int]]:
    rows = (
        await CallCentreEvent.select(*COLUMNS, CallCentreEvent.id)
        .where((CallCentreEvent.at >= start) & (CallCentreEvent.at < end))
        .order_by(CallCentreEvent.at)
        .order_by(CallCentreEvent.id)
    )
    ids = [row.pop("id") for row in rows]
    return cast(list[Event], rows), ids


async def stamp(day: date, zone: tzinfo) -> Stamp:
    start, end = daily.window(day, zone)
    row = (
        await CallCentreEvent.select(Count(alias="n"), Max(CallCentreEvent.id, alias="top"))
        .where((CallCentreEvent.at >= start) & (CallCentreEvent.at < end))
        .first()
    )
    return Stamp(int(row["n"] or 0) if row else 0, int(row["top"] or 0) if row else 0)


async def summarise(day: date, zone: tzinfo) -> Stamp:
    """Fold one day from the log and store its sums, replacing any stored before (one
    transaction; the day's row claimed first)."""
    async with transaction():
        await CallCentreDay.insert(
            CallCentreDay(day=day, events=-1, max_event_id=-1, summarised_at=clock.now())
        ).on_conflict(
            target=CallCentreDay.day,
            action="DO UPDATE",
            values=[CallCentreDay.summarised_at],
        )
        events, ids = await _events(*daily.window(day, zone))
        sums = daily.fold_day(events, day, zone)
        done = Stamp(len(ids), max(ids, default=0))
        await CallCentreDay.update(
            {
                CallCentreDay.events: done.events,
                CallCentreDay.max_event_id: done.max_event_id,
                CallCentreDay.abandons: ",".join(str(n) for n in sums.abandons),
            }
        ).where(CallCentreDay.day == day)
        await CallCentreDayInterval.delete().where(CallCentreDayInterval.day == day)
        await CallCentreDayOfficer.delete().where(CallCentreDayOfficer.day == day)
        if sums.intervals:
            await CallCentreDayInterval.insert(
                *(
                    CallCentreDayInterval(
                        day=day, minute=minute, **{k: getattr(t, k) for k in TALLY}
                    )
                    for minute, t in sums.intervals.items()
                )
            )
        if sums.officers:
            await CallCentreDayOfficer.insert(
                *(
                    CallCentreDayOfficer(
                        day=day,
                        agent=agent,
                        handled=o.handled,
                        talk=o.talk,
                        hold=o.hold,
                        wrapup=o.wrapup,
                        **_states(o),
                    )
                    for agent, o in sums.officers.items()
                )
            )
    return done


def last_closed_day(now: datetime, zone: tzinfo) -> date:
    """The last local day whose window is over (no event of it is still to come, but late)."""
    return (now - daily.LOOKAHEAD).astimezone(zone).date() - timedelta(days=1)


async def _first_day(zone: tzinfo) -> date | None:
    row = await CallCentreEvent.select(CallCentreEvent.at).order_by(CallCentreEvent.at).first()
    return row["at"].astimezone(zone).date() if row else None


async def _stored(first: date, last: date) -> dict[date, Stamp]:
    rows = await CallCentreDay.select(
        CallCentreDay.day, CallCentreDay.events, CallCentreDay.max_event_id
    ).where((CallCentreDay.day >= first) & (CallCentreDay.day <= last))
    return {r["day"]: Stamp(r["events"], r["max_event_id"]) for r in rows}


async def due(zone: tzinfo, now: datetime | None = None) -> list[date]:
    """The closed days to (re)summarise: recent ones whose events changed (the last
    RECHECK_RECENT_DAYS every round, RECHECK_DAYS when the older ones are due a look), then the
    ones not stored yet, oldest first; at most DAYS_PER_ROUND."""
    now = now or clock.now()
    last = last_closed_day(now, zone)
    first = await _first_day(zone)
    if first is None or first > last:
        return []
    stored = await _stored(first, last)
    older_due = not _older_checked_at or not (
        timedelta(0) <= now - _older_checked_at[-1] < RECHECK_OLDER_EVERY
    )
    horizon = RECHECK_DAYS if older_due else RECHECK_RECENT_DAYS
    recent = [d for d in sorted(stored) if d > last - timedelta(days=horizon)]
    changed = [d for d in recent if await stamp(d, zone) != stored[d]]
    if older_due:
        _older_checked_at[:] = [now]
    missing: list[date] = []
    day = first
    while day <= last and len(changed) + len(missing) < DAYS_PER_ROUND:
        if day not in stored:
            missing.append(day)
        day += timedelta(days=1)
    return (changed + missing)[:DAYS_PER_ROUND]


async def refresh(zone: tzinfo, now: datetime | None = None) -> int:
    """The worker's part: summarise the days that are due; how many were."""
    days = await due(zone, now)
    for day in days:
        await summarise(day, zone)
    return len(days)


async def stored_days(first: date, last: date) -> dict[date, Day]:
    """The summarised days of [first, last] with their sums."""
    found: dict[date, Day] = {}
    for r in await CallCentreDay.select(CallCentreDay.day, CallCentreDay.abandons).where(
        (CallCentreDay.day >= first) & (CallCentreDay.day <= last) & (CallCentreDay.events >= 0)
    ):
        sums = Day()
        if r["abandons"]:
            sums.abandons = [int(n) for n in r["abandons"].split(",")]
        found[r["day"]] = sums
    for r in await CallCentreDayInterval.select(
        CallCentreDayInterval.day, CallCentreDayInterval.minute, *_columns(CallCentreDayInterval)
    ).where((CallCentreDayInterval.day >= first) & (CallCentreDayInterval.day <= last)):
        if r["day"] in found:
            found[r["day"]].intervals[r["minute"]] = Tally(**{k: r[k] for k in TALLY})
    officer_cols = ("handled", "talk", "hold", "wrapup", *IN_STATE.values())
    for r in await CallCentreDayOfficer.select(
        CallCentreDayOfficer.day,
        CallCentreDayOfficer.agent,
        *(getattr(CallCentreDayOfficer, c) for c in officer_cols),
    ).where((CallCentreDayOfficer.day >= first) & (CallCentreDayOfficer.day <= last)):
        if r["day"] in found:
            o = OfficerTally(handled=r["handled"], talk=r["talk"], hold=r["hold"])
            o.wrapup = r["wrapup"]
            for state, col in IN_STATE.items():
                o.states[state] = r[col]
            found[r["day"]].officers[r["agent"]] = o
    return found


def _states(o: OfficerTally) -> dict[str, Any]:
    return {col: o.states.get(state, 0) for state, col in IN_STATE.items()}


def _columns(table: Any) -> list[Any]:
    return [getattr(table, k) for k in TALLY]


async def live_days(days: Sequence[date], zone: tzinfo) -> dict[date, Day]:
    """Days folded from the log: each run of consecutive days read once, each day folded from
    its own window of what was read (the same `fold_day` as the summaries)."""
    found: dict[date, Day] = {}
    runs: list[list[date]] = []
    for day in sorted(days):
        if runs and (day - runs[-1][-1]).days == 1 and len(runs[-1]) < 31:
            runs[-1].append(day)
        else:
            runs.append([day])
    for run in runs:
        start, _ = daily.window(run[0], zone)
        _, end = daily.window(run[-1], zone)
        events, _ids = await _events(start, end)
        times = [e["at"] for e in events]
        for day in run:
            a, b = daily.window(day, zone)
            part = events[bisect_left(times, a) : bisect_left(times, b)]
            found[day] = daily.fold_day(part, day, zone)
    return found


def line_zone() -> ZoneInfo:
    """The zone of the line's local days (HOTLINE_IVR_TIMEZONE): the summaries' days."""
    return ZoneInfo(get_config().service_calendar.timezone)


async def range_days(r: Range) -> list[tuple[date, Day]]:
    """The sums of each day of the range: stored ones, the rest folded live (all of them live
    when the range's days are another zone's than the stored ones)."""
    same_zone = r.zone.key == line_zone().key
    stored = await stored_days(r.first, r.last) if same_zone else {}
    wanted = [r.first + timedelta(days=i) for i in range(r.days)]
    live = await live_days([d for d in wanted if d not in stored], r.zone)
    sums = {**stored, **live}
    return [(d, sums[d]) for d in wanted]


async def range_report(r: Range, minutes: int) -> dict[str, Any]:
    """Every report of the page for the range: stored days summed, the rest folded live."""
    return daily.report(await range_days(r), minutes, r.days)
