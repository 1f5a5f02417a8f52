"""Filling an empty database with the Kabupaten Wonosobo demo.

`seed()` loads the regions, calendars, agencies, SLA policies, categories, routing rules and staff
accounts from `hotline/demo/data/`, then plays a history of reports through the real ticket
service (`hotline.demo.history`). Everything is written in one transaction: a failure leaves
the database as empty as it was. The history is deterministic (a fixed random seed): the same
call on an empty database yields the same tickets; only references and PINs, which the service
draws from `secrets`, differ.

Agency names are real offices of a kabupaten; every e-mail address (example.go.id,
example.com) and phone number (+62811000xxxx, +62812000xxxxx) in the demo is fake.
"""

from __future__ import annotations

import random
import sqlite3
import time as wallclock
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType, dict_factory

from hotline import clock
from hotline.accounts.service import create_api_key, create_user
from hotline.accounts.tables import User
from hotline.callcentre.page import zone as line_zone
from hotline.callcentre.quality import service as quality_service
from hotline.callcentre.quality.config import quality_settings
from hotline.db.tx import engine, transaction
from hotline.demo import calls, history, surveys
from hotline.demo.corpus import DATA_DIR, read_yaml
from hotline.directory import changes, operator
from hotline.directory.regions import load_regions
from hotline.directory.rules_import import import_rules
from hotline.directory.tables import (
    Agency,
    AgencySlaPolicy,
    Calendar,
    CalendarOverride,
    Category,
    Region,
    RoutingRule,
    SlaPolicy,
)
from hotline.notify.tables import OutboxMessage
from hotline.sla.calendar import WorkingCalendar, hours_from_json
from hotline.sla.policy import Duration, Policy
from hotline.tickets.tables import Ticket, TicketClock, TicketEvent

__all__ = [
    "DEMO_RANDOM_SEED",
    "DemoAccount",
    "DemoDatabaseNotEmpty",
    "SeedSummary",
    "is_empty",
    "seed",
]

REGIONS_CSV = Path(__file__).parent.parent / "directory" / "data" / "wilayah-wonosobo.csv"
DEMO_RANDOM_SEED = 2026
DEMO_ZONE = ZoneInfo("Asia/Jakarta")
SEED_ACTOR = "demo-seed"
# The directory "exists" this long before the first report of the history.
SETUP_LEAD = timedelta(days=7)


class DemoDatabaseNotEmpty(ValueError):
    """The demo seed only fills an empty database; it never adds to or duplicates data."""


@dataclass(frozen=True)
class DemoAccount:
    """A staff account the demo creates; `make run` prints them."""

    username: str
    role: str
    agency: str | None
    password: str
    display_name: str = ""


@dataclass
class SeedSummary:
    """What the seed wrote. `extra` tells how the history went (fates, steps, sweep counts)."""

    regions: int
    calendars: int
    agencies: int
    sla_policies: int
    categories: int
    rules: int
    users: int
    tickets: int
    tickets_by_status: dict[str, int]
    tickets_by_channel: dict[str, int]
    events: int
    clocks_met: int
    clocks_breached: int
    outbox_marked_sent: int
    accounts: list[DemoAccount]
    api_key: str
    api_key_name: str
    history_start: datetime
    history_end: datetime
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


