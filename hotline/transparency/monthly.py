"""The figures of a month: computed by the worker, stored, and read by the pages.

A month's figures are computed by aggregation in the database (`aggregate`) and kept in
`transparency_month_figures` with the time they were computed. The worker (`refresh`, every
round) computes the month in progress when reports changed since its stored figures, a month
once more when it is over, and any month of the 12-month trend not stored yet. A page visit never
computes: the pages read the stored figures (`stored`, `stored_trend`) and say when a month has
not been computed yet (docs/TRANSPARENCY.md).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import anyio

from hotline import clock
from hotline.ivr.tables import QueueCall
from hotline.satisfaction import monthly as satisfaction
from hotline.satisfaction.tables import Survey
from hotline.tickets.tables import Ticket, TicketClock, TicketEvent
from hotline.transparency import aggregate, figures, phone, queries, staffing
from hotline.transparency.config import get_config
from hotline.transparency.facts import QueueCallFact
from hotline.transparency.months import Month
from hotline.transparency.tables import MonthFigures

# Raise when a definition changes: stored months are then recomputed by the worker.
# 2: rows without an agency (issue 15); 3: the call centre's calls; 4: the satisfaction index
FIGURES_VERSION = 4

# The month in progress: recomputed when something changed since, but not more often than
# this (a busy hotline changes every second), and at least this often anyway (the backlog's
# ages and the staffing table's hours move with the clock).
REFRESH_AT_MOST_EVERY = timedelta(minutes=1)
REFRESH_AT_LEAST_EVERY = timedelta(hours=1)
TREND_MONTHS = 12


class NotComputed(LookupError):
    """The month's figures are not stored yet (the worker has not computed them)."""


def dumps(data: Any) -> str:
    """The one JSON form of figures: sorted keys, so the same figures give the same bytes."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1, default=str)


async def compute_month(month: Month, *, now: datetime | None = None) -> dict[str, Any]:
    """Compute a month's figures from the database (not stored): counts by GROUP BY, clocks a
    day at a time with their working time from running totals, so time and memory stay small
    for a month of 100,000 reports."""
    cfg = get_config()
    now = now or clock.now()
    start, end = month.start(cfg.zone), month.end(cfg.zone)
    directory = await queries.load_directory()
    out, calls = await aggregate.period_figures(
        start,
        end,
        now=now,
        zone=cfg.zone,
        directory=directory,
        min_clocks=cfg.min_clocks_to_judge,
    )
    return await _finish(out, calls, month, now, directory)


async def compute_month_in_memory(month: Month, *, now: datetime | None = None) -> dict[str, Any]:
    """The same figures from every fact of the month in memory (`figures.compute`, the
    definitions in their plainest form). Not used by the hotline: the tests check
    `compute_month` against it, and the benchmark measures both."""
    cfg = get_config()
    now = now or clock.now()
    start, end = month.start(cfg.zone), month.end(cfg.zone)
    directory = await queries.load_directory()
    facts = await queries.period_facts(start, end, now=now, zone=cfg.zone, directory=directory)
    out = await anyio.to_thread.run_sync(
        lambda: figures.compute(facts, min_clocks=cfg.min_clocks_to_judge)
    )
    return await _finish(out, facts.calls, month, now, directory)


async def _finish(
    out: dict[str, Any],
    calls: list[QueueCallFact],
    month: Month,
    now: datetime,
    directory: queries.Directory,
) -> dict[str, Any]:
    """What every month's figures carry besides the counts: the period, the names, staffing."""
    cfg = get_config()
    zone = cfg.zone
    start, end = month.start(zone), month.end(zone)
    out["month"] = str(month)
    out["complete"] = end <= now
    out["period"] = {"start": start.isoformat(), "end": min(end, now).isoformat()}
    out["timezone"] = cfg.timezone
    out["min_clocks_to_judge"] = cfg.min_clocks_to_judge
    out["labels"] = directory.labels()
    out["central_agency"] = directory.central
    # The call figures with the call centre's definitions when it answers (phone.py).
    out["phone"] = await phone.published(start, min(end, now), zone, out["phone"])
    # A month in progress: only its hours already over (issue 15, item 14).
    until = None if end <= now else now.astimezone(zone).replace(tzinfo=None)
    out["staffing"] = await anyio.to_thread.run_sync(
        lambda: staffing.recommend(calls, month, until=until)
    )
    if out["staffing"]["until"]:  # the local hour the counted calls end at, with its zone
        counted = datetime.fromisoformat(out["staffing"]["until"]).replace(tzinfo=zone)
        out["staffing"]["until"] = counted.isoformat()
    # The satisfaction index (IKM) of the surveys answered in the month (docs/TRANSPARENCY.md).
    out["ikm"] = await satisfaction.period(start, min(end, now), directory.agency_code)
    out["version"] = FIGURES_VERSION
    # Figures of invented reports say so on every page and in the PDF.
    out["demo"] = await Ticket.exists().where(
        (Ticket.created_at >= start) & (Ticket.created_at < min(end, now)) & Ticket.is_demo.eq(True)
    )
    return out


async def _store(month: Month, data: dict[str, Any], now: datetime) -> None:
    # Two workers may compute the same month at once: the upsert keeps either result (they
    # are equal) instead of failing on the unique month.
    await MonthFigures.insert(
        MonthFigures(
            month=str(month), version=FIGURES_VERSION, figures=dumps(data), computed_at=now
        )
    ).on_conflict(
        target=MonthFigures.month,
        action="DO UPDATE",
        values=[MonthFigures.version, MonthFigures.figures, MonthFigures.computed_at],
    )


