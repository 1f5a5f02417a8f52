"""Ticket creation per second through the service layer (validation, routing, SLA clock,
history event, outbox rows: everything a real report costs)."""

from __future__ import annotations

import asyncio
import json
import statistics
import time

from bench.setup import prepare
from hotline.db.tx import connection_pool
from hotline.tickets.channels import Channel
from hotline.tickets.drafts import ReportDraft, ReporterDraft
from hotline.tickets.service import create_report

N = 1000


async def main() -> None:
    await prepare()
    draft = ReportDraft(
        channel=Channel.WEB,
        description="Jalan berlubang di depan pasar, membahayakan pengendara motor.",
        category_code="JALAN-RUSAK",
        region_code="33.07.01",
        reporter=ReporterDraft(name="Siti", phone="081234567890", email="siti@example.com"),
    )
    async with connection_pool(max_size=4):
        for _ in range(20):  # warm-up
            await create_report(draft)
        latencies = []
        t0 = time.perf_counter()
        for _ in range(N):
            s = time.perf_counter()
            await create_report(draft)
            latencies.append(time.perf_counter() - s)
        elapsed = time.perf_counter() - t0
    latencies.sort()
    print(
        json.dumps(
            {
                "reports": N,
                "reports_per_s": round(N / elapsed, 1),
                "p50_ms": round(statistics.median(latencies) * 1000, 2),
                "p95_ms": round(latencies[int(0.95 * N)] * 1000, 2),
            }
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