class _InlineCursor:
    """The part of aiosqlite's cursor that piccolo uses, run in the calling thread."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def description(self) -> Any:
        return self._cursor.description

    async def execute(self, sql: str, parameters: Any = ()) -> _InlineCursor:
        self._cursor.execute(sql, parameters)
        return self

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int) -> list[Any]:
        return self._cursor.fetchmany(size)

    async def close(self) -> None:
        self._cursor.close()


class _InlineResult:
    """What aiosqlite's `execute` returns: awaitable, and an async context manager.

    With `sql` None nothing runs, and the cursor has no rows."""

    def __init__(self, connection: sqlite3.Connection, sql: str | None, parameters: Any) -> None:
        self._connection, self._sql, self._parameters = connection, sql, parameters
        self._cursor: _InlineCursor | None = None

    async def _run(self) -> _InlineCursor:
        if self._sql is None:
            cursor = self._connection.cursor()
        else:
            cursor = self._connection.execute(self._sql, self._parameters)
        self._cursor = _InlineCursor(cursor)
        return self._cursor

    def __await__(self):  # type: ignore[no-untyped-def]
        return self._run().__await__()

    async def __aenter__(self) -> _InlineCursor:
        return await self._run()

    async def __aexit__(self, *exc: object) -> None:
        if self._cursor is not None:
            await self._cursor.close()


_FOREIGN_KEYS_ON = "PRAGMA foreign_keys = 1"
# The seed's page cache (KiB, as SQLite's negative cache_size): the history's tables and
# indexes stay in memory while they are written, instead of SQLite's default 2 MiB.
SEED_CACHE_KIB = 64 * 1024


class _InlineConnection:
    """An aiosqlite-shaped connection that runs each statement in the calling thread."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    @property
    def row_factory(self) -> Any:
        return self._connection.row_factory

    @row_factory.setter
    def row_factory(self, value: Any) -> None:
        self._connection.row_factory = value

    def execute(self, sql: str, parameters: Any = None) -> _InlineResult:
        if sql == _FOREIGN_KEYS_ON:
            # piccolo sends this before every statement of a transaction, where SQLite ignores
            # it; the connection has it on from the start. Half the seed's statements were it.
            return _InlineResult(self._connection, None, ())
        return _InlineResult(self._connection, sql, parameters or ())

    async def commit(self) -> None:
        self._connection.commit()

    async def rollback(self) -> None:
        self._connection.rollback()

    async def close(self) -> None:
        self._connection.close()


class _InlineSQLiteTransaction(SQLiteTransaction):
    """The seed's one SQLite transaction, on a connection used from the event loop's thread.

    aiosqlite hands every statement to a worker thread and back (four hops per piccolo query,
    ~0.1 ms each): that is most of the cost of playing ~250,000 statements of history. The seed
    is the only thing running while it fills the database, so it may block the loop; the SQL
    and the transaction (BEGIN IMMEDIATE) are piccolo's own, the connection piccolo's with a
    larger page cache (docs/PERFORMANCE.md, "The demo seed").
    """

    async def get_connection(self) -> _InlineConnection:
        connection = sqlite3.connect(**self.engine.connection_kwargs)
        connection.row_factory = dict_factory
        connection.execute(_FOREIGN_KEYS_ON)
        connection.execute(f"PRAGMA cache_size = -{SEED_CACHE_KIB}")
        return _InlineConnection(connection)


@asynccontextmanager
async def _seed_transaction() -> AsyncIterator[None]:
    """One transaction for the whole seed: all of it is written, or nothing."""
    db = engine()
    if isinstance(db, SQLiteEngine) and not db.transaction_exists():
        async with _InlineSQLiteTransaction(db, transaction_type=TransactionType.immediate):
            yield
    else:
        async with transaction():
            yield


async def is_empty() -> bool:
    """Whether the database has no directory yet (no agency): the demo may be seeded."""
    return not await Agency.exists()


async def _refuse_unless_empty(usernames: list[str]) -> None:
    problems = []
    for table, what in ((Agency, "agencies"), (Category, "categories"), (Ticket, "tickets")):
        n = await table.count()
        if n:
            problems.append(f"{n} {what}")
    taken = await User.select(User.username).where(User.username.is_in(usernames))
    if taken:
        problems.append("users " + ", ".join(sorted(r["username"] for r in taken)))
    if problems:
        raise DemoDatabaseNotEmpty(
            "the database already has data (" + "; ".join(problems) + "); the demo seed only "
            "fills an empty database and never duplicates data"
        )


