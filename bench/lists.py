"""The console's and the public's lists at 20,000 and 2,000,000 tickets on PostgreSQL: p50/p95
of each list and search, and the plan (EXPLAIN ANALYZE) of every statement it sends.

Measured in-process, by calling the functions the pages call (the console queues, the operator's
phone search, the reference lookup, /laporan's listing, Open311 GET requests) on the real
database: the time of the query functions, without HTTP and templates, so the figures are the
database's and the query shape's. The plans are captured from the statements those functions
actually send (a wrapper around the engine's pool records them during one call).

The data are generated in SQL (INSERT … SELECT generate_series), spread like a province's two
years: 40 agencies (the measured one gets a quarter), 15 kecamatan of 17 desa, 20 categories,
creation instants over 24 months (newest highest ids); reports of the last 30 days are spread
over every status, older ones are closed but 2 % (stuck, overdue); open ones have running clocks
(paused while waiting for the reporter), closed ones a stopped clock; 85 % have a reporter with a
phone number (one number for about four reports); non-`rahasia` reports have their published
row, with text once verified.

    .venv/bin/python -m bench lists                        # 20k then 2M (a few minutes)
    HOTLINE_BENCH_LISTS_SIZES=20000 .venv/bin/python -m bench lists
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from bench.setup import prepare
from hotline import clock
from hotline.accounts.roles import Role
from hotline.accounts.tables import User
from hotline.citizen import laporan
from hotline.db.tx import connection_pool, engine
from hotline.directory.tables import Agency, Calendar, Category, Region
from hotline.konsol import operator, queues
from hotline.konsol.access import Staff
from hotline.open311 import filters as open311_filters
from hotline.open311 import published
from hotline.tickets import service

SIZES = tuple(
    int(s) for s in os.environ.get("HOTLINE_BENCH_LISTS_SIZES", "20000,2000000").split(",")
)
REPEATS = int(os.environ.get("HOTLINE_BENCH_LISTS_REPEATS", "30"))
AGENCIES = 40
KECAMATAN = 15
DESA = 17
CATEGORIES = 20


async def _directory(agency: int) -> dict[str, Any]:
    first = await Calendar.select(Calendar.id).first()
    assert first is not None
    agencies = [agency]
    for i in range(AGENCIES - 1):
        rows = await Agency.insert(
            Agency(code=f"OPD{i:02d}", name=f"Dinas {i}", calendar=first["id"])
        ).returning(Agency.id)
        agencies.append(rows[0]["id"])
    desa: list[int] = []
    for k in range(1, KECAMATAN + 1):
        code = f"33.07.{k:02d}"
        found = await Region.select(Region.id).where(Region.code == code).first()
        kec = (
            found["id"]
            if found
            else (
                await Region.insert(
                    Region(code=code, name=f"Kecamatan {k}", level="kecamatan")
                ).returning(Region.id)
            )[0]["id"]
        )
        for d in range(1, DESA + 1):
            rows = await Region.insert(
                Region(code=f"{code}.{2000 + d}", name=f"Desa {k}-{d}", level="desa", parent=kec)
            ).returning(Region.id)
            desa.append(rows[0]["id"])
    categories = [c["id"] for c in await Category.select(Category.id)]
    for i in range(CATEGORIES - len(categories)):
        rows = await Category.insert(
            Category(service_code=f"KAT-{i}", name_id=f"Kategori {i}", name_en=f"Category {i}")
        ).returning(Category.id)
        categories.append(rows[0]["id"])
    officer = await User.insert(
        User(
            username="petugas",
            display_name="Petugas",
            password_hash="x",  # noqa: S106  (a throwaway database; never signs in)
            role=Role.PETUGAS.value,
            agency=agency,
            created_at=clock.now(),
        )
    ).returning(User.id)
    return {
        "agencies": agencies,
        "desa": desa,
        "categories": categories,
        "officer": int(officer[0]["id"]),
    }


def _array(values: list[int]) -> str:
    return "ARRAY[" + ",".join(str(int(v)) for v in values) + "]::int[]"


# One row per g: a 32-bit hash `h` gives the independent-looking choices, `age` the days since
# the report came in (spread evenly over 730 days, newest = highest g).
_SPREAD = """
SELECT g, h, age,
       CASE WHEN age < 30 THEN
            CASE WHEN h % 100 < 5 THEN 'baru' WHEN h % 100 < 8 THEN 'diverifikasi'
                 WHEN h % 100 < 12 THEN 'perlu_dilengkapi' WHEN h % 100 < 27 THEN 'didisposisikan'
                 WHEN h % 100 < 55 THEN 'diproses' WHEN h % 100 < 67 THEN 'ditanggapi'
                 WHEN h % 100 < 90 THEN 'selesai' WHEN h % 100 < 95 THEN 'ditolak'
                 WHEN h % 100 < 97 THEN 'duplikat' ELSE 'diarsipkan' END
       ELSE CASE WHEN h % 100 < 2 THEN 'diproses' WHEN h % 100 < 82 THEN 'selesai'
                 WHEN h % 100 < 90 THEN 'ditolak' WHEN h % 100 < 94 THEN 'duplikat'
                 ELSE 'diarsipkan' END END AS status
