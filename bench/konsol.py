"""The staff console on PostgreSQL with 10,000, 50,000 and 100,000 tickets: the agency queue
page (all open, and overdue only) and the ticket page, p50/p95 of the request time, measured
against a real `hotline serve` over localhost while signed in as an officer.

The data are bulk-inserted to look like a year of a kabupaten's reports: twelve agencies (the
measured one, public works, gets a third of all reports), fifteen kecamatan, ten categories,
70 % closed, the open ones spread over the agency statuses with
running clocks (some overdue), five history events per ticket, a third of them assigned.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time

import httpx

from bench.setup import prepare
from hotline import clock
from hotline.accounts.service import hash_password
from hotline.accounts.tables import User
from hotline.db.tx import connection_pool
from hotline.directory.tables import Agency, Calendar, Category, Region

PASSWORD = "bench-password-2026"  # noqa: S105  (a throwaway database)
SIZES = (10_000, 50_000, 100_000)
REQUESTS = 60


async def _directory(agency: int) -> tuple[list[int], list[int], list[int], int]:
    first = await Calendar.select(Calendar.id).first()
    assert first is not None, "the bench's directory has a calendar"
    cal = first["id"]
    agencies = [agency]
    for i in range(11):
        rows = await Agency.insert(
            Agency(code=f"OPD{i}", name=f"Dinas {i}", calendar=cal)
        ).returning(Agency.id)
        agencies.append(rows[0]["id"])
    regions = [r["id"] for r in await Region.select(Region.id)]
    for i in range(2, 16):
        rows = await Region.insert(
            Region(code=f"33.07.{i:02d}", name=f"Kecamatan {i}", level="kecamatan")
        ).returning(Region.id)
        regions.append(rows[0]["id"])
    categories = [c["id"] for c in await Category.select(Category.id)]
    for i in range(9):
        rows = await Category.insert(
            Category(service_code=f"KAT-{i}", name_id=f"Kategori {i}", name_en=f"Category {i}")
        ).returning(Category.id)
        categories.append(rows[0]["id"])
    rows = await User.insert(
        User(
            username="petugas.pupr",
            display_name="Petugas PUPR",
            password_hash=hash_password(PASSWORD),
            role="petugas",
            agency=agency,
            created_at=clock.now(),
        )
    ).returning(User.id)
    return agencies, regions, categories, int(rows[0]["id"])


def _array(values: list[int]) -> str:
    return "ARRAY[" + ",".join(str(int(v)) for v in values) + "]"


async def _tickets(
    first: int, last: int, agencies: list[int], regions: list[int], cats: list[int], officer: int
) -> None:
    a, r, c = _array(agencies), _array(regions), _array(cats)
    await Region.raw(
        f"""
        INSERT INTO ticket (reference, pin_hash, channel, status, privacy, agency, category, region,
                            title, description, sla_policy, created_at, updated_at, dispatched_at,
                            assignee)
        SELECT lpad(g::text, 10, '0'), 'x',
               (ARRAY['telepon','web','open311','operator'])[1 + g % 4],
               CASE WHEN g % 10 < 7
                    THEN (ARRAY['selesai','selesai','ditolak','selesai','duplikat','selesai',
                                'diarsipkan'])[1 + g % 7]
                    ELSE (ARRAY['didisposisikan','diproses','diproses','ditanggapi',
                                'perlu_dilengkapi'])[1 + (g / 10) % 5] END,
               (ARRAY['publik','anonim','rahasia'])[1 + g % 3],
               CASE WHEN (g * 7919) % 100 < 30 THEN {agencies[0]}
                    ELSE ({a})[1 + (g * 7) % {len(agencies)}] END,
               ({c})[1 + (g * 3) % {len(cats)}],
               ({r})[1 + (g * 5) % {len(regions)}],
               'Laporan nomor ' || g,
               'Jalan berlubang dan lampu jalan mati di dekat pasar, laporan ' || g,
               json_build_object(), now() - (g % 365) * interval '1 day', now(),
               now() - (g % 365) * interval '1 day' + interval '1 day',
               CASE WHEN g % 3 = 0 THEN {officer} ELSE NULL END
        FROM generate_series({first}, {last}) AS g
        """
    )
    # Running clocks for open tickets (some overdue), stopped ones for the rest.
    await Region.raw(
        f"""
        INSERT INTO ticket_clock (ticket, kind, agency, duration, started_at, due_at, warn_at,
                                  stopped_at, met, paused_at, next_check_at)
        SELECT t.id, k.kind, t.agency, '5 working_days', t.dispatched_at,
               now() + ((t.id % 40) - 8 + k.n * 3) * interval '1 day',
               now() + ((t.id % 40) - 10 + k.n * 3) * interval '1 day',
               CASE WHEN t.status IN ('didisposisikan','diproses','perlu_dilengkapi')
                    THEN NULL ELSE t.updated_at END,
               CASE WHEN t.status IN ('didisposisikan','diproses','perlu_dilengkapi')
                    THEN NULL ELSE true END,
               CASE WHEN t.status = 'perlu_dilengkapi' THEN now() ELSE NULL END,
               NULL
        FROM ticket t
        CROSS JOIN (VALUES ('first_response', 0), ('resolution', 1)) AS k(kind, n)
        WHERE t.id BETWEEN {first} AND {last}
        """
    )
    await Region.raw(
        f"""
        INSERT INTO ticket_event (ticket, at, kind, actor_type, from_status, to_status, public,
                                  body, data)
        SELECT t.id, t.created_at + k * interval '1 hour',
               (ARRAY['created','status_changed','internal_note','public_reply',
                      'status_changed'])[k],
               'staff', '', '', k <> 3, 'Catatan riwayat ' || k, json_build_object()
        FROM ticket t CROSS JOIN generate_series(1, 5) AS k
        WHERE t.id BETWEEN {first} AND {last}
        """
    )
    for table in ("ticket", "ticket_clock", "ticket_event"):
        await Region.raw(f"ANALYZE {table}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve() -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "HOTLINE_HOST": "127.0.0.1", "HOTLINE_PORT": str(port)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "hotline.cli", "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/health", timeout=1).status_code == 200:
                return proc, base
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("hotline serve did not start")


async def _sign_in(base: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=base, timeout=60)
    page = await client.get("/konsol/masuk")
    token = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    response = await client.post(
        "/konsol/masuk",
        data={"username": "petugas.pupr", "password": PASSWORD, "_csrf_token": token.group(1)},
    )
    assert response.status_code == 303, response.text
    return client


async def _time(client: httpx.AsyncClient, paths: list[str]) -> dict[str, float]:
    for path in paths[:5]:  # warm-up
        assert (await client.get(path)).status_code == 200
    samples = []
    for path in paths:
        t0 = time.perf_counter()
        response = await client.get(path)
        samples.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    samples.sort()
    return {
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 1),
    }


async def _measure(client: httpx.AsyncClient, agency: int) -> dict[str, object]:
    open_ids = [
        r["id"]
        for r in await Region.raw(
            "SELECT id FROM ticket WHERE agency = {} AND status IN "
            "('didisposisikan','diproses','ditanggapi','perlu_dilengkapi')",
            agency,
        )
    ]
    rng = random.Random(5)
    tickets = [f"/konsol/tiket/{rng.choice(open_ids)}" for _ in range(REQUESTS)]
    return {
        "agency_open_tickets": len(open_ids),
        "queue": await _time(client, ["/konsol/antrian"] * REQUESTS),
        "queue_overdue": await _time(client, ["/konsol/antrian?due=breached"] * REQUESTS),
        "queue_page_5": await _time(client, ["/konsol/antrian?page=5"] * REQUESTS),
        "ticket": await _time(client, tickets),
    }


async def main() -> None:
    agency = await prepare()
    out: dict[str, object] = {}
    async with connection_pool(max_size=4):
        agencies, regions, cats, officer = await _directory(agency)
        done = 0
        for size in SIZES:
            await _tickets(done + 1, size, agencies, regions, cats, officer)
            done = size
            proc, base = _serve()
            try:
                client = await _sign_in(base)
                out[str(size)] = await _measure(client, agency)
                await client.aclose()
            finally:
                proc.terminate()
                proc.wait(timeout=20)
            print(size, json.dumps(out[str(size)]), file=sys.stderr, flush=True)
    print(json.dumps(out))


if __name__ == "__main__":
    asyncio.run(main())
