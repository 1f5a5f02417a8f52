"""Transparency: a month's figures for a month of 10,000 and one of 100,000 tickets, by the
worker's path (`compute_month`: GROUP BY and day-by-day batches) and by the old in-memory path
(`compute_month_in_memory`) in the same run, each in a fresh child process (time, the child's
CPU time, its peak RSS, and the peak of memory allocated by Python); then (`full`, PostgreSQL) the page and
PDF of both months, and a request's p99 latency against a real `hotline serve` while it lays out
a PDF, against the same without.

    python -m bench.transparency figures   # the figures only, on HOTLINE_DATABASE_URL
    python -m bench.transparency figures-both   # the figures only, SQLite then PostgreSQL
    python -m bench.transparency           # everything

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
import sqlite3
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Awaitable, Callable, Iterator
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
import httpx
from piccolo.engine.sqlite import SQLiteEngine

from bench.setup import prepare
from hotline.db.tx import connection_pool, engine
from hotline.directory.tables import Agency, Calendar, Category, Region
from hotline.transparency import publishing, queries
from hotline.transparency.monthly import compute_month, compute_month_in_memory, recompute
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


def _month_rows(
    month: Month, count: int, first_id: int, ids: dict[str, dict[str, int]]
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """`count` tickets filed evenly through the month, with their history and clocks, as rows:
    70 % resolved, 10 % rejected, the rest open; a quarter of the deadlines missed. The same
    rows on both engines (plain Python, inserted in bulk by the driver, not the demo seeder)."""
    start = month.start(WIB)
    step = (month.end(WIB) - start) / count
    category = min(ids["category"].values())
    hour, day = timedelta(hours=1), timedelta(days=1)
    tickets, events, clocks = [], [], []
    for g in range(first_id, first_id + count):
        c = start + (g - first_id) * step
        status = "ditolak" if g % 10 == 0 else "selesai" if g % 10 < 8 else "diproses"
        code = f"OPD{g % AGENCIES:02d}"
        agency = ids["agency"][code]
        reason = "spam" if status == "ditolak" else ""
        rating = 1 + g % 5 if 1 <= g % 10 <= 7 else None
        tickets.append(
            (
                g,
                f"{g:010d}",
                "x",
                ("web", "telepon", "open311", "operator")[g % 4],
                status,
                ("publik", "anonim", "rahasia")[g % 3],
                agency,
                category,
                ids["region"].get(f"33.07.{1 + g % 15:02d}"),
                "{}",
                c,
                c,
                c + hour,
                c + hour,
                "Jalan berlubang dekat sekolah, sudah ditambal sebagian.",
                reason,
                rating,
            )
        )
        # The history: dispatch (or rejection) after an hour; answer after two days,
        # confirmation and rating after three for the resolved ones.
        steps = (
            [("reject", "baru", "ditolak", hour)]
            if status == "ditolak"
            else [("dispatch", "baru", "didisposisikan", hour)]
        )
        if status == "selesai":
            steps += [("answer", "diproses", "ditanggapi", 2 * day)]
            steps += [("confirm", "ditanggapi", "selesai", 3 * day)]
        for action, from_s, to_s, after in steps:
            data = {"action": action, "agency": code, "reason": reason, "confirmed_by": "reporter"}
            events.append(
                (g, c + after, "status_changed", "staff", from_s, to_s, True, "", json.dumps(data))
            )
        if rating is not None:
            events.append(
                (
                    g,
                    c + 3 * day,
                    "rated",
                    "reporter",
                    "",
                    "",
                    True,
                    "",
                    json.dumps({"rating": rating}),
                )
            )
        late = 9 * day if g % 4 == 0 else 2 * day
        for kind, took in (("verification", hour), ("first_response", late), ("resolution", late)):
            if status == "ditolak" and kind != "verification":
                continue
            running = status == "diproses" and kind == "resolution"
            clocks.append(
                (
                    g,
                    kind,
                    None if kind == "verification" else agency,
                    "5 working_days",
                    c,
                    c + 7 * day,
                    None if running else c + took,
                    None if running else g % 4 != 0,
                    0,
                )
            )
    return tickets, events, clocks


_COLUMNS = {
    "ticket": (
        "id, reference, pin_hash, channel, status, privacy, agency, category, region, "
        "sla_policy, created_at, updated_at, dispatched_at, verified_at, public_description, "
        "reject_reason, rating"
    ),
    "ticket_event": "ticket, at, kind, actor_type, from_status, to_status, public, body, data",
    "ticket_clock": (
        "ticket, kind, agency, duration, started_at, due_at, stopped_at, met, paused_seconds"
    ),
}


async def _insert(rows: dict[str, list[tuple[Any, ...]]]) -> None:
    """Bulk inserts by the driver itself: COPY on PostgreSQL, executemany on SQLite."""
    db = engine()
    if isinstance(db, SQLiteEngine):
        # Piccolo's adapters (registered on the sqlite3 module) store the datetimes as it does.
        conn = sqlite3.connect(db.path)
        try:
            for table, values in rows.items():
                marks = ", ".join("?" * len(values[0]))
                conn.executemany(
                    f"INSERT INTO {table} ({_COLUMNS[table]}) VALUES ({marks})",
                    values,
                )
            conn.commit()
            conn.execute("ANALYZE")
        finally:
            conn.close()
        return
    pg = await asyncpg.connect(os.environ["HOTLINE_DATABASE_URL"])
    try:
        for table, values in rows.items():
            columns = [c.strip() for c in _COLUMNS[table].split(",")]
            await pg.copy_records_to_table(table, records=values, columns=columns)
        await pg.execute("SELECT setval('ticket_id_seq', (SELECT max(id) FROM ticket))")
        for table in rows:
            await pg.execute(f"ANALYZE {table}")
    finally:
        await pg.close()


async def _months() -> None:
    agencies = await Agency.select(Agency.id, Agency.code)
    regions = await Region.select(Region.id, Region.code)
    categories = await Category.select(Category.id, Category.service_code)
    ids = {
        "agency": {a["code"]: a["id"] for a in agencies},
        "region": {r["code"]: r["id"] for r in regions},
        "category": {c["service_code"]: c["id"] for c in categories},
    }
    for month, count, first in ((SMALL, 10_000, 1), (BIG, 100_000, 10_001)):
        tickets, events, clocks = _month_rows(month, count, first, ids)
        await _insert({"ticket": tickets})
        await _insert({"ticket_event": events, "ticket_clock": clocks})


def _measure_in_child(path: str, month: str) -> dict[str, float]:
    """In a fresh process: seconds of one computation of `month` by `path` (new | old), the
    process's peak RSS (VmHWM) and its RSS before (imports, the directory), in MiB; then the
    peak of memory Python allocated during a second, traced computation."""
    return asyncio.run(_child(path, Month.parse(month)))


async def _child(path: str, month: Month) -> dict[str, float]:
    compute = {"new": compute_month, "old": compute_month_in_memory}[path]
    async with connection_pool(max_size=2):
        await queries.load_directory()  # the imports and the first connection, before measuring
        before = _rss_mib("VmRSS")
        t0, cpu0 = time.perf_counter(), time.process_time()
        await compute(month)
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        peak = _rss_mib("VmHWM")
        tracemalloc.start()
        await compute(month)
        traced = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return {
        "s": round(elapsed, 2),
        # The CPU this process used (its threads: SQLite's work included, PostgreSQL's not): on
        # a shared machine the elapsed time is this plus the wait for a core.
        "cpu_s": round(cpu, 2),
        "peak_rss_mib": round(peak),
        "rss_before_mib": round(before),
        "python_peak_mib": round(traced, 1),
    }


async def _figures(out: dict[str, object]) -> None:
    """Each path and month in its own spawned process: one computation's memory is not hidden
    by an earlier one's, and the old path's peak cannot push the new one's up."""
    context = multiprocessing.get_context("spawn")
    loop = asyncio.get_running_loop()
    for month, label in ((SMALL, "10k"), (BIG, "100k")):
        for path in ("old", "new"):
            with concurrent.futures.ProcessPoolExecutor(1, context) as pool:
                found = await loop.run_in_executor(pool, _measure_in_child, path, str(month))
            for key, value in found.items():
                out[f"figures_{path}_{key}_{label}"] = value
    seconds = {k: v for k, v in out.items() if isinstance(v, float)}
    for what in ("s", "cpu_s"):
        out[f"figures_new_{what}_ratio_100k_to_10k"] = round(
            seconds[f"figures_new_{what}_100k"] / max(seconds[f"figures_new_{what}_10k"], 0.01), 1
        )
    out["load_average_end"] = os.getloadavg()


