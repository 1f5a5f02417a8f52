"""The Wonosobo demo seed: what it loads, the history it plays, and that it is repeatable.

The autouse fixture of tests/integration/conftest.py gives every test an empty, migrated
database; the determinism test empties it once more between its two seeds.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hotline import clock
from hotline.accounts.roles import Role
from hotline.accounts.service import create_user, find_api_key, verify_password
from hotline.accounts.tables import User
from hotline.callcentre.quality.tables import QualitySample
from hotline.demo import history
from hotline.demo.seed import DemoDatabaseNotEmpty, is_empty, seed
from hotline.directory.tables import (
    Agency,
    AgencySlaPolicy,
    Calendar,
    CalendarOverride,
    Category,
    Region,
    RoutingRule,
)
from hotline.notify.tables import OutboxMessage
from hotline.tickets.lifecycle import OPEN
from hotline.tickets.tables import Ticket, TicketClock, TicketEvent
from tests.integration.conftest import _reset

TODAY = date(2026, 11, 20)
TICKETS = 300
MONTHS = 2
WIB = ZoneInfo("Asia/Jakarta")
UNROUTED = "PUNGLI"

KECAMATAN = {
    "33.07.01": "Wadaslintang",
    "33.07.02": "Kepil",
    "33.07.03": "Sapuran",
    "33.07.04": "Kaliwiro",
    "33.07.05": "Leksono",
    "33.07.06": "Selomerto",
    "33.07.07": "Kalikajar",
    "33.07.08": "Kertek",
    "33.07.09": "Wonosobo",
    "33.07.10": "Watumalang",
    "33.07.11": "Mojotengah",
    "33.07.12": "Garung",
    "33.07.13": "Kejajar",
    "33.07.14": "Sukoharjo",
    "33.07.15": "Kalibawang",
}


async def _small_seed():  # type: ignore[no-untyped-def]
    return await seed(tickets=TICKETS, months=MONTHS, today=TODAY)


async def _history_fingerprint() -> Counter[tuple[str | None, str, str, str, datetime]]:
    rows = await Ticket.select(
        Ticket.category.service_code,
        Ticket.region.code,
        Ticket.status,
        Ticket.channel,
        Ticket.created_at,
    )
    return Counter(
        (
            r["category.service_code"],
            r["region.code"],
            r["status"],
            r["channel"],
            r["created_at"].astimezone(UTC),
        )
        for r in rows
    )


async def test_seed_fills_the_wonosobo_demo() -> None:
    assert await is_empty()
    summary = await _small_seed()
    assert not await is_empty()

    # Regions: the kabupaten with its 15 kecamatan under their Kemendagri codes.
    kecamatan = await Region.select(Region.code, Region.name).where(Region.level == "kecamatan")
    assert {r["code"]: r["name"] for r in kecamatan} == KECAMATAN
    assert await Region.count().where(Region.level.is_in(["desa", "kelurahan"])) > 200
    assert summary.regions == await Region.count()

    # Calendars, the regional holiday, agencies (one central unit), the agency policy.
    assert await Calendar.count() == 2
    assert await CalendarOverride.exists().where(CalendarOverride.day == date(2026, 7, 24))
    assert await CalendarOverride.exists().where(CalendarOverride.day == date(2027, 7, 24))
    central = await Agency.select(Agency.code).where(Agency.is_central.eq(True))
    assert [a["code"] for a in central] == ["ULP"]
    contacts = await Agency.select(
        Agency.supervisor_email, Agency.head_email, Agency.supervisor_phone, Agency.head_phone
    )
    for row in contacts:
        assert row["supervisor_email"].endswith(".example.go.id")
        assert row["head_email"].endswith(".example.go.id")
        assert row["supervisor_phone"].startswith("+62811000")
        assert row["head_phone"].startswith("+62811000")
    assert await AgencySlaPolicy.count() >= 1

    # Categories: each routed to an active agency anywhere in the kabupaten, but one.
    categories = await Category.select(
        Category.id, Category.service_code, Category.ivr_key, Category.urgent
    )
    assert 15 <= len(categories) <= 20
    ivr_keys = [c["ivr_key"] for c in categories if c["ivr_key"]]
    assert len(ivr_keys) == len(set(ivr_keys)) <= 8
    assert set(ivr_keys) <= set("12345678")
    assert any(c["urgent"] for c in categories)
    for c in categories:
        rules = await RoutingRule.select(RoutingRule.agency.active).where(
            (RoutingRule.category == c["id"])
            & RoutingRule.region.is_null()
            & RoutingRule.active.eq(True)
        )
        if c["service_code"] == UNROUTED:
            # Complaints about staff conduct: proposed to internal oversight, never dispatched
            # by the rule itself (a verifier reads each one).
            oversight = await RoutingRule.select(
                RoutingRule.agency.is_oversight, RoutingRule.confident
            ).where(RoutingRule.category == c["id"])
            assert oversight == [{"agency.is_oversight": True, "confident": False}]
        else:
            assert len(rules) == 1 and rules[0]["agency.active"], c["service_code"]
    assert await RoutingRule.exists().where(RoutingRule.region.is_not_null())
    assert await RoutingRule.exists().where(RoutingRule.confident.eq(True))

    # Accounts: one per role at least, with the demo password; the Open311 key works.
    roles = Counter(a.role for a in summary.accounts)
    assert set(roles) == {r.value for r in Role}
    assert roles["verifikator"] >= 2 and roles["petugas"] >= 3 and roles["supervisor"] >= 3
    assert {a.password for a in summary.accounts} == {"demo-hotline-2026"}
    user = await User.select(User.password_hash).where(User.username == "verifikator1").first()
    assert user is not None and verify_password("demo-hotline-2026", user["password_hash"])
    key = await find_api_key(summary.api_key)
    assert key is not None and key["name"] == "Demo Open311 client"

    # The history: the asked number of reports, inside the window, every one marked as demo.
    assert summary.tickets == await Ticket.count() == TICKETS
    assert await Ticket.count().where(Ticket.is_demo.eq(False)) == 0
    end = datetime(TODAY.year, TODAY.month, TODAY.day, tzinfo=WIB)
    first = await Ticket.select(Ticket.created_at).order_by(Ticket.created_at).first()
    last = (
        await Ticket.select(Ticket.created_at).order_by(Ticket.created_at, ascending=False).first()
    )
    assert first is not None and last is not None
    assert end - timedelta(days=62) <= first["created_at"] < last["created_at"] < end

    statuses = Counter(r["status"] for r in await Ticket.select(Ticket.status))
    assert len(statuses) >= 7, statuses
    assert statuses == Counter(summary.tickets_by_status)
    channels = {r["channel"] for r in await Ticket.select(Ticket.channel)}
    assert channels == {"telepon", "web", "open311", "operator"}
    privacies = Counter(r["privacy"] for r in await Ticket.select(Ticket.privacy))
    assert privacies["rahasia"] > 0 and privacies["anonim"] > 0 and privacies["publik"] > 0
    assert await Ticket.count().where(Ticket.category.is_null()) < TICKETS // 10

    # SLA clocks both met and breached, as the worker's sweep saw them.
    assert await TicketClock.count().where(TicketClock.met.eq(True)) > 0
    assert await TicketClock.count().where(TicketClock.met.eq(False)) > 0
    assert await TicketClock.count().where(TicketClock.breached_at.is_not_null()) > 0
    for kind in ("sla_warning", "sla_escalation", "rated", "public_reply"):
        assert await TicketEvent.exists().where(TicketEvent.kind == kind), kind
    assert await Ticket.exists().where(Ticket.rating.is_not_null())

    # The last two weeks are mostly still open: the queues have work.
    recent = await Ticket.select(Ticket.status).where(Ticket.created_at >= end - timedelta(days=14))
    assert recent
    assert sum(r["status"] in OPEN for r in recent) > len(recent) / 2

    # The evaluators find a drawn pool of calls: each officer's random calls of the past weeks.
    pool = await QualitySample.select(QualitySample.why)
    assert pool and {r["why"] for r in pool} >= {"random"}

    # No old message waits to be sent, and the real clock is back.
    assert await OutboxMessage.count() > 0
    assert await OutboxMessage.count().where(OutboxMessage.status != "sent") == 0
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(minutes=1)

    # A second seed refuses and changes nothing.
    with pytest.raises(DemoDatabaseNotEmpty):
        await _small_seed()
    assert await Ticket.count() == TICKETS
    assert await Agency.count() == summary.agencies


async def test_same_call_same_history() -> None:
    await _small_seed()
    first = await _history_fingerprint()
    await _reset()
    assert await is_empty()
    await _small_seed()
    second = await _history_fingerprint()
    assert sum(first.values()) == TICKETS
    assert first == second


async def test_a_failed_seed_leaves_the_database_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken(*args: object, **kwargs: object) -> dict[str, object]:
        raise RuntimeError("simulated failure while playing the history")

    monkeypatch.setattr(history, "play", broken)
    with pytest.raises(RuntimeError, match="simulated failure"):
        await _small_seed()
    assert await is_empty()
    assert await Region.count() == 0
    assert await User.count() == 0
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(minutes=1)


async def test_refuses_when_a_demo_username_is_taken() -> None:
    await create_user(username="admin", password="a-real-admin-password", role="admin")
    assert await is_empty()  # no directory yet, but the demo would clash with this account
    with pytest.raises(DemoDatabaseNotEmpty, match="admin"):
        await _small_seed()
    assert await Region.count() == 0
    assert await User.count() == 1
