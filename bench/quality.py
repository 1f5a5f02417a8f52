"""Quality monitoring at a year's scale on PostgreSQL: a draw over five weeks of a 20-officer
line (about 21,000 answered calls in the log), and the scores the per-officer report and the
trends read (a year of evaluations: 5 a week for each officer, about 5,200, a tenth corrected).

    .venv/bin/python -m bench quality      # a throwaway database (bench/__main__.py)
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import random
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import asyncpg

from hotline import clock
from hotline.callcentre.quality import reads, service, trends
from hotline.callcentre.quality.form import load
from hotline.db.migrate import migrate
from hotline.db.tx import engine, start_pool
from hotline.settings import get_settings

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2025, 12, 31, 9, tzinfo=UTC)
OFFICERS = 20
ANSWERED_PER_DAY = 856  # the call-centre benchmark's line: 1,070 callers, 80 % answered
EVENT_COLUMNS = ("event_key", "at", "kind", "call_sid", "queue", "agent")
EVALUATION_COLUMNS = (
    "thread",
    "version",
    "thread_version",
    "supersedes",
    "call_sid",
    "agent",
    "evaluator",
    "form",
    "answers",
    "comments",
    "score",
    "auto_fail",
    "passed",
    "submitted_at",
)


def _answers(rng: random.Random) -> dict[str, str]:
    return {
        i.id: "met" if rng.random() < 0.85 or i.auto_fail else "not_met"
        for _, i in load("standar").items()
    }


async def fill(conn: asyncpg.Connection) -> tuple[int, int]:
    rng = random.Random(3)
    events = []
    day = NOW - timedelta(weeks=5)
    while day < NOW:
        if day.weekday() < 5:
            for n in range(ANSWERED_PER_DAY):
                sid = f"CA{day:%Y%m%d}{n:05d}"
                at = day + timedelta(seconds=rng.randrange(8 * 3600))
                events.append(
                    (f"{sid}:CONNECT", at, "CONNECT", sid, "id", rng.randint(1, OFFICERS))
                )
        day += timedelta(days=1)
    await conn.copy_records_to_table("callcentre_event", records=events, columns=EVENT_COLUMNS)
    evaluations = []
    for week in range(52):
        for agent in range(1, OFFICERS + 1):
            for n in range(5):
                sid = f"CAeval{week:02d}{agent:02d}{n}"
                at = NOW - timedelta(weeks=52 - week, hours=rng.randrange(100))
                versions = 2 if rng.random() < 0.1 else 1
                for version in range(1, versions + 1):
                    evaluations.append(
                        (
                            f"call:{sid}",
                            version,
                            f"call:{sid}:{version}",
                            None,
                            sid,
                            agent,
                            100 + version,
                            "standar@1",
                            json.dumps(_answers(rng)),
                            "{}",
                            round(rng.uniform(50, 100), 2),
                            False,
                            True,
                            at + timedelta(days=version - 1),
                        )
                    )
    await conn.copy_records_to_table(
        "quality_evaluation", records=evaluations, columns=EVALUATION_COLUMNS
    )
    await conn.execute("ANALYZE callcentre_event; ANALYZE quality_evaluation")
    return len(events), len(evaluations)


async def timed(label: str, results: dict[str, object], work: object) -> object:
    t0 = time.perf_counter()
    value = await work  # type: ignore[misc]
    results[label] = round(time.perf_counter() - t0, 3)
    return value


async def main() -> dict[str, object]:
    with contextlib.redirect_stdout(io.StringIO()):
        await migrate()
    conn = await asyncpg.connect(get_settings().database.dsn)
    try:
        events, evaluations = await fill(conn)
    finally:
        await conn.close()
    results: dict[str, object] = {"connects": events, "evaluation_rows": evaluations}
    clock.set_clock(lambda: NOW)
    await start_pool(max_size=2)
    try:
        added = await timed("draw_s", results, service.draw(5, "bench", 4, WIB))
        results["pool_added"] = added
        await timed("draw_again_s", results, service.draw(5, "bench", 4, WIB))
        await timed("scores_month_s", results, reads.scored_between(NOW - timedelta(days=30), NOW))
        year = await timed(
            "scores_year_s", results, reads.scored_between(NOW - timedelta(days=365), NOW)
        )
        t0 = time.perf_counter()
        rows = [
            trends.Scored(r["agent"], "", r["first_at"], r["score"], r["answers"])
            for r in year  # type: ignore[attr-defined]
        ]
        trends.trends(rows, WIB)
        results["trends_fold_year_s"] = round(time.perf_counter() - t0, 3)
    finally:
        await engine().close_connection_pool()
        clock.set_clock(None)
    return results


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main())))