FROM (SELECT g, (g::bigint * 2654435761) % 4294967296 AS h,
             (({n} - g)::float8 * 730 / {n}) AS age
      FROM generate_series(1, {n}) AS g) s
"""


async def _generate(n: int, d: dict[str, Any]) -> float:
    t0 = time.perf_counter()
    await Region.raw(
        "TRUNCATE ticket_event, ticket_clock, published_update, published_report, ticket, "
        "reporter RESTART IDENTITY CASCADE"
    )
    a, r, c = _array(d["agencies"]), _array(d["desa"]), _array(d["categories"])
    now = clock.now()
    ts = f"'{now.isoformat()}'::timestamptz"
    await Region.raw(
        f"""
        INSERT INTO reporter (id, name, phone, email, locale, sms_consent, created_at)
        SELECT g, 'Pelapor ' || g, '+628' || (1100000000 + g % greatest({n} / 4, 1))::text,
               '', 'id', true, {ts} - age * interval '1 day'
        FROM ({_SPREAD.format(n=n)}) s WHERE h % 100 >= 15
        """
    )
    await Region.raw("SELECT setval('reporter_id_seq', (SELECT max(id) FROM reporter))")
    await Region.raw(
        f"""
        INSERT INTO ticket (id, reference, pin_hash, channel, status, privacy, reporter, agency,
                            category, region, title, description, public_description,
                            sla_policy, created_at, updated_at, verified_at, dispatched_at,
                            closed_at, reject_reason, assignee)
        SELECT g, lpad(g::text, 10, '0'), 'x',
               (ARRAY['telepon','web','open311','operator'])[1 + h % 4], status,
               (ARRAY['publik','publik','publik','anonim','anonim','rahasia'])[1 + (h / 7) % 6],
               CASE WHEN h % 100 >= 15 THEN g END,
               CASE WHEN status IN ('baru', 'diverifikasi', 'perlu_dilengkapi', 'ditolak',
                                    'duplikat') THEN NULL
                    WHEN (h / 13) % 4 = 0 THEN {d["agencies"][0]}
                    ELSE ({a})[1 + (h / 17) % {len(d["agencies"])}] END,
               ({c})[1 + (h / 19) % {len(d["categories"])}],
               ({r})[1 + (h / 23) % {len(d["desa"])}],
               'Laporan ' || g, 'Jalan berlubang di dekat pasar, laporan ' || g,
               CASE WHEN status NOT IN ('baru', 'ditolak', 'duplikat')
                    THEN 'Jalan berlubang di dekat pasar' ELSE '' END,
               json_build_object(), {ts} - age * interval '1 day', {ts} - age * interval '1 day' / 2,
               CASE WHEN status <> 'baru' THEN {ts} - age * interval '1 day' + interval '2 h' END,
               CASE WHEN status NOT IN ('baru', 'diverifikasi', 'perlu_dilengkapi', 'ditolak',
                                        'duplikat')
                    THEN {ts} - age * interval '1 day' + interval '4 h' END,
               CASE WHEN status IN ('selesai', 'ditolak', 'duplikat', 'diarsipkan')
                    THEN {ts} - age * interval '1 day' / 2 END,
               CASE WHEN status = 'ditolak' THEN 'spam' ELSE '' END,
               CASE WHEN (h / 29) % 3 = 0 AND status IN ('diproses', 'ditanggapi')
                    THEN {d["officer"]} END
        FROM ({_SPREAD.format(n=n)}) s
        """
    )
    await Region.raw("SELECT setval('ticket_id_seq', (SELECT max(id) FROM ticket))")
    # Open: two running clocks (the verification clock alone before disposition), due from
    # ten days ago to twenty days ahead; paused while waiting for the reporter. Closed: one
    # stopped clock.
    await Region.raw(
        """
        INSERT INTO ticket_clock (ticket, kind, agency, duration, started_at, due_at, warn_at,
                                  stopped_at, met, paused_at)
        SELECT t.id, k.kind, t.agency, '5 working_days', t.created_at,
               {}::timestamptz + ((t.id % 31) - 10 + k.n * 3) * interval '1 day' + (t.id % 997) * interval '1 s',
               {}::timestamptz + ((t.id % 31) - 12 + k.n * 3) * interval '1 day',
               CASE WHEN t.closed_at IS NOT NULL THEN t.closed_at END,
               CASE WHEN t.closed_at IS NOT NULL THEN true END,
               CASE WHEN t.status = 'perlu_dilengkapi' THEN t.updated_at END
        FROM ticket t
        JOIN (VALUES ('verification', 0, 'v'), ('first_response', 0, 'a'),
                     ('resolution', 1, 'a'), ('resolution', 1, 'c')) AS k(kind, n, scope)
          ON (k.scope = 'c' AND t.closed_at IS NOT NULL)
          OR (k.scope = 'v' AND t.closed_at IS NULL AND t.agency IS NULL)
          OR (k.scope = 'a' AND t.closed_at IS NULL AND t.agency IS NOT NULL)
        """,
        now,
        now,
    )
    await Region.raw(
        """
        INSERT INTO published_report (ticket_id, reference, status, reject_reason, category,
                                      region, agency, text, expected_at, created_at, updated_at,
                                      closed_at, published_at)
        SELECT t.id, t.reference, t.status, t.reject_reason, t.category, t.region, t.agency,
               CASE WHEN t.verified_at IS NOT NULL AND t.status NOT IN ('ditolak', 'duplikat')
                    THEN t.public_description ELSE '' END,
               NULL, t.created_at, t.updated_at, t.closed_at,
               CASE WHEN t.verified_at IS NOT NULL AND t.status NOT IN ('ditolak', 'duplikat')
                    THEN t.verified_at END
        FROM ticket t WHERE t.privacy <> 'rahasia' AND t.category IS NOT NULL
        """
    )
    for table in ("reporter", "ticket", "ticket_clock", "published_report"):
        await Region.raw(f"VACUUM ANALYZE {table}")
    return time.perf_counter() - t0


class _Recorder:
    """Records the statements sent through the engine's pool while `active`."""

    def __init__(self) -> None:
        self.active = False
        self.seen: list[tuple[str, list[Any]]] = []
        kind = type(engine())  # the engine's slots are read-only: wrap its class's method
        inner = kind._run_in_pool

        async def run(db: Any, query: str, args: Any = None) -> Any:
            if self.active:
                self.seen.append((query, list(args or [])))
            return await inner(db, query, args)

        kind._run_in_pool = run


