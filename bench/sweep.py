"""The worker's SLA sweep over 10,000 and 100,000 open tickets on PostgreSQL: with nothing due,
and with 1 % due. The sweep must cost in proportion to what is due, not to what is open."""

from __future__ import annotations

import asyncio
import json
import statistics
import time

from bench.setup import prepare
from hotline.db.tx import connection_pool
from hotline.directory.tables import Region
from hotline.worker.sweep import sweep


async def _open_tickets(agency: int, first: int, last: int) -> None:
    # Bulk SQL: the benchmark is about the sweep, not about filing 100,000 reports.
    await Region.raw(
        f"""
        INSERT INTO ticket (reference, pin_hash, channel, status, privacy, agency, sla_policy,
                            created_at, updated_at, dispatched_at)
        SELECT lpad(g::text, 10, '0'), 'x', 'web', 'diproses', 'publik', {agency},
               json_build_object(), now(), now(), now()
        FROM generate_series({first}, {last}) AS g
        """
    )
    await Region.raw(
        f"""
        INSERT INTO ticket_clock (ticket, kind, agency, duration, started_at, due_at, warn_at,
                                  next_check_at)
        SELECT id, 'resolution', {agency}, '14 working_days', now(), now() + interval '20 days',
               now() + interval '15 days', now() + interval '15 days'
        FROM ticket WHERE id BETWEEN {first} AND {last}
        """
    )
    await Region.raw("ANALYZE ticket_clock")


async def _time_idle_sweep(repeat: int = 20) -> float:
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        stats = await sweep()
        samples.append(time.perf_counter() - t0)
        assert stats.escalations == 0
    return statistics.median(samples)


async def _make_due(count: int) -> None:
    await Region.raw(
        f"""
        UPDATE ticket_clock SET due_at = now() - interval '1 hour',
                                warned_at = now() - interval '1 day',
                                next_check_at = now() - interval '1 hour'
        WHERE id IN (SELECT id FROM ticket_clock
                     WHERE next_check_at > now() AND breached_at IS NULL
                     ORDER BY id LIMIT {count})
        """
    )


async def main() -> None:
    agency = await prepare()
    out: dict[str, float] = {}
    async with connection_pool(max_size=4):
        await _open_tickets(agency, 1, 10_000)
        out["idle_sweep_ms_10k_open"] = round(await _time_idle_sweep() * 1000, 2)
        await _make_due(100)
        t0 = time.perf_counter()
        stats = await sweep()
        out["due_sweep_s_10k_open_1pct"] = round(time.perf_counter() - t0, 3)
        out["escalations_per_s_10k_open"] = round(stats.escalations / (time.perf_counter() - t0), 1)

        await _open_tickets(agency, 10_001, 100_000)
        out["idle_sweep_ms_100k_open"] = round(await _time_idle_sweep() * 1000, 2)
        await _make_due(1000)
        t0 = time.perf_counter()
        stats = await sweep()
        elapsed = time.perf_counter() - t0
        assert stats.escalations == 1000, stats
        out["due_sweep_s_100k_open_1pct"] = round(elapsed, 3)
        out["escalations_per_s_100k_open"] = round(stats.escalations / elapsed, 1)
    print(json.dumps(out))


if __name__ == "__main__":
    asyncio.run(main())
