"""The day summaries on the real database (both engines): the worker's round summarises the
closed days, the report page and its CSV read them (and fold the rest live) and give exactly
what the pure fold of the log gives for the same range, a late event is found and its day
folded again, and two workers at once leave each day counted once."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hotline import clock
from hotline.callcentre import jobs, summaries
from hotline.callcentre.definitions import Kind
from hotline.callcentre.events import event
from hotline.callcentre.queries import Range, officer_names
from hotline.callcentre.records import Event
from hotline.callcentre.routes import csv_rows
from hotline.callcentre.tables import (
    CallCentreDay,
    CallCentreDayInterval,
    CallCentreDayOfficer,
    CallCentreEvent,
)
from hotline.db.tx import is_sqlite, transaction
from hotline.settings import get_settings
from tests.integration.konsol.support import PASSWORD, sign_in
from tests.support.callcentre_log import log
from tests.support.factories import freeze
from tests.support.live_server import live_server
from tests.unit.callcentre.test_daily import by_fold

WIB = ZoneInfo("Asia/Jakarta")
FIRST = date(2026, 3, 2)  # a Monday
DAYS = 10
# The worker's "now": 03:00 the day after the log, past its last day's window (02:00).
NOW = datetime.combine(FIRST + timedelta(days=DAYS), time(3), WIB)


async def write(events: list[Event]) -> None:
    async with transaction():
        await CallCentreEvent.insert(*(CallCentreEvent(**e) for e in events))


async def everything() -> list[Event]:
    rows = await CallCentreEvent.select().order_by(CallCentreEvent.at).order_by(CallCentreEvent.id)
    return [Event(**{k: v for k, v in r.items() if k != "id"}) for r in rows]  # type: ignore[typeddict-item]


async def assert_report_is_the_fold(first: date, days: int) -> None:
    events = await everything()
    r = Range(first, first + timedelta(days=days - 1), WIB)
    for minutes in (15, 30, 60):
        got = await summaries.range_report(r, minutes)
        assert got == by_fold(events, first, days, minutes), minutes


async def test_a_range_read_from_summaries_equals_the_fold_of_its_log() -> None:
    await write(log(FIRST, DAYS, WIB, seed=18, calls=25))
    # Nothing summarised: every day folded live.
    await assert_report_is_the_fold(FIRST, DAYS)

    assert await summaries.refresh(WIB, NOW) == DAYS
    assert await summaries.refresh(WIB, NOW) == 0  # nothing changed: nothing to do
    assert await CallCentreDay.count() == DAYS
    await assert_report_is_the_fold(FIRST, DAYS)
    # Summaries for some days, the log for the others (a range past what is summarised).
    await assert_report_is_the_fold(FIRST + timedelta(days=3), DAYS + 2)

    # A late event: a spooled webhook replayed after the day was summarised, dated then.
    tuesday = datetime.combine(FIRST + timedelta(days=1), time(9, 7), WIB)
    await write(
        [
            event(Kind.ENTERQUEUE, "late:in", tuesday, call_sid="LATE", queue="id", position=1),
            event(
                Kind.ABANDON,
                "late:a",
                tuesday + timedelta(seconds=40),
                call_sid="LATE",
                wait_seconds=40,
            ),
        ]
    )
    # Tuesday, and Wednesday whose look-back (16 hours: the officers' states at midnight)
    # reaches 09:07 on Tuesday.
    # Tuesday is 8 days old: not among the last two days looked at every round, so it is found
    # when the older days are due a look again.
    assert await summaries.due(WIB, NOW + timedelta(minutes=1)) == []
    later = NOW + summaries.RECHECK_OLDER_EVERY
    assert await summaries.due(WIB, later) == [
        FIRST + timedelta(days=1),
        FIRST + timedelta(days=2),
    ]
    assert await summaries.refresh(WIB, later + summaries.RECHECK_OLDER_EVERY) == 2
    await assert_report_is_the_fold(FIRST, DAYS)
    got = await summaries.range_report(Range(FIRST, FIRST + timedelta(days=1), WIB), 60)
    nine = [
        row for row in got["intervals"] if row["start"] == tuesday.replace(minute=0, tzinfo=None)
    ]
    assert nine and nine[0]["abandoned"] >= 1


async def test_the_report_page_and_its_csv_read_the_summaries() -> None:
    from hotline.accounts.service import create_user

    await write(log(FIRST, DAYS, WIB, seed=5, calls=20))
    await summaries.refresh(WIB, NOW)
    await create_user(username="koordinator", password=PASSWORD, role="koordinator")
    events = await everything()
    names = await officer_names({1, 2, 3})  # the officers 1-3 of the log; 1 is the coordinator
    last = FIRST + timedelta(days=DAYS - 1)
    with live_server() as base:
        client = await sign_in(base, "koordinator")
        query = f"dari={FIRST}&sampai={last}&interval=30"
        page = await client.get(f"/konsol/pusat-panggilan/laporan?{query}")
        assert page.status_code == 200
        for name in ("interval", "jam", "abandon", "petugas"):
            got = await client.get(f"/konsol/pusat-panggilan/laporan/{name}.csv?{query}")
            assert got.status_code == 200
            want = csv_rows(name, {**by_fold(events, FIRST, DAYS, 30), "names": names})
            rows = list(csv.reader(io.StringIO(got.text)))
            assert rows == [[str(cell) for cell in row] for row in want], name
        await client.aclose()


async def test_two_workers_at_once_count_each_day_once() -> None:
    await write(log(FIRST, DAYS, WIB, seed=9, calls=10))
    rounds = 1 if is_sqlite() else 2  # SQLite's writers take turns in one process anyway
    done = await asyncio.gather(*(summaries.refresh(WIB, NOW) for _ in range(rounds)))
    assert sum(done) >= DAYS
    assert await CallCentreDay.count() == DAYS
    # The same day folded by both: one row per (day, minute) and per (day, officer).
    for day in {r["day"] for r in await CallCentreDayInterval.select(CallCentreDayInterval.day)}:
        rows = await CallCentreDayInterval.select(CallCentreDayInterval.minute).where(
            CallCentreDayInterval.day == day
        )
        assert len(rows) == len({r["minute"] for r in rows})
    officers = await CallCentreDayOfficer.count()
    await summaries.summarise(FIRST, WIB)  # again: replaced, not added
    assert await CallCentreDayOfficer.count() == officers
    await assert_report_is_the_fold(FIRST, DAYS)


async def test_the_worker_round_summarises_the_closed_days_on_the_projects_clock() -> None:
    await write(log(FIRST, DAYS, WIB, seed=2, calls=5))
    freeze(NOW - timedelta(hours=2))  # 01:00: the log's last day is not closed yet
    try:
        assert await jobs.run_round(get_settings()) == DAYS - 1
        freeze(NOW)
        assert await jobs.run_round(get_settings()) == 1
        assert await jobs.run_round(get_settings()) == 0
    finally:
        clock.set_clock(None)
