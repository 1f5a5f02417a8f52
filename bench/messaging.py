"""Inbound messages per second to a saved report, and their p50/p95/p99 latency, against a real
`hotline serve` on PostgreSQL: every citizen writes a whole WhatsApp conversation (description,
category, place, no photo, privacy, SMS consent, confirm: seven signed webhooks, the last files the
report), several citizens at once, each waiting for the answer before the next message as a
person does. Beside it, a flood: one number sending as fast as it can while others converse.

The load comes from a separate process (`python -m bench.messaging load …`), so signing and
parsing are not charged to the server.

    .venv/bin/python -m bench messaging
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

import httpx
from twilio.request_validator import RequestValidator

from bench.open311 import _cpu_seconds, _free_port, _wait_until_up
from bench.setup import prepare
from hotline.messaging.tables import InboundMessage
from hotline.tickets.tables import Ticket

TOKEN = "bench-twilio-auth-token"  # noqa: S105  (the throwaway server's own)
CONVERSATION = (
    "Jalan berlubang besar di depan pasar Kertek",
    "9",
    "Depan pasar Kertek",
    "0",
    "2",
    "1",
    "1",
)
RUNS = {1: 20, 8: 160, 32: 320}  # clients in flight -> conversations (reports)
FLOOD = 300  # messages from one number while 8 others converse


def _percentiles(latencies: list[float]) -> dict[str, float]:
    latencies = sorted(latencies)
    n = len(latencies)
    return {
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p95_ms": round(latencies[int(0.95 * n)] * 1000, 2),
        "p99_ms": round(latencies[min(int(0.99 * n), n - 1)] * 1000, 2),
    }


async def _load(
    base: str, conversations: int, concurrency: int, flood: int, prefix: int
) -> dict[str, Any]:
    url = base + "/pesan/masuk"
    validator = RequestValidator(TOKEN)
    latencies: list[float] = []
    filing: list[float] = []
    flood_latencies: list[float] = []
    failures = 0

    async def post(client: httpx.AsyncClient, number: str, body: str) -> float:
        nonlocal failures
        form = {
            "MessageSid": "SM" + secrets.token_hex(16),
            "From": f"whatsapp:{number}",
            "To": "whatsapp:+6228632100",
            "Body": body,
            "NumMedia": "0",
        }
        headers = {"X-Twilio-Signature": validator.compute_signature(url, form)}
        start = time.perf_counter()
        response = await client.post(url, data=form, headers=headers)
        took = time.perf_counter() - start
        failures += response.status_code != 200
        return took

    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(conversations):
        queue.put_nowait(i)
    limits = httpx.Limits(
        max_connections=concurrency + 1, max_keepalive_connections=concurrency + 1
    )
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:

        async def citizen() -> None:
            while not queue.empty():
                number = f"+62812{prefix}{queue.get_nowait():06d}"
                for text in CONVERSATION:
                    latencies.append(await post(client, number, text))
                filing.append(latencies[-1])

        async def flooder() -> None:
            for i in range(flood):
                flood_latencies.append(await post(client, f"+62813{prefix}000000", f"spam {i}"))

        started = time.perf_counter()
        await asyncio.gather(*(citizen() for _ in range(concurrency)), flooder())
        elapsed = time.perf_counter() - started
    result: dict[str, Any] = {
        "conversations": conversations,
        "messages": len(latencies),
        "failures": failures,
        "messages_per_s": round(len(latencies) / elapsed, 1),
        "reports_per_s": round(conversations / elapsed, 2),
        **_percentiles(latencies),
        "filing": _percentiles(filing),
    }
    if flood:
        result["flood"] = {"messages": flood, **_percentiles(flood_latencies)}
    return result


def _run_load(
    base: str, conversations: int, concurrency: int, *, run: int, flood: int = 0
) -> dict[str, Any]:
    """`run` (10–99) makes each run's numbers its own: +62812<run><6 digits>."""
    args = [sys.executable, "-m", "bench.messaging", "load", base]
    args += [str(conversations), str(concurrency), str(flood), str(run)]
    out = subprocess.run(args, check=True, capture_output=True, text=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    asyncio.run(prepare())
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "HOTLINE_HOST": "127.0.0.1",
        "HOTLINE_PORT": str(port),
        "HOTLINE_PUBLIC_URL": base,
        "HOTLINE_TWILIO_AUTH_TOKEN": TOKEN,
    }
    results: dict[str, Any] = {"load_before": os.getloadavg()}
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "hotline.cli", "serve"], env=env, stdout=log, stderr=log
        )
        try:
            _wait_until_up(base, server, log)
            _run_load(base, 4, 2, run=10)  # warm up
            for i, (clients, conversations) in enumerate(RUNS.items(), 11):
                cpu = _cpu_seconds(server.pid)
                run = _run_load(base, conversations, clients, run=i)
                run["server_cpu_ms_per_message"] = round(
                    (_cpu_seconds(server.pid) - cpu) * 1000 / run["messages"], 2
                )
                results[f"conversations_{clients}"] = run
            results["with_flood_8"] = _run_load(base, RUNS[8], 8, run=20, flood=FLOOD)
        finally:
            server.terminate()
            server.wait(timeout=30)
    results["load_after"] = os.getloadavg()
    results["reports"] = asyncio.run(Ticket.count().run())
    results["saved_messages"] = asyncio.run(InboundMessage.count().run())
    expected = 4 + sum(RUNS.values()) + RUNS[8]
    assert results["reports"] == expected, f"{results['reports']} reports for {expected}"
    print(json.dumps(results))


if __name__ == "__main__":
    if sys.argv[1:2] == ["load"]:
        base, (n, concurrency, flood, run) = sys.argv[2], map(int, sys.argv[3:7])
        print(json.dumps(asyncio.run(_load(base, n, concurrency, flood, run))))
    else:
        main()
