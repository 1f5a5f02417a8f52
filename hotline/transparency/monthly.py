"""The figures of a month (or of the current month so far), with the 12-month trend.

A month that is over is computed once and kept in `transparency_month_figures`; the current
month is computed from its own rows on each request.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import anyio

from hotline import clock
from hotline.tickets.tables import Ticket
from hotline.transparency import figures, queries, staffing
from hotline.transparency.config import get_config
from hotline.transparency.months import Month
from hotline.transparency.tables import MonthFigures

# Raise when a definition changes: cached months are then recomputed on first use.
FIGURES_VERSION = 2  # 2: rows without an agency (issue 15)

# The month in progress is recomputed at most once a minute per process: the overview page is
# public and must not cost a full computation per visitor.
_LIVE: dict[tuple[str, int], dict[str, Any]] = {}


def dumps(data: Any) -> str:
    """The one JSON form of figures: sorted keys, so the same figures give the same bytes."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1, default=str)


async def compute_month(month: Month, *, now: datetime | None = None) -> dict[str, Any]:
    """Compute a month's figures from the database (no cache)."""
    cfg = get_config()
    now = now or clock.now()
    zone = cfg.zone
    start, end = month.start(zone), month.end(zone)
    directory = await queries.load_directory()
    facts = await queries.period_facts(start, end, now=now, zone=zone, directory=directory)
    # Pure CPU work over every fact of the month: in a thread, so the event loop keeps serving.
    out = await anyio.to_thread.run_sync(
        lambda: figures.compute(facts, min_clocks=cfg.min_clocks_to_judge)
    )
    out["month"] = str(month)
    out["complete"] = end <= now
    out["period"] = {"start": start.isoformat(), "end": min(end, now).isoformat()}
    out["timezone"] = cfg.timezone
    out["min_clocks_to_judge"] = cfg.min_clocks_to_judge
    out["labels"] = directory.labels()
    out["central_agency"] = directory.central
    # A month in progress: only its hours already over (issue 15, item 14).
    until = None if end <= now else now.astimezone(zone).replace(tzinfo=None)
    out["staffing"] = await anyio.to_thread.run_sync(
        lambda: staffing.recommend(facts.calls, month, until=until)
    )
    if out["staffing"]["until"]:  # the local hour the counted calls end at, with its zone
        counted = datetime.fromisoformat(out["staffing"]["until"]).replace(tzinfo=zone)
        out["staffing"]["until"] = counted.isoformat()
    out["version"] = FIGURES_VERSION
    # Figures of invented reports say so on every page and in the PDF.
    out["demo"] = await Ticket.exists().where(
        (Ticket.created_at >= start) & (Ticket.created_at < min(end, now)) & Ticket.is_demo.eq(True)
    )
    return out


async def month_figures(month: Month, *, now: datetime | None = None) -> dict[str, Any]:
    """A month's figures: from the cache when the month is over, computed (and cached) else."""
    now = now or clock.now()
    if month.start(get_config().zone) > now:
        raise ValueError(f"{month} has not started yet")
    cached = (
        await MonthFigures.select(MonthFigures.figures, MonthFigures.version)
        .where(MonthFigures.month == str(month))
        .first()
    )
    if cached is not None and cached["version"] == FIGURES_VERSION:
        result: dict[str, Any] = json.loads(cached["figures"])
        return result
    minute = int(now.timestamp() // 60)
    live = _LIVE.get((str(month), minute))
    if live is not None:
        return live
    data = await compute_month(month, now=now)
    if not data["complete"]:
        _LIVE.clear()
        _LIVE[(str(month), minute)] = data
    else:
        # Two requests may compute the same month at once: the upsert keeps either result
        # (they are equal) instead of failing on the unique month.
        await MonthFigures.insert(
            MonthFigures(
                month=str(month), version=FIGURES_VERSION, figures=dumps(data), computed_at=now
            )
        ).on_conflict(
            target=MonthFigures.month,
            action="DO UPDATE",
            values=[MonthFigures.version, MonthFigures.figures, MonthFigures.computed_at],
        )
    return data


async def prepare_previous_month(now: datetime | None = None) -> bool:
    """Compute and store last month's figures if they are not stored yet (the worker does this,
    so that no visitor waits for a whole month to be computed). True when it computed."""
    month = current_month(now).previous()
    stored = await MonthFigures.exists().where(
        (MonthFigures.month == str(month)) & (MonthFigures.version == FIGURES_VERSION)
    )
    if stored:
        return False
    await month_figures(month, now=now)
    return True


def current_month(now: datetime | None = None) -> Month:
    return Month.of(now or clock.now(), get_config().zone)


async def trend(last: Month, count: int = 12) -> list[dict[str, Any]]:
    """The figures of the `count` months ending with `last`, oldest first."""
    return [await month_figures(m) for m in last.last(count)]
