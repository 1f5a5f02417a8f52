"""Transparency on PostgreSQL: a month's figures, page and PDF for a month of 10,000 and one of
100,000 tickets (time and peak memory), and a request's p99 latency against a real
`hotline serve` while it lays out a PDF, against the same without, in the same run.

The probe (`PROBE`) is the phone line: simulated callers walking the IVR with signed webhooks
(`bench.ivr.signed_step_latencies`), so the figure is the IVR's step latency while a PDF renders
against the same without. `health_ready_latencies` is kept as a second, database-only probe.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
import multiprocessing
import os
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Awaitable, Callable, Iterator
from zoneinfo import ZoneInfo

import httpx

from bench.setup import prepare
from hotline.db.tx import connection_pool
from hotline.directory.tables import Agency, Calendar, Region
from hotline.transparency import publishing
from hotline.transparency.monthly import compute_month
from hotline.transparency.months import Month
from hotline.transparency.pdf import render_html
from hotline.transparency.tables import MonthFigures

SMALL = Month(2026, 8)  # 10,000 tickets
BIG = Month(2026, 9)  # 100,000 tickets
AGENCIES = 12
WIB = ZoneInfo("Asia/Jakarta")

Probe = Callable[[str, float, int], Awaitable[list[float]]]


async def health_ready_latencies(base_url: str, seconds: float, concurrency: int) -> list[float]:
    """Latencies (s) of GET /health/ready, `concurrency` clients for `seconds`."""
    samples: list[float] = []
    stop = time.monotonic() + seconds
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:

        async def client() -> None:
            while time.monotonic() < stop:
                t0 = time.perf_counter()
                response = await http.get("/health/ready")
                samples.append(time.perf_counter() - t0)
                assert response.status_code == 200

        await asyncio.gather(*(client() for _ in range(concurrency)))
    return samples


# The server below is started with this token and its own URL as the public URL, so the
# probe's requests are signed as Twilio would sign them.
IVR_AUTH_TOKEN = "bench-transparency-ivr-token"  # noqa: S105  (a throwaway server)


async def ivr_step_latencies(base_url: str, seconds: float, concurrency: int) -> list[float]:
    """Latencies (s) of IVR webhook steps, `concurrency` simulated calls for `seconds`."""
    from bench.ivr import signed_step_latencies

    result = await asyncio.to_thread(
        signed_step_latencies, base_url, IVR_AUTH_TOKEN, base_url, seconds, concurrency
    )
    latencies: list[float] = result["latencies"]
    return latencies


PROBE: Probe = ivr_step_latencies


async def _directory() -> None:
    cal = (await Calendar.select(Calendar.id).first() or {})["id"]
    for i in range(AGENCIES):
        await Agency.insert(Agency(code=f"OPD{i:02d}", name=f"Dinas Contoh {i:02d}", calendar=cal))
    for i in range(2, 16):
        await Region.insert(
            Region(code=f"33.07.{i:02d}", name=f"Kecamatan {i:02d}", level="kecamatan")
        )


async def _month(month: Month, count: int, first_id: int) -> None:
    """`count` tickets filed through the month, with their history and clocks, in bulk SQL:
    70 % resolved, 10 % rejected, the rest open; a quarter of the deadlines missed."""
    start = month.start(WIB)
    seconds = (month.end(WIB) - start).total_seconds()
    last = first_id + count - 1
    r = Region.raw
    await r(
        f"""
        INSERT INTO ticket (id, reference, pin_hash, channel, status, privacy, agency, category,
            region, sla_policy, created_at, updated_at, dispatched_at, verified_at,
            public_description, reject_reason, rating)
        SELECT g, lpad(g::text, 10, '0'), 'x',
            (ARRAY['web','telepon','open311','operator'])[1 + g % 4],
            CASE WHEN g % 10 = 0 THEN 'ditolak' WHEN g % 10 < 8 THEN 'selesai' ELSE 'diproses' END,
            (ARRAY['publik','anonim','rahasia'])[1 + g % 3],
            (SELECT id FROM agency WHERE code = 'OPD' || lpad((g % {AGENCIES})::text, 2, '0')),
            (SELECT id FROM category LIMIT 1),
            (SELECT id FROM region WHERE code = '33.07.' || lpad((1 + g % 15)::text, 2, '0')),
            json_build_object(), c, c, c + interval '1 hour', c + interval '1 hour',
            'Jalan berlubang dekat sekolah, sudah ditambal sebagian.',
            CASE WHEN g % 10 = 0 THEN 'spam' ELSE '' END,
            CASE WHEN g % 10 BETWEEN 1 AND 7 THEN 1 + g % 5 END
        FROM (SELECT g, timestamptz '{start.isoformat()}'
                        + ((g - {first_id}) * {seconds / count}) * interval '1 second' AS c
              FROM generate_series({first_id}, {last}) AS g) AS s
        """
    )
    # The history: dispatch (or rejection) after an hour; answer after two days, confirmation
    # or rating after three for the resolved ones.
    await r(
        f"""
        INSERT INTO ticket_event (ticket, at, kind, actor_type, from_status, to_status, public,
                                  body, data)
        SELECT t.id, t.created_at + e.after, 'status_changed', 'staff', e.from_s, e.to_s, true, '',
               json_build_object('action', e.action, 'agency', a.code, 'reason', t.reject_reason,
                                 'confirmed_by', 'reporter')
        FROM ticket t JOIN agency a ON a.id = t.agency
        CROSS JOIN LATERAL (VALUES
            ('dispatch', 'baru', 'didisposisikan', interval '1 hour', t.status <> 'ditolak'),
            ('reject', 'baru', 'ditolak', interval '1 hour', t.status = 'ditolak'),
            ('answer', 'diproses', 'ditanggapi', interval '2 days', t.status = 'selesai'),
            ('confirm', 'ditanggapi', 'selesai', interval '3 days', t.status = 'selesai')
        ) AS e(action, from_s, to_s, after, applies)
        WHERE t.id BETWEEN {first_id} AND {last} AND e.applies
        """
    )
    await r(
        f"""
        INSERT INTO ticket_event (ticket, at, kind, actor_type, public, body, data)
        SELECT id, created_at + interval '3 days', 'rated', 'reporter', true, '',
               json_build_object('rating', rating)
        FROM ticket WHERE id BETWEEN {first_id} AND {last} AND rating IS NOT NULL
        """
    )
    await r(
        f"""
        INSERT INTO ticket_clock (ticket, kind, agency, duration, started_at, due_at, stopped_at,
                                  met, paused_seconds)
        SELECT t.id, k.kind, CASE WHEN k.kind = 'verification' THEN NULL ELSE t.agency END,
               '5 working_days', t.created_at, t.created_at + interval '7 days',
               CASE WHEN t.status = 'diproses' AND k.kind = 'resolution' THEN NULL
                    ELSE t.created_at + k.took END,
               CASE WHEN t.status = 'diproses' AND k.kind = 'resolution' THEN NULL
                    ELSE (t.id % 4 <> 0) END,
               0
        FROM ticket t CROSS JOIN LATERAL (VALUES
            ('verification', interval '1 hour'),
            ('first_response', CASE WHEN t.id % 4 = 0 THEN interval '9 days' ELSE interval '2 days' END),
            ('resolution', CASE WHEN t.id % 4 = 0 THEN interval '9 days' ELSE interval '2 days' END)
        ) AS k(kind, took)
        WHERE t.id BETWEEN {first_id} AND {last} AND (t.status <> 'ditolak' OR k.kind = 'verification')
        """
    )
    for table in ("ticket", "ticket_event", "ticket_clock"):
        await r(f"ANALYZE {table}")


async def _figures(month: Month) -> tuple[float, float]:
    """Seconds of computing a month's figures from the database, then (in a second run, since
    tracing slows it down) the peak of memory allocated by Python meanwhile, in MiB."""
    t0 = time.perf_counter()
    await compute_month(month)
    elapsed = time.perf_counter() - t0
    tracemalloc.start()
    await compute_month(month)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return elapsed, peak


def _peak_rss_mib() -> float:
    # VmHWM starts afresh with the process's own address space (ru_maxrss would include the
    # parent's, inherited at fork).
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _render_measured(html: str) -> tuple[int, float, float]:
    """In a fresh process: PDF size, seconds, and the process's peak RSS (MiB)."""
    from hotline.transparency.pdf_render import html_to_pdf

    t0 = time.perf_counter()
    pdf, _ = html_to_pdf(html)
    elapsed = time.perf_counter() - t0
    return len(pdf), elapsed, _peak_rss_mib()


