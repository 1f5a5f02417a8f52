"""Open311 POST requests per second and p50/p95/p99 latency against a real `hotline serve` on
PostgreSQL at 1, 8 and 32 clients, beside the same server's bare endpoint (/health) in the same
run, and the statements one POST sends (counted in this process, bench/statements.py).

Every POST is a whole report: parameters and attributes checked, API key looked up and its
quota counted, routing (a confident rule, so it is dispatched at once), the SLA clocks, the
history events, the reporter's two outbox messages and the Open311 submission row, in one
transaction. The load comes from a separate process (`python -m bench.open311 load …`), so the
client's own work is not charged to the server; it keeps 1, 8 or 32 requests in flight.

    .venv/bin/python -m bench open311
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from typing import IO, Any

import httpx

from bench.setup import prepare
from bench.statements import counting
from hotline.accounts.service import create_api_key
from hotline.app import create_app
from hotline.db.tx import engine, start_pool
from hotline.directory.tables import RoutingRule
from hotline.open311.tables import Submission

# POSTs sent with this many clients in flight (osTicket was measured at 8 and 32, issue 16).
POSTS = {1: 300, 8: 800, 32: 800}
GETS = 100
HEALTH = 3000
WARM_UP = 30
CONCURRENCY = 8


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _load(url: str, n: int, concurrency: int, form: dict[str, str] | None) -> dict[str, Any]:
    """Send n requests (GET, or POST when `form` is given) with `concurrency` in flight."""
    latencies: list[float] = []
    failures = 0
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(n):
        queue.put_nowait(i)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:

        async def worker() -> None:
            nonlocal failures
            while not queue.empty():
                queue.get_nowait()
                start = time.perf_counter()
                if form is None:
                    response = await client.get(url)
                else:
                    response = await client.post(url, data=form)
                latencies.append(time.perf_counter() - start)
                failures += response.status_code >= 400

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": n,
        "failures": failures,
        "per_s": round(n / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p95_ms": round(latencies[int(0.95 * n)] * 1000, 2),
        "p99_ms": round(latencies[int(0.99 * n)] * 1000, 2),
    }


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the process `pid` has used so far (Linux /proc)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _run_load(
    url: str, n: int, form: dict[str, str] | None = None, concurrency: int = CONCURRENCY
) -> dict[str, Any]:
    args = [sys.executable, "-m", "bench.open311", "load", url, str(n), str(concurrency)]
    if form is not None:
        args.append(json.dumps(form))
    out = subprocess.run(args, check=True, capture_output=True, text=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


async def _prepare() -> str:
    await prepare()
    await RoutingRule.update({RoutingRule.confident: True}).where(RoutingRule.id > 0)
    return (await create_api_key("bench", requests_per_minute=1_000_000)).key


def _wait_until_up(base: str, server: subprocess.Popen[bytes], log: IO[bytes]) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(base + "/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            if server.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                sys.stderr.write(log.read().decode(errors="replace"))
                raise
        time.sleep(0.2)


def _form(key: str) -> dict[str, str]:
    return {
        "api_key": key,
        "service_code": "JALAN-RUSAK",
        "address_id": "33.07.01",
        "lat": "-7.5123",
        "long": "109.8456",
        "address_string": "Jl. Raya Wadaslintang km 3",
        "description": "Jalan berlubang di depan pasar, membahayakan pengendara motor.",
        "first_name": "Siti",
        "last_name": "Rahayu",
        "email": "siti@example.com",
        "phone": "081234567890",
    }


def _measure(
    base: str, key: str, server: subprocess.Popen[bytes], log: IO[bytes], *, reads: bool
) -> dict[str, Any]:
    _wait_until_up(base, server, log)
    form = _form(key)
    post_url = base + "/open311/v2/requests.json"
    _run_load(base + "/health", WARM_UP)
    _run_load(post_url, WARM_UP, form)
    results: dict[str, Any] = {
        "load_before": os.getloadavg(),
        "health": _run_load(base + "/health", HEALTH),
    }
    for clients, n in POSTS.items():
        cpu = _cpu_seconds(server.pid)
        run = _run_load(post_url, n, form, concurrency=clients)
        # The server's own CPU per POST: what bounds POSTs/s on a busy machine, whatever else
        # runs on it (requests/s = cores given to it / CPU per POST).
        run["server_cpu_ms_per_post"] = round((_cpu_seconds(server.pid) - cpu) * 1000 / n, 2)
        results[f"open311_post_{clients}"] = run
    results["load_after"] = os.getloadavg()
    if reads:
        # Reading back: the newest 1,000 requests (the API's page), with their deadlines.
        results["open311_get_1000"] = _run_load(base + "/open311/v2/requests.json", GETS)
    return results


async def _statements_per_post(key: str) -> dict[str, Any]:
    """One POST through the app in this process, every statement it sends counted."""
    await start_pool()
    app: Any = create_app()  # an ASGI app; httpx's annotation is narrower than Litestar's
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            url = "/open311/v2/requests.json"
            await client.post(url, data=_form(key))  # what a process loads once
            with counting() as sent:
                response = await client.post(url, data=_form(key))
        response.raise_for_status()
        return {"total": sent.total, "by_verb": sent.by_verb(), "by_table": sent.by_label()}
    finally:
        await engine().close_connection_pool()


def main(*, reads: bool = True) -> None:
    key = asyncio.run(_prepare())
    port = _free_port()
    env = {
        **os.environ,
        "HOTLINE_HOST": "127.0.0.1",
        "HOTLINE_PORT": str(port),
        "HOTLINE_OPEN311_RATE_PER_MINUTE": "100000",
    }
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "hotline.cli", "serve"], env=env, stdout=log, stderr=log
        )
        try:
            results = _measure(f"http://127.0.0.1:{port}", key, server, log, reads=reads)
        finally:
            server.terminate()
            server.wait(timeout=30)
    results["statements_per_post"] = asyncio.run(_statements_per_post(key))
    results["filed"] = asyncio.run(Submission.count().run())
    sent = sum(POSTS.values()) + WARM_UP + 2
    assert results["filed"] == sent, f"{results['filed']} submissions for {sent} POSTs"
    print(json.dumps(results))


if __name__ == "__main__":
    if sys.argv[1:2] == ["load"]:
        url, n, concurrency = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        body = json.loads(sys.argv[5]) if len(sys.argv) > 5 else None
        print(json.dumps(asyncio.run(_load(url, n, concurrency, body))))
    else:
        # `posts-only`: leave out the reads of 1,000 requests (slow, and not intake).
        main(reads="posts-only" not in sys.argv[1:])
