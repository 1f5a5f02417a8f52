"""The satisfaction index of a month with 100,000 answered surveys (a busy province: every
resolved report invited, about half answering), as the worker computes it with the month's
figures: one GROUP BY per agency (`satisfaction.monthly.totals`), then the pure index.

    .venv/bin/python -m bench satisfaction    # both engines, each a throwaway database

Prints one JSON line: the rows, and the seconds of the month's query and of the section.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import random
import secrets
import time
from datetime import UTC, datetime, timedelta

from hotline.db.migrate import migrate
from hotline.db.tx import is_sqlite, start_pool, transaction
from hotline.directory.tables import Agency, Calendar
from hotline.satisfaction import monthly
from hotline.satisfaction.tables import Survey
from hotline.tickets.tables import Ticket

SURVEYS = 100_000
AGENCIES = 30
BATCH = 500  # PostgreSQL binds at most 32,767 values a statement
START = datetime(2026, 8, 1, tzinfo=UTC)


async def _fill(rng: random.Random) -> None:
    rows = await Calendar.insert(Calendar(name="WIB", timezone="Asia/Jakarta")).returning(
        Calendar.id
    )
    agencies = []
    for n in range(AGENCIES):
        made = await Agency.insert(
            Agency(code=f"A{n:02d}", name=f"Agency {n}", calendar=rows[0]["id"])
        ).returning(Agency.id)
        agencies.append(made[0]["id"])
    for first in range(0, SURVEYS, BATCH):
        async with transaction():
            tickets = await Ticket.insert(
                *[
                    Ticket(
                        reference=f"{first + i:010d}",
                        pin_hash="x",
                        channel="web",
                        status="selesai",
                        privacy="publik",
                        created_at=START,
                        updated_at=START,
                    )
                    for i in range(BATCH)
                ]
            ).returning(Ticket.id)
            await Survey.insert(
                *[
                    Survey(
                        ticket=t["id"],
                        token=secrets.token_urlsafe(16),
                        agency=rng.choice(agencies),
                        invited_at=START,
                        submitted_at=START + timedelta(seconds=rng.randrange(30 * 86400)),
                        channel="web",
                        **{f"u{k}": rng.choice((1, 2, 3, 4, 4, 3, None)) for k in range(1, 10)},  # type: ignore[arg-type]
                    )
                    for t in tickets
                ]
            )


async def main() -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        await migrate()
    if not is_sqlite():
        await start_pool()
    await _fill(random.Random(14))
    codes = {r["id"]: r["code"] for r in await Agency.select(Agency.id, Agency.code)}
    best_query = best_section = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        totals = await monthly.totals(START, START + timedelta(days=31))
        t1 = time.perf_counter()
        section = monthly.section(totals, codes)
        t2 = time.perf_counter()
        best_query, best_section = min(best_query, t1 - t0), min(best_section, t2 - t1)
    assert section["service"]["respondents"] == SURVEYS
    print(
        json.dumps(
            {
                "engine": "sqlite" if is_sqlite() else "postgres",
                "surveys": SURVEYS,
                "agencies": AGENCIES,
                "month_query_s": round(best_query, 3),
                "section_s": round(best_section, 4),
                "ikm": section["service"]["ikm"],
            }
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