def _history_window(today: date, months: int) -> tuple[datetime, datetime]:
    """[start, end): `months` calendar months back from `today`, to `today` 00:00 WIB.

    The history ends at the start of `today` so it is the same whenever the seed runs that
    day, and never lies in the future.
    """
    if months < 1:
        raise ValueError("months must be at least 1")
    month_index = today.year * 12 + (today.month - 1) - months
    year, month = divmod(month_index, 12)
    month += 1
    # Clamp the day (31 March minus one month is 28/29 February).
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    day = min(today.day, (next_month - timedelta(days=1)).day)
    start = datetime.combine(date(year, month, day), time(0), DEMO_ZONE)
    end = datetime.combine(today, time(0), DEMO_ZONE)
    return start.astimezone(UTC), end.astimezone(UTC)


async def _seed_calendars(data: dict[str, Any], years: range, now: datetime) -> dict[str, int]:
    ids: dict[str, int] = {}
    for cal in data["calendars"]:
        hours = cal["working_hours"]
        # Validate with the same code that will read it back.
        WorkingCalendar(
            timezone=cal["timezone"],
            hours=hours_from_json(hours),
            holiday_categories=tuple(c for c in str(cal["holiday_categories"]).split(",") if c),
            day_minutes=int(cal["day_minutes"]),
        )
        rows = await Calendar.insert(
            Calendar(
                name=cal["name"],
                timezone=cal["timezone"],
                working_hours=hours,
                day_minutes=int(cal["day_minutes"]),
                holiday_categories=str(cal["holiday_categories"]),
            )
        ).returning(Calendar.id)
        ids[cal["name"]] = int(rows[0]["id"])
    for holiday in data.get("regional_holidays", []):
        for year in years:
            await CalendarOverride.insert(
                CalendarOverride(
                    calendar=ids[holiday["calendar"]],
                    day=date(year, int(holiday["month"]), int(holiday["day"])),
                    is_working=False,
                    note=holiday["note"],
                    created_by=SEED_ACTOR,
                    created_at=now,
                )
            )
    return ids


async def _seed_agencies(data: dict[str, Any], calendars: dict[str, int]) -> dict[str, int]:
    ids: dict[str, int] = {}
    pending = list(data["agencies"])
    # Parents before children, whatever the order in the file.
    while pending:
        progressed = False
        for item in list(pending):
            parent = item.get("parent")
            if parent and parent not in ids:
                continue
            rows = await Agency.insert(
                Agency(
                    code=item["code"],
                    name=item["name"],
                    short_name=item.get("short_name", ""),
                    parent=ids[parent] if parent else None,
                    calendar=calendars[item["calendar"]],
                    is_central=bool(item.get("is_central", False)),
                    is_oversight=bool(item.get("is_oversight", False)),
                    supervisor_email=item.get("supervisor_email", ""),
                    supervisor_phone=str(item.get("supervisor_phone", "")),
                    head_email=item.get("head_email", ""),
                    head_phone=str(item.get("head_phone", "")),
                )
            ).returning(Agency.id)
            ids[item["code"]] = int(rows[0]["id"])
            pending.remove(item)
            progressed = True
        if not progressed:
            raise ValueError(
                "agencies.yaml: unknown parent in " + ", ".join(a["code"] for a in pending)
            )
    return ids


async def _seed_categories(data: dict[str, Any], agencies: dict[str, int]) -> tuple[int, int]:
    policies: dict[str, int] = {}
    for p in data["sla_policies"]:
        # Refuse a policy the ticket core could not use.
        Policy(
            *(
                Duration.parse(p[k])
                for k in ("verification", "first_response", "resolution", "auto_close")
            )
        )
        rows = await SlaPolicy.insert(
            SlaPolicy(
                name=p["name"],
                verification=p["verification"],
                first_response=p["first_response"],
                resolution=p["resolution"],
                auto_close=p["auto_close"],
            )
        ).returning(SlaPolicy.id)
        policies[p["name"]] = int(rows[0]["id"])
    categories: dict[str, int] = {}
    ivr_keys: set[str] = set()
    for c in data["categories"]:
        key = c.get("ivr_key")
        if key is not None:
            key = str(key)
            if key in ivr_keys or key not in "12345678":
                raise ValueError(
                    f"categories.yaml: {c['service_code']}: bad or repeated ivr_key {key}"
                )
            ivr_keys.add(key)
        rows = await Category.insert(
            Category(
                service_code=c["service_code"],
                name_id=c["name_id"],
                name_en=c["name_en"],
                description_id=c.get("description_id", ""),
                description_en=c.get("description_en", ""),
                group_id=c.get("group_id", ""),
                group_en=c.get("group_en", ""),
                sla_policy=policies[c["sla_policy"]] if c.get("sla_policy") else None,
                urgent=bool(c.get("urgent", False)),
                default_privacy=c.get("default_privacy", "publik"),
                ivr_key=key,
                attributes=c.get("attributes", []),
                keywords=c.get("keywords", ""),
            )
        ).returning(Category.id)
        categories[c["service_code"]] = int(rows[0]["id"])
    for special in data.get("agency_policies", []):
        await AgencySlaPolicy.insert(
            AgencySlaPolicy(
                category=categories[special["category"]],
                agency=agencies[special["agency"]],
                sla_policy=policies[special["sla_policy"]],
            )
        )
    return len(policies), len(categories)