def _rss_mib(field: str = "VmHWM") -> float:
    # VmHWM starts afresh with the process's own address space (ru_maxrss would include the
    # parent's, inherited at fork).
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _render_measured(html: str) -> tuple[int, float, float]:
    """In a fresh process: PDF size, seconds, and the process's peak RSS (MiB)."""
    from hotline.transparency.pdf_render import html_to_pdf

    t0 = time.perf_counter()
    pdf, _ = html_to_pdf(html)
    elapsed = time.perf_counter() - t0
    return len(pdf), elapsed, _rss_mib()


async def _pdf(month: Month) -> dict[str, float]:
    doc = await publishing.pdf_document(month, compute=True)
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
            # A visit never computes: without stored figures the page says so at once ...
            await MonthFigures.delete().where(MonthFigures.month == str(month))
            t0 = time.perf_counter()
            page = await http.get(f"/transparansi/{month}")
            assert page.status_code == 200 and "belum dihitung" in page.text
            out[f"page_not_computed_s_{label}"] = round(time.perf_counter() - t0, 2)
            # ... and once the worker stored them, every visit reads them.
            await recompute(month)
            t0 = time.perf_counter()
            assert (await http.get(f"/transparansi/{month}")).status_code == 200
            out[f"page_stored_s_{label}"] = round(time.perf_counter() - t0, 2)

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


async def main(argv: list[str]) -> None:
    await prepare()
    out: dict[str, object] = {"engine": "sqlite" if isinstance(engine(), SQLiteEngine) else "pg"}
    out["load_average_start"] = os.getloadavg()
    async with connection_pool(max_size=4):
        await _directory()
        t0 = time.perf_counter()
        await _months()
        out["data_s"] = round(time.perf_counter() - t0, 1)
    await _figures(out)
    if "figures" not in argv:
        async with connection_pool(max_size=4):
            for month, label in ((SMALL, "10k"), (BIG, "100k")):
                for key, value in (await _pdf(month)).items():
                    out[f"pdf_{key}_{label}"] = value
        with _server() as base:
            async with connection_pool(max_size=2):
                await _served(base, out)
    print(json.dumps(out))


def both_engines() -> None:
    """The figures alone on SQLite then on PostgreSQL, each in its own process against a
    throwaway database (as `python -m bench transparency` runs them, without the rest)."""
    from bench.__main__ import _run

    results = {
        engine: _run("bench.transparency", engine, "figures") for engine in ("sqlite", "postgres")
    }
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    if sys.argv[1:] == ["figures-both"]:
        both_engines()
    else:
        asyncio.run(main(sys.argv[1:]))
