"""The call centre's interval report for a month and for a year of events (about a million
rows) on PostgreSQL: the log generated with COPY, then the report page's whole computation
timed two ways in the same run: the old path (read the range's events, fold them, every report
from reports.py) and the day summaries (summaries.range_report: stored days summed, the rest
folded live), with the worker's summarising of the year between them. Elapsed and this
process's CPU (the database's own CPU is another process), and the growth month → year.

    .venv/bin/python -m bench callcentre      # a throwaway database (bench/__main__.py)

The line: 20 officers, weekdays 08:00-16:00 WIB, about 1,070 callers a day (80 % answered,
12 % abandoned, 8 % taken out at the wait limit); an answered call is four events (ENTERQUEUE,
CONNECT, COMPLETECALLER, the officer's READY after wrap-up), the others two, plus each
officer's sign-in and sign-out.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import random
import resource
import sys
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import asyncpg

from hotline.callcentre import queries, reports, summaries
from hotline.callcentre.staffing_routes import staffing_report
from hotline.callcentre.tables import Shift
from hotline.db.migrate import migrate
from hotline.db.tx import engine, start_pool
from hotline.settings import get_settings

WIB = ZoneInfo("Asia/Jakarta")
YEAR = 2025
OFFICERS = 20
CALLS_PER_DAY = 1070
COLUMNS = (
    "event_key",
    "at",
    "kind",
    "call_sid",
    "queue",
    "agent",
    "position",
    "wait_seconds",
    "hold_seconds",
    "talk_seconds",
    "reason",
)


def day_events(day: date, rng: random.Random, n: int) -> list[tuple]:
    start = datetime(day.year, day.month, day.day, 8, tzinfo=WIB)
    rows: list[tuple] = []
    for agent in range(1, OFFICERS + 1):
        rows.append(
            (f"{day}:{agent}:in", start, "AGENTLOGIN", "", "", agent, None, None, None, None, "")
        )
        rows.append(
            (
                f"{day}:{agent}:out",
                start + timedelta(hours=8, minutes=30),
                "AGENTLOGOFF",
                "",
                "",
                agent,
                None,
                None,
                None,
                None,
                "",
            )
        )
    for i in range(n):
        sid = f"CA{day:%Y%m%d}{i:05d}"
        entered = start + timedelta(seconds=rng.randrange(8 * 3600))
        queue = "id" if rng.random() < 0.9 else "en"
        rows.append(
            (
                f"{sid}:ENTERQUEUE",
                entered,
                "ENTERQUEUE",
                sid,
                queue,
                None,
                rng.randint(1, 6),
                None,
                None,
                None,
                "",
            )
        )
        fate = rng.random()
        wait = int(rng.expovariate(1 / 25))
        if fate < 0.8:
            agent = rng.randint(1, OFFICERS)
            talk = rng.randint(60, 420)
            answered = entered + timedelta(seconds=wait)
            done = answered + timedelta(seconds=talk)
            rows.append(
                (
                    f"{sid}:CONNECT",
                    answered,
                    "CONNECT",
                    sid,
                    queue,
                    agent,
                    None,
                    wait,
                    None,
                    None,
                    "",
                )
            )
            rows.append(
                (
                    f"{sid}:COMPLETE",
                    done,
                    "COMPLETECALLER",
                    sid,
                    queue,
                    agent,
                    None,
                    wait,
                    0,
                    talk,
                    "status",
                )
            )
            ready = done + timedelta(seconds=rng.randint(10, 90))
            rows.append((f"{sid}:READY", ready, "READY", "", "", agent, None, None, None, None, ""))
        elif fate < 0.92:
            gone = entered + timedelta(seconds=wait)
            rows.append(
                (
                    f"{sid}:ABANDON",
                    gone,
                    "ABANDON",
                    sid,
                    queue,
                    None,
                    None,
                    wait,
                    None,
                    None,
                    "status",
                )
            )
        else:
            out = entered + timedelta(seconds=180)
            rows.append(
                (
                    f"{sid}:EXIT:leave",
                    out,
                    "EXITWITHTIMEOUT",
                    sid,
                    queue,
                    None,
                    None,
                    180,
                    None,
                    None,
                    "leave",
                )
            )
    return rows


async def fill() -> int:
    rng = random.Random(18)
    conn = await asyncpg.connect(get_settings().database.dsn)
    total = 0
    try:
        day = date(YEAR, 1, 1)
        while day.year == YEAR:
            if day.weekday() < 5:
                rows = day_events(day, rng, CALLS_PER_DAY)
                await conn.copy_records_to_table("callcentre_event", records=rows, columns=COLUMNS)
                total += len(rows)
            day += timedelta(days=1)
        await conn.execute("ANALYZE callcentre_event")
    finally:
        await conn.close()
    return total


def _rss_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


async def measure(first: date, last: date) -> dict[str, float | int]:
    """The old path: the report page's computation over the range (read in chunks, folded,
    every report), the process's peak RSS after it, then one read of the whole range alone."""
    r = queries.Range(first, last, WIB)
    t0 = time.perf_counter()
    c0 = time.process_time()
    found = await queries.facts(r)
    rows = reports.interval_report(found.calls, 15, WIB)
    reports.time_of_day(found.calls, 15, WIB)
    reports.heatmap(found.calls, WIB)
    reports.abandon_curve(found.calls)
    reports.officer_report(found.calls, found.spans)
    reports.peak_hours(found.calls, WIB, r.days)
    whole = time.perf_counter() - t0
    cpu = time.process_time() - c0
    rss = _rss_mb()
    calls = len(found.calls)
    del found
    t0 = time.perf_counter()
    events = await queries.events_between(
        r.start - queries.STATE_LOOKBACK, r.end + queries.CALL_LOOKAHEAD
    )
    read = time.perf_counter() - t0
    return {
        "events_in_range": len(events),
        "calls": calls,
        "intervals": len(rows),
        "report_s": round(whole, 2),
        "report_cpu_s": round(cpu, 2),
        "peak_rss_mb_after_report": rss,
        "one_read_of_the_range_s": round(read, 2),
    }