async def _explain(recorder: _Recorder, call: Callable[[], Awaitable[Any]]) -> list[str]:
    recorder.seen.clear()
    recorder.active = True
    try:
        await call()
    finally:
        recorder.active = False
    plans = []
    async with engine().pool.acquire() as conn:
        for query, args in recorder.seen:
            if not query.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            rows = await conn.fetch("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + query, *args)
            plans.append(query.strip() + "\n" + "\n".join(r[0] for r in rows))
    return plans


async def _time(call: Callable[[], Awaitable[Any]]) -> dict[str, float]:
    for _ in range(3):
        await call()
    samples = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return {
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(samples[max(0, int(len(samples) * 0.95) - 1)], 1),
    }


async def _cases(d: dict[str, Any]) -> dict[str, Callable[[], Awaitable[Any]]]:
    agency, officer = d["agencies"][0], d["officer"]
    staff = Staff(
        id=officer,
        username="operator",
        display_name="Operator",
        role=Role.OPERATOR,
        agency_id=None,
    )
    busiest = await Region.raw(
        "SELECT r.phone, count(*) AS n FROM ticket t JOIN reporter r ON r.id = t.reporter "
        "GROUP BY r.phone ORDER BY n DESC LIMIT 1"
    )
    phone = busiest[0]["phone"]
    ref = (await Region.raw("SELECT reference FROM ticket ORDER BY id LIMIT 1 OFFSET 7"))[0][
        "reference"
    ]
    region = await Region.select(Region.code).where(Region.id == d["desa"][0]).first()
    assert region is not None
    kecamatan = region["code"].rsplit(".", 1)[0]
    category = (
        await Category.select(Category.service_code)
        .where(Category.id == d["categories"][3])
        .first()
    )
    assert category is not None
    now = clock.now()
    page = 50

    def q(agency_id: int | None, statuses: tuple[Any, ...], **f: Any) -> Any:
        return lambda: queues.queue(
            agency_id=agency_id,
            statuses=statuses,
            filters=queues.QueueFilter(**f),
            user_id=officer,
            page_size=page,
        )

    def o311(start_days: int, **extra: Any) -> Any:
        query = open311_filters.request_query(
            service_request_id=None,
            service_code=extra.get("service_code"),
            start_date=(now - timedelta(days=start_days)).isoformat(),
            end_date=(now - timedelta(days=start_days - 90)).isoformat(),
            status=extra.get("status"),
            now=now,
            limit=1000,
        )
        return lambda: published.requests(query, "id", limit=1000)

    empty = dict.fromkeys(laporan.FILTERS, "")
    # Keyset pages: a deep page is reached by following the "next" links from the first.
    # (At 20k the agency queue has fewer than 20 pages: the walk stops at its last page.)
    older = ""
    for _ in range(199):
        older = (await laporan.listing(empty, older=older)).older or older
    after = {}
    for scope, statuses in ((None, queues.VERIFICATION_STATUSES), (agency, queues.AGENCY_STATUSES)):
        cursor = ""
        for _ in range(19):
            cursor = (await q(scope, statuses, after=cursor)()).next_after or cursor
        after[scope] = cursor
    return {
        "verification_queue": q(None, queues.VERIFICATION_STATUSES),
        "verification_queue_page_20": q(None, queues.VERIFICATION_STATUSES, after=after[None]),
        "agency_queue": q(agency, queues.AGENCY_STATUSES),
        "agency_queue_page_20": q(agency, queues.AGENCY_STATUSES, after=after[agency]),
        "agency_queue_every_filter": q(
            agency,
            queues.AGENCY_STATUSES,
            status="diproses",
            due="breached",
            category=d["categories"][3],
            kecamatan=kecamatan,
            assignee="me",
        ),
        "agency_queue_due_soon": q(agency, queues.AGENCY_STATUSES, due="soon"),
        "search_phone": lambda: operator.earlier_reports(phone, staff),
        "search_reference": lambda: service.find_by_reference(ref),
        "laporan": lambda: laporan.listing(empty),
        "laporan_page_200": lambda: laporan.listing(empty, older=older),
        "laporan_filtered": lambda: laporan.listing(
            {**empty, "kecamatan": kecamatan, "category": category["service_code"]}
        ),
        "open311_last_90_days": o311(90),
        "open311_a_year_ago": o311(365),
        "open311_a_year_ago_open_one_service": o311(
            365, status="open", service_code=category["service_code"]
        ),
    }


async def main() -> None:
    agency = await prepare()
    out: dict[str, Any] = {}
    async with connection_pool(max_size=4):
        d = await _directory(agency)
        recorder = _Recorder()
        for n in SIZES:
            generated = await _generate(n, d)
            sizes = await Region.raw(
                "SELECT (SELECT count(*) FROM ticket) AS tickets, "
                "(SELECT count(*) FROM published_report) AS published, "
                "(SELECT count(*) FROM ticket WHERE agency IS NULL AND status IN "
                "('baru','diverifikasi','perlu_dilengkapi')) AS verification_open, "
                "(SELECT count(*) FROM ticket WHERE agency = {} AND closed_at IS NULL) "
                "AS agency_open",
                agency,
            )
            result: dict[str, Any] = {"generate_s": round(generated, 1), **sizes[0]}
            for name, call in (await _cases(d)).items():
                result[name] = await _time(call)
                for plan in await _explain(recorder, call):
                    print(f"--- {n} {name}\n{plan}\n", file=sys.stderr, flush=True)
                print(n, name, result[name], file=sys.stderr, flush=True)
            out[str(n)] = result
    print(json.dumps(out))


if __name__ == "__main__":
    asyncio.run(main())