async def _seed_accounts(data: dict[str, Any]) -> tuple[list[DemoAccount], str, str]:
    password = str(data["password"])
    accounts = []
    for u in data["users"]:
        await create_user(
            username=u["username"],
            password=password,
            role=u["role"],
            agency_code=u.get("agency"),
            display_name=u.get("display_name", ""),
            email=u.get("email", ""),
        )
        accounts.append(
            DemoAccount(
                u["username"], u["role"], u.get("agency"), password, u.get("display_name", "")
            )
        )
    key_name, key = "", ""
    for k in data.get("api_keys", []):
        new = await create_api_key(
            k["name"], requests_per_minute=int(k.get("requests_per_minute", 60))
        )
        key_name, key = k["name"], new.key
    return accounts, key_name, key


async def _seed_operator() -> None:
    """Kabupaten Wonosobo runs the demo service: its name, unit, number, address, hours and a
    logo drawn for the demo, through the admin's own validation."""
    data = read_yaml("operator.yaml")
    logo = (DATA_DIR / data.pop("logo")).read_bytes()
    values = operator.read_form({k: str(v) for k, v in data.items()})
    await operator.save(values, actor=SEED_ACTOR, logo=logo)


async def _mark_outbox_sent(until: datetime) -> int:
    """The history's messages count as delivered, so a demo worker does not send thousands of
    old SMS; those that carried a PIN are blanked as the real delivery does."""
    rows = (
        await OutboxMessage.select(OutboxMessage.id, OutboxMessage.meta)
        .where((OutboxMessage.status == "pending") & (OutboxMessage.created_at <= until))
        .output(load_json=True)
    )
    if not rows:
        return 0
    await OutboxMessage.update(
        {
            OutboxMessage.status: "sent",
            OutboxMessage.sent_at: OutboxMessage.created_at,
            OutboxMessage.next_attempt_at: None,
            OutboxMessage.provider_id: "demo",
        }
    ).where((OutboxMessage.status == "pending") & (OutboxMessage.created_at <= until))
    sensitive = [r["id"] for r in rows if (r["meta"] or {}).get("sensitive")]
    for i in range(0, len(sensitive), 500):
        await OutboxMessage.update({OutboxMessage.body: "[sent; content removed]"}).where(
            OutboxMessage.id.is_in(sensitive[i : i + 500])
        )
    return len(rows)