async def summarise_all() -> dict[str, float | int]:
    """The worker's rounds over the year's backlog (DAYS_PER_ROUND days each), until done."""
    now = datetime(YEAR + 1, 1, 1, 12, tzinfo=WIB)
    t0 = time.perf_counter()
    c0 = time.process_time()
    days = rounds = 0
    while n := await summaries.refresh(WIB, now):
        days += n
        rounds += 1
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    # A round with nothing due still looks for late events: in the last two days, and every
    # RECHECK_OLDER_EVERY in the 40 before them.
    t0 = time.perf_counter()
    await summaries.refresh(WIB, now + timedelta(seconds=5))
    recent = time.perf_counter() - t0
    t0 = time.perf_counter()
    await summaries.refresh(WIB, now + summaries.RECHECK_OLDER_EVERY)
    older = time.perf_counter() - t0
    return {
        "days": days,
        "rounds": rounds,
        "elapsed_s": round(elapsed, 1),
        "cpu_s": round(cpu, 1),
        "round_with_nothing_due_s": round(recent, 3),
        "round_looking_at_40_days_s": round(older, 3),
    }


async def measure_summaries(first: date, last: date) -> dict[str, float | int]:
    """The report page's computation from the day summaries (every report, 15 minutes)."""
    r = queries.Range(first, last, WIB)
    t0 = time.perf_counter()
    c0 = time.process_time()
    found = await summaries.range_report(r, 15)
    return {
        "offered": found["total"]["offered"],
        "intervals": len(found["intervals"]),
        "report_s": round(time.perf_counter() - t0, 3),
        "report_cpu_s": round(time.process_time() - c0, 3),
    }


async def measure_staffing(first: date, last: date) -> dict[str, float | int]:
    """The staffing page's computation (`staffing_routes.staffing_report`) over the range at 15
    minutes, every officer rostered 08:00-16:00 on weekdays: six weeks of the log read and
    folded for the forecast, the range for the states, Erlang C per interval, adherence."""
    shifts = []
    day = first
    while day <= last:
        if day.weekday() < 5:
            for agent in range(1, OFFICERS + 1):
                shifts.append(
                    Shift(
                        officer=agent,
                        day=day,
                        start_minute=8 * 60,
                        end_minute=16 * 60,
                        form_token=f"bench:{day}:{agent}",
                    )
                )
        day += timedelta(days=1)
    await Shift.insert(*shifts)
    r = queries.Range(first, last, WIB)
    t0 = time.perf_counter()
    out = await staffing_report(r, 15, r.end)
    took = time.perf_counter() - t0
    return {
        "shifts": len(shifts),
        "intervals": len(out["rows"]),
        "staffing_s": round(took, 2),
        "peak_rss_mb_after": _rss_mb(),
    }


async def main() -> dict[str, object]:
    with contextlib.redirect_stdout(io.StringIO()):
        await migrate()
    t0 = time.perf_counter()
    rows = await fill()
    fill_s = time.perf_counter() - t0
    await start_pool(max_size=2)
    try:
        week = await measure_staffing(date(YEAR, 3, 24), date(YEAR, 3, 30))
        month_staffing = await measure_staffing(date(YEAR, 5, 1), date(YEAR, 5, 31))
        if "--staffing-only" in sys.argv:
            return {"rows": rows, "staffing_week": week, "staffing_month": month_staffing}
        month = await measure(date(YEAR, 3, 1), date(YEAR, 3, 31))
        year = await measure(date(YEAR, 1, 1), date(YEAR, 12, 31))
        summarised = await summarise_all()
        month_new = await measure_summaries(date(YEAR, 3, 1), date(YEAR, 3, 31))
        year_new = await measure_summaries(date(YEAR, 1, 1), date(YEAR, 12, 31))
        # The same figures both ways (a check on the bench itself, not only on the tests).
        assert month_new["offered"] == month["calls"] and year_new["offered"] == year["calls"]
    finally:
        await engine().close_connection_pool()
    return {
        "rows": rows,
        "copy_s": round(fill_s, 1),
        "old_month_15min": month,
        "old_year_15min": year,
        "old_growth_month_to_year": round(year["report_s"] / month["report_s"], 1),
        "summarising_the_year": summarised,
        "summaries_month_15min": month_new,
        "summaries_year_15min": year_new,
        "summaries_growth_month_to_year": round(
            year_new["report_s"] / max(month_new["report_s"], 0.001), 1
        ),
        "staffing_week_15min": week,
        "staffing_month_15min": month_staffing,
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main())))
