"""The roster over HTTP, both engines: the coordinator adds, changes and removes shifts (each
audited, overlaps refused, a double submit adding one shift, errors keeping what was typed),
and the staffing page shows the gap against the forecast and each officer's adherence from
the log. A call agent gets 403."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hotline import clock
from hotline.accounts.service import create_user
from hotline.callcentre import events
from hotline.callcentre.definitions import Kind
from hotline.callcentre.tables import Shift
from hotline.db.tx import transaction
from hotline.directory.tables import AdminChange
from tests.integration.konsol.support import PASSWORD, post, sign_in
from tests.support.live_server import live_server

WIB = ZoneInfo("Asia/Jakarta")
ROSTER = "/konsol/pusat-panggilan/jadwal"
STAFF = "/konsol/pusat-panggilan/staf"


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with live_server() as url:
        yield url


def at(day: date, hm: str) -> datetime:
    h, m = (int(x) for x in hm.split(":"))
    return datetime(day.year, day.month, day.day, h, m, tzinfo=WIB)


async def answered_call(sid: str, entered: datetime, agent: int) -> None:
    for kind, when, fields in (
        (Kind.ENTERQUEUE, entered, {"queue": "id", "position": 1}),
        (Kind.CONNECT, entered + timedelta(seconds=10), {"agent": agent, "wait_seconds": 10}),
        (
            Kind.COMPLETECALLER,
            entered + timedelta(seconds=250),
            {"agent": agent, "talk_seconds": 240, "hold_seconds": 0},
        ),
        # Signed out after 10 s of wrap-up: handling time 250 s.
        (Kind.AGENTLOGOFF, entered + timedelta(seconds=260), {"agent": agent}),
    ):
        sid_ = "" if kind == Kind.AGENTLOGOFF else sid
        await events.record(events.event(kind, f"{sid}:{kind}", when, call_sid=sid_, **fields))  # type: ignore[arg-type]


def shift_ids(page: str) -> list[int]:
    return [int(x) for x in re.findall(r'data-shift="(\d+)"', page)]


async def test_the_coordinator_rosters_and_sees_the_gap_and_adherence(base: str) -> None:
    officer = await create_user(username="operator.satu", password=PASSWORD, role="operator")
    await create_user(username="koordinator", password=PASSWORD, role="koordinator")
    today = clock.now().astimezone(WIB).date()
    yesterday = today - timedelta(days=1)
    # The forecast's basis: 12 calls between 09:00 and 10:00 on the same weekday a week
    # before yesterday and before today (÷ 6 weeks: 2 an hour, 250 s each: 1 officer needed).
    async with transaction():
        for day in (yesterday - timedelta(weeks=1), today - timedelta(weeks=1)):
            for i in range(12):
                await answered_call(
                    f"CA{day}{i}", at(day, "09:00") + timedelta(minutes=i * 4), officer
                )
        # The log began ten weeks ago (so all six weeks of the basis were measured).
        began = at(today - timedelta(weeks=10), "12:00")
        await events.record(events.event(Kind.AGENTLOGIN, "first", began, agent=officer))
        await events.record(
            events.event(Kind.AGENTLOGOFF, "first-out", began + timedelta(hours=1), agent=officer)
        )
        # Yesterday the officer signed in at 08:30 and out at 09:30 of a 08:00–10:00 shift.
        await events.record(
            events.event(Kind.AGENTLOGIN, "in", at(yesterday, "08:30"), agent=officer)
        )
        await events.record(
            events.event(Kind.AGENTLOGOFF, "out", at(yesterday, "09:30"), agent=officer)
        )

    client = await sign_in(base, "koordinator")
    page = await client.get(f"{ROSTER}?minggu={yesterday.isoformat()}")
    assert page.status_code == 200 and "operator.satu" in page.text
    token = page.text.split('name="token" value="', 1)[1].split('"', 1)[0]
    shift = {
        "petugas": str(officer),
        "tanggal": yesterday.isoformat(),
        "mulai": "08:00",
        "selesai": "10:00",
        "catatan": "pagi",
        "token": token,
    }
    for _ in range(2):  # the same form posted twice adds one shift
        added = await post(client, ROSTER, shift)
        assert added.status_code == 303 and "ok=added" in added.headers["location"]
    assert await Shift.count() == 1

    # An overlapping shift of the same officer is refused; what was typed comes back.
    clash = await post(
        client,
        ROSTER,
        {**shift, "mulai": "09:00", "selesai": "11:00", "catatan": "catatan saya", "token": "t2"},
    )
    assert clash.status_code == 400 and 'role="alert"' in clash.text
    assert 'value="catatan saya"' in clash.text and 'value="09:00"' in clash.text
    assert "sudah punya giliran" in clash.text  # in Indonesian by default
    bad = await post(client, f"{ROSTER}?lang=en", {**shift, "selesai": "25:00", "token": "t3"})
    assert bad.status_code == 400 and 'value="25:00"' in bad.text and 'value="pagi"' in bad.text
    assert await Shift.count() == 1

    # Another shift today 10:00–12:00, changed to 11:00–12:00; one more added then removed.
    await post(
        client,
        ROSTER,
        {
            **shift,
            "tanggal": today.isoformat(),
            "mulai": "10:00",
            "selesai": "12:00",
            "token": "t4",
        },
    )
    await post(
        client,
        ROSTER,
        {
            **shift,
            "tanggal": today.isoformat(),
            "mulai": "20:00",
            "selesai": "02:00",
            "token": "t5",
        },
    )
    week = await client.get(f"{ROSTER}?minggu={today.isoformat()}")
    ids = sorted(shift_ids(week.text))
    later, night = ids[-2], ids[-1]
    edit = await client.get(f"{ROSTER}/{later}")
    assert edit.status_code == 200 and 'value="10:00"' in edit.text
    changed = await post(
        client,
        f"{ROSTER}/{later}",
        {**shift, "tanggal": today.isoformat(), "mulai": "11:00", "selesai": "12:00"},
    )
    assert changed.status_code == 303
    removed = await post(client, f"{ROSTER}/{night}/hapus", {"minggu": today.isoformat()})
    assert removed.status_code == 303
    assert (await post(client, f"{ROSTER}/{night}/hapus", {})).status_code == 303  # twice: no error
    assert (await client.get(f"{ROSTER}/{night}")).status_code == 404
    audit = (
        await AdminChange.select(AdminChange.action, AdminChange.actor)
        .where(AdminChange.entity == "callcentre_shift")
        .order_by(AdminChange.id)
    )
    assert [a["action"] for a in audit] == ["create", "create", "create", "update", "delete"]
    assert {a["actor"] for a in audit} == {"koordinator"}

    # Staffing: at 09:00 yesterday and today 1 officer is required. Yesterday 1 was rostered
    # (gap 0), today none (gap −1, short). Adherence yesterday: 60 of 120 minutes.
    qs = f"dari={yesterday.isoformat()}&sampai={today.isoformat()}&interval=60"
    staffing = await client.get(f"{STAFF}?{qs}")
    assert staffing.status_code == 200
    rows = list(csv.DictReader(io.StringIO((await client.get(f"{STAFF}/interval.csv?{qs}")).text)))
    by_start = {r["start"]: r for r in rows}
    nine_yesterday = by_start[f"{yesterday.isoformat()}T09:00:00"]
    nine_today = by_start[f"{today.isoformat()}T09:00:00"]
    assert nine_yesterday["forecast_arrivals"] == "2.000" and nine_yesterday["required"] == "1"
    assert (nine_yesterday["rostered"], nine_yesterday["gap"]) == ("1.000", "0.000")
    assert nine_yesterday["available"] == "0.500"  # signed in 09:00–09:30
    assert (nine_today["rostered"], nine_today["gap"]) == ("0.000", "-1.000")
    assert by_start[f"{today.isoformat()}T11:00:00"]["rostered"] == "1.000"
    assert 'class="cc-short"' in staffing.text and "<svg" in staffing.text
    # Adherence of yesterday alone (today's shift may not be over yet when this runs).
    only_yesterday = await client.get(f"{STAFF}?dari={yesterday}&sampai={yesterday}")
    assert f'data-adherence="{officer}">50,0%<' in only_yesterday.text
    adherence = list(
        csv.DictReader(io.StringIO((await client.get(f"{STAFF}/kepatuhan.csv?{qs}")).text))
    )
    first = next(r for r in adherence if r["day"] == yesterday.isoformat())
    assert (first["rostered_seconds"], first["available_seconds"], first["adherence"]) == (
        "7200",
        "3600",
        "0.5000",
    )
    # Dates outside any roster are refused, not a 500 from the calendar's edge.
    assert (await client.get(f"{STAFF}?dari=0001-01-01&sampai=0001-01-02")).status_code == 400
    assert (await client.get(f"{ROSTER}?minggu=0001-01-01")).status_code == 200
    methods = await client.get("/konsol/pusat-panggilan/metode?lang=en")
    assert "Erlang C" in methods.text and "6 weeks" in methods.text
    assert (
        await client.get(f"{STAFF}?dari={yesterday}&sampai={yesterday + timedelta(days=40)}")
    ).status_code == 400
    await client.aclose()


async def test_a_week_is_copied_to_the_next_once_and_a_bad_change_keeps_its_input(
    base: str,
) -> None:
    officer = await create_user(username="operator.tiga", password=PASSWORD, role="operator")
    await create_user(username="koordinator", password=PASSWORD, role="koordinator")
    client = await sign_in(base, "koordinator")
    monday = date(2026, 12, 7)
    shift = {"petugas": str(officer), "mulai": "08:00", "selesai": "16:00", "catatan": ""}
    await post(client, ROSTER, {**shift, "tanggal": "2026-12-07", "token": "a"})
    await post(
        client,
        ROSTER,
        {**shift, "tanggal": "2026-12-13", "mulai": "22:00", "selesai": "06:00", "token": "b"},
    )
    # Already in the next week: Monday 14 December 07:00–09:00, which Monday's copy would
    # overlap (left out); Sunday night's copy (20 December) goes in.
    await post(
        client,
        ROSTER,
        {**shift, "tanggal": "2026-12-14", "mulai": "07:00", "selesai": "09:00", "token": "c"},
    )
    copied = await post(client, f"{ROSTER}/salin", {"minggu": monday.isoformat()})
    assert copied.status_code == 303
    assert "minggu=2026-12-14" in copied.headers["location"]
    assert "disalin=1&dilewati=1" in copied.headers["location"]
    page = await client.get(copied.headers["location"])
    assert "1 giliran disalin" in page.text
    again = await post(client, f"{ROSTER}/salin", {"minggu": monday.isoformat()})
    assert "disalin=0&dilewati=2" in again.headers["location"]
    days = sorted(
        (r["day"], r["start_minute"]) for r in await Shift.select(Shift.day, Shift.start_minute)
    )
    assert days == [
        (date(2026, 12, 7), 480),
        (date(2026, 12, 13), 1320),
        (date(2026, 12, 14), 420),
        (date(2026, 12, 20), 1320),
    ]
    # A change with a mistake comes back with what was typed, in English when asked.
    first = (await Shift.select(Shift.id).where(Shift.day == monday).first())["id"]  # type: ignore[index]
    bad = await post(
        client,
        f"{ROSTER}/{first}?lang=en",
        {**shift, "tanggal": "2026-12-07", "selesai": "7 pm", "catatan": "ganti jam"},
    )
    assert bad.status_code == 400 and "Give a time as HH:MM." in bad.text
    assert 'value="7 pm"' in bad.text and 'value="ganti jam"' in bad.text
    assert (await Shift.select(Shift.end_minute).where(Shift.id == first).first()) == {
        "end_minute": 960
    }
    await client.aclose()


async def test_a_call_agent_may_not_see_or_edit_the_roster(base: str) -> None:
    await create_user(username="operator.dua", password=PASSWORD, role="operator")
    client = await sign_in(base, "operator.dua")
    assert (await client.get(ROSTER)).status_code == 403
    assert (await client.get(STAFF)).status_code == 403
    assert (await client.get(f"{STAFF}/interval.csv")).status_code == 403
    refused = await post(
        client,
        ROSTER,
        {"petugas": "1", "tanggal": "2026-12-07", "mulai": "08:00", "selesai": "10:00"},
    )
    assert refused.status_code == 403
    assert await Shift.count() == 0
    await client.aclose()


async def test_the_demo_rosters_its_officers_on_working_days(base: str) -> None:
    from hotline.demo import calls

    agent = await create_user(username="operator1", password=PASSWORD, role="operator")
    await create_user(username="koordinator1", password=PASSWORD, role="koordinator")
    await create_user(username="verifikator1", password=PASSWORD, role="verifikator")
    # Friday 4 December 2026: four weeks back and two ahead, weekends and holidays left out
    # (25 December is Christmas, 24 December cuti bersama).
    end = datetime(2026, 12, 4, 17, tzinfo=WIB)
    async with transaction():
        added = await calls.seed_roster(end=end)
    rows = await Shift.select().order_by(Shift.day)
    assert added == len(rows) and {r["officer"] for r in rows} >= {agent}
    days = {r["day"] for r in rows}
    assert all(d.weekday() < 5 for d in days) and date(2026, 12, 25) not in days
    assert min(days) == date(2026, 11, 6) and max(days) <= date(2026, 12, 18)
    mine = [r for r in rows if r["officer"] == agent]
    assert len(mine) == len(days)
    assert {(r["start_minute"], r["end_minute"]) for r in mine} == {(480, 960)}