async def seed(
    *,
    months: int = 6,
    tickets: int = 3000,
    today: date | None = None,
    progress: Callable[[str], None] | None = None,
) -> SeedSummary:
    """Fill an empty database with the Wonosobo demo; raise DemoDatabaseNotEmpty otherwise.

    The history covers `months` calendar months up to `today` 00:00 WIB (default: today in
    Jakarta) with `tickets` reports. `progress` receives one Indonesian line per stage.
    """
    started = wallclock.monotonic()
    say = progress or (lambda _message: None)
    if tickets < 0:
        raise ValueError("tickets must not be negative")
    today = today or datetime.now(DEMO_ZONE).date()
    start, end = _history_window(today, months)
    setup_at = start - SETUP_LEAD
    agencies_data = read_yaml("agencies.yaml")
    categories_data = read_yaml("categories.yaml")
    users_data = read_yaml("users.yaml")
    rng = random.Random(DEMO_RANDOM_SEED)

    try:
        clock.set_clock(lambda: setup_at)
        async with _seed_transaction():
            await _refuse_unless_empty([u["username"] for u in users_data["users"]])
            await load_regions(REGIONS_CSV)
            regions = await Region.count()
            kecamatan = await Region.count().where(Region.level == "kecamatan")
            say(f"wilayah: {regions} (Kabupaten Wonosobo, {kecamatan} kecamatan)")
            years = range(setup_at.astimezone(DEMO_ZONE).year, today.year + 2)
            calendars = await _seed_calendars(agencies_data, years, setup_at)
            agencies = await _seed_agencies(agencies_data, calendars)
            n_policies, n_categories = await _seed_categories(categories_data, agencies)
            await import_rules(DATA_DIR / "routing.yaml", actor=SEED_ACTOR)
            rules = await RoutingRule.count().where(RoutingRule.active.eq(True))
            say(
                f"direktori: {len(agencies)} instansi, {n_categories} kategori, "
                f"{rules} aturan disposisi"
            )
            await _seed_operator()
            accounts, key_name, key = await _seed_accounts(users_data)
            say(f"akun demo: {len(accounts)} (kata sandi {accounts[0].password}), 1 kunci API")

            result = await history.play(rng, start=start, end=end, tickets=tickets, say=say)
            say(
                f"antrean telepon: {await calls.seed_queue_calls(rng, start=start, end=end)} panggilan"
            )
            say(f"jadwal petugas pusat panggilan: {await calls.seed_roster(end=end)} giliran")
            # The evaluators' pool drawn as the "draw" button would, so `make run` shows it.
            q = quality_settings()
            drawn = await quality_service.draw(q.per_week, q.seed, q.lookback_weeks, line_zone())
            say(f"sampel mutu panggilan: {drawn} panggilan")
            # Their own generator: the surveys leave the rest of the demo as it was.
            answered = await surveys.seed_surveys(random.Random(DEMO_RANDOM_SEED + 1), end=end)
            say(f"survei kepuasan (IKM): {answered} jawaban")

            clock.set_clock(lambda: end)
            marked = await _mark_outbox_sent(end)
            statuses = Counter(r["status"] for r in await Ticket.select(Ticket.status))
            channels = Counter(r["channel"] for r in await Ticket.select(Ticket.channel))
            # Auto-close clocks are "due", never met or missed: leave them out.
            deadlines = TicketClock.kind != "auto_close"
            met = await TicketClock.count().where(deadlines & TicketClock.met.eq(True))
            breached = await TicketClock.count().where(
                deadlines & TicketClock.breached_at.is_not_null()
            )
            events = await TicketEvent.count()
            summary = SeedSummary(
                regions=regions,
                calendars=len(calendars),
                agencies=len(agencies),
                sla_policies=n_policies,
                categories=n_categories,
                rules=rules,
                users=len(accounts),
                tickets=sum(statuses.values()),
                tickets_by_status=dict(sorted(statuses.items())),
                tickets_by_channel=dict(sorted(channels.items())),
                events=events,
                clocks_met=met,
                clocks_breached=breached,
                outbox_marked_sent=marked,
                accounts=accounts,
                api_key=key,
                api_key_name=key_name,
                history_start=start,
                history_end=end,
                extra=result,
            )
            await changes.record(
                SEED_ACTOR,
                "demo",
                "wonosobo",
                "seed",
                {
                    "tickets": summary.tickets,
                    "months": months,
                    "today": today.isoformat(),
                    "random_seed": DEMO_RANDOM_SEED,
                },
                at=end,
            )
    finally:
        clock.set_clock(None)
    summary.seconds = round(wallclock.monotonic() - started, 1)
    say(
        f"selesai: {summary.tickets} laporan demo, {summary.events} riwayat, "
        f"{summary.seconds:.0f} detik"
    )
    return summary