async def month_figures(month: Month, *, now: datetime | None = None) -> dict[str, Any]:
    """A month's figures for the worker and `hotline report publish`: the stored ones when the
    month is over and they were computed after its end; else computed now, and stored."""
    now = now or clock.now()
    if month.start(get_config().zone) > now:
        raise ValueError(f"{month} has not started yet")
    row = (
        await MonthFigures.select(
            MonthFigures.figures, MonthFigures.version, MonthFigures.computed_at
        )
        .where(MonthFigures.month == str(month))
        .first()
    )
    if row is not None and not _stale(month, row, now):
        result: dict[str, Any] = json.loads(row["figures"])
        return result
    data = await compute_month(month, now=now)
    await _store(month, data, now)
    return data


async def recompute(month: Month, *, now: datetime | None = None) -> None:
    """Compute and store a month's figures now, whatever is stored (`hotline report compute`)."""
    now = now or clock.now()
    if month.start(get_config().zone) > now:
        raise ValueError(f"{month} has not started yet")
    await _store(month, await compute_month(month, now=now), now)


def _stale(month: Month, row: dict[str, Any], now: datetime) -> bool:
    """Stored figures that must be computed again, whatever changed: other definitions, or a
    month that was still in progress when they were computed and is over now."""
    end = month.end(get_config().zone)
    return bool(row["version"] != FIGURES_VERSION or (row["computed_at"] < end <= now))


async def _stored_rows(months: list[Month]) -> dict[str, dict[str, Any]]:
    rows = await MonthFigures.select(
        MonthFigures.month, MonthFigures.figures, MonthFigures.version, MonthFigures.computed_at
    ).where(MonthFigures.month.is_in([str(m) for m in months]))
    return {r["month"]: r for r in rows if r["version"] == FIGURES_VERSION}


def _with_time(row: dict[str, Any]) -> dict[str, Any]:
    figures_: dict[str, Any] = json.loads(row["figures"])
    # Every page, the PDF and the open data say when the figures were computed.
    figures_["computed_at"] = row["computed_at"].isoformat()
    return figures_


async def stored(month: Month) -> dict[str, Any]:
    """The month's stored figures with the time they were computed ("computed_at"); never
    computes. NotComputed when the worker has not stored them (in this version) yet."""
    row = (await _stored_rows([month])).get(str(month))
    if row is None:
        raise NotComputed(str(month))
    return _with_time(row)


async def stored_trend(last: Month, count: int = TREND_MONTHS) -> list[dict[str, Any]]:
    """The stored figures of the `count` months ending with `last`, oldest first; a month not
    computed yet is left out."""
    months = last.last(count)
    rows = await _stored_rows(months)
    return [_with_time(rows[str(m)]) for m in months if str(m) in rows]


async def _changed_since(since: datetime, now: datetime) -> bool:
    """Whether anything the figures of the month in progress are made of happened since `since`:
    a report filed, a history event (changes of status, ratings, ...), a deadline passed, a call
    queued, a survey answered. Each probe is one look into a date index."""
    return bool(
        await TicketEvent.exists().where(TicketEvent.at >= since)
        or await Ticket.exists().where(Ticket.created_at >= since)
        or await TicketClock.exists().where(
            (TicketClock.due_at >= since) & (TicketClock.due_at < now)
        )
        or await QueueCall.exists().where(QueueCall.entered_at >= since)
        or await Survey.exists().where(Survey.submitted_at >= since)
    )


async def refresh(now: datetime | None = None) -> int:
    """The worker's part: store what the pages will need; the number of months computed.

    The month in progress when something changed since its stored figures (at most once a
    minute, at least once an hour); then at most one earlier month of the trend that is not
    stored, stored in another version, or was still in progress when stored (its close) —
    most recent first, so a round never takes more than two computations.
    """
    now = now or clock.now()
    current = current_month(now)
    months = current.last(TREND_MONTHS)
    rows = {
        r["month"]: r
        for r in await MonthFigures.select(
            MonthFigures.month, MonthFigures.version, MonthFigures.computed_at
        ).where(MonthFigures.month.is_in([str(m) for m in months]))
    }
    done = 0
    row = rows.get(str(current))
    if (
        row is None
        or row["version"] != FIGURES_VERSION
        or now - row["computed_at"] >= REFRESH_AT_LEAST_EVERY
        or (
            now - row["computed_at"] >= REFRESH_AT_MOST_EVERY
            and await _changed_since(row["computed_at"], now)
        )
    ):
        await _store(current, await compute_month(current, now=now), now)
        done += 1
    for month in reversed(months[:-1]):
        row = rows.get(str(month))
        if row is None or _stale(month, row, now):
            await _store(month, await compute_month(month, now=now), now)
            return done + 1
    return done


def current_month(now: datetime | None = None) -> Month:
    return Month.of(now or clock.now(), get_config().zone)


async def trend(last: Month, count: int = TREND_MONTHS) -> list[dict[str, Any]]:
    """The figures of the `count` months ending with `last`, oldest first, computing those not
    stored (for publishing; pages read `stored_trend`)."""
    return [await month_figures(m) for m in last.last(count)]