async def _pdf(month: Month) -> dict[str, float]:
    doc = await publishing.pdf_document(month)
    t0 = time.perf_counter()
    html = render_html(publishing.report_context(doc))
    html_s = time.perf_counter() - t0
    with concurrent.futures.ProcessPoolExecutor(1, multiprocessing.get_context("spawn")) as pool:
        size, layout_s, rss = await asyncio.get_running_loop().run_in_executor(
            pool, _render_measured, html
        )
    return {
        "html_s": round(html_s, 2),
        "layout_s": round(layout_s, 2),
        "pdf_kib": round(size / 1024),
        "render_peak_rss_mib": round(rss),
    }


@contextlib.contextmanager
def _server() -> Iterator[str]:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **os.environ,
        "HOTLINE_HOST": "127.0.0.1",
        "HOTLINE_PORT": str(port),
        "HOTLINE_TWILIO_AUTH_TOKEN": IVR_AUTH_TOKEN,
        "HOTLINE_PUBLIC_URL": f"http://127.0.0.1:{port}",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "hotline.cli", "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(base + "/health", timeout=1).status_code == 200:
                    break
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _p(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)


async def _served(base: str, out: dict[str, object]) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=600) as http:
        for month, label in ((SMALL, "10k"), (BIG, "100k")):
            await MonthFigures.delete().where(MonthFigures.month == str(month))
            t0 = time.perf_counter()
            assert (await http.get(f"/transparansi/{month}")).status_code == 200
            out[f"page_cold_s_{label}"] = round(time.perf_counter() - t0, 2)
            t0 = time.perf_counter()
            assert (await http.get(f"/transparansi/{month}")).status_code == 200
            out[f"page_warm_s_{label}"] = round(time.perf_counter() - t0, 2)

        quiet = await PROBE(base, 10, 4)

        async def pdfs() -> float:
            # Both months' PDFs, one after the other (neither laid out before in this server).
            t0 = time.perf_counter()
            for month in (BIG, SMALL):
                assert (await http.get(f"/transparansi/{month}.pdf")).status_code == 200
            return time.perf_counter() - t0

        rendering = asyncio.create_task(pdfs())
        busy: list[float] = []
        while not rendering.done():
            # Probed in one-second slices for exactly as long as the PDFs take.
            busy += await PROBE(base, 1, 4)
        out["pdf_requests_s"] = round(await rendering, 1)
        out["probe"] = PROBE.__name__
        out["probe_p50_ms_quiet"] = _p(quiet, 0.5)
        out["probe_p99_ms_quiet"] = _p(quiet, 0.99)
        out["probe_p50_ms_during_pdf"] = _p(busy, 0.5)
        out["probe_p99_ms_during_pdf"] = _p(busy, 0.99)
        out["probe_requests_quiet"] = len(quiet)
        out["probe_requests_during_pdf"] = len(busy)


async def main() -> None:
    await prepare()
    out: dict[str, object] = {}
    async with connection_pool(max_size=4):
        await _directory()
        t0 = time.perf_counter()
        await _month(SMALL, 10_000, 1)
        await _month(BIG, 100_000, 10_001)
        out["data_s"] = round(time.perf_counter() - t0, 1)
        for month, label in ((SMALL, "10k"), (BIG, "100k")):
            seconds, peak = await _figures(month)
            out[f"figures_s_{label}"] = round(seconds, 2)
            out[f"figures_peak_mib_{label}"] = round(peak, 1)
            for key, value in (await _pdf(month)).items():
                out[f"pdf_{key}_{label}"] = value
    with _server() as base:
        await _served(base, out)
    print(json.dumps(out))


if __name__ == "__main__":
    asyncio.run(main())
