"""The database goes away mid-call (the app reaches PostgreSQL through a TCP proxy the test cuts):
the caller still gets valid TwiML, an apology and a recording; the requests are spooled to disk
and the worker's job replays them once the database is back. Nothing the caller said is lost."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from hotline import clock
from hotline.ivr import jobs, spool
from hotline.ivr.tables import IvrCall
from hotline.notify.tables import OutboxMessage
from hotline.tickets.tables import Attachment, TicketClock, TicketEvent
from tests.integration.ivr.helpers import (
    ALWAYS_OPEN,
    AUTH_TOKEN,
    PUBLIC_URL,
    phone_directory,
    tickets,
)
from tests.support.live_server import live_server
from tests.support.tcp_proxy import TcpProxy
from tests.support.twilio_caller import TwilioCaller

pytestmark = pytest.mark.postgres_only


@pytest.fixture(scope="module")
def proxy() -> Iterator[TcpProxy]:
    target = urlsplit(os.environ["HOTLINE_DATABASE_URL"])
    with TcpProxy(target.hostname or "127.0.0.1", target.port or 5432) as p:
        yield p


@pytest.fixture(scope="module")
def spool_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ivr-spool")


@pytest.fixture(scope="module")
def caller(proxy: TcpProxy, spool_dir: Path) -> Iterator[TwilioCaller]:
    target = urlsplit(os.environ["HOTLINE_DATABASE_URL"])
    through_proxy = target._replace(netloc=f"{target.username}@127.0.0.1:{proxy.port}").geturl()
    env = {
        **ALWAYS_OPEN,
        "HOTLINE_DATABASE_URL": through_proxy,
        "HOTLINE_IVR_SPOOL_DIR": str(spool_dir),
        "HOTLINE_IVR_DB_TIMEOUT_SECONDS": "2",
    }
    with live_server(**env) as base:
        client = TwilioCaller(base, auth_token=AUTH_TOKEN, public_url=PUBLIC_URL)
        yield client
        client.close()


async def test_database_lost_before_confirming(
    caller: TwilioCaller, proxy: TcpProxy, spool_dir: Path
) -> None:
    await phone_directory()
    call = caller.call(from_="+6281234567890")
    call.start()
    call.press("1")
    call.press("2")
    call.say("Kertek")
    call.press("1")  # publik
    call.press("1")  # SMS yes
    call.record(seconds=40)
    assert "tekan 1" in call.text

    proxy.cut()
    try:
        call.press("1")  # confirm: the database is gone
        assert "sistem kami sedang mengalami gangguan" in call.text
        record = call.find("Record")
        assert "mode=down" in record.attrib["action"]
        call.record(seconds=15)  # the caller leaves a message anyway
        assert "pesan Anda sudah tersimpan" in call.text and call.ended
        call.hang_up(duration=120)
        assert len(spool.pending(spool_dir)) == 3
    finally:
        proxy.restore()

    # The database comes back hours later: what the caller did is dated when they did it.
    spooled_at = datetime.now(UTC)
    clock.set_clock(lambda: spooled_at + timedelta(hours=3))
    assert await spool.replay(spool_dir, jobs.replay_record) == 3
    assert spool.pending(spool_dir) == []
    [ticket] = await tickets()
    # The confirmation was replayed: a complete report, with its SMS, as if nothing happened...
    assert not ticket["incomplete"] and ticket["category"] is not None
    assert spooled_at - timedelta(minutes=1) < ticket["created_at"] <= spooled_at
    [verification] = await TicketClock.select().where(TicketClock.ticket == ticket["id"])
    assert verification["started_at"] == ticket["created_at"]
    assert await OutboxMessage.count().where(OutboxMessage.channel == "sms") == 1
    # ...and the message left during the outage is added to it, recording and all.
    info = await TicketEvent.select(TicketEvent.body).where(
        (TicketEvent.ticket == ticket["id"]) & (TicketEvent.kind == "info_added")
    )
    assert len(info) == 1 and "15 detik" in info[0]["body"]
    ended = await IvrCall.select(IvrCall.ended_at).where(IvrCall.call_sid == call.sid).first()
    assert ended is not None
    assert ended["ended_at"] <= spooled_at  # the status callback, too
    assert await Attachment.count().where(Attachment.ticket == ticket["id"]) == 2
    row = await IvrCall.select().where(IvrCall.call_sid == call.sid).first()
    assert row is not None
    assert row["status"] == "done" and row["ticket"] == ticket["id"]
    # Replaying again (a second worker, a crash before the delete) changes nothing.
    assert await spool.replay(spool_dir, jobs.replay_record) == 0


async def test_database_lost_from_the_first_ring(
    caller: TwilioCaller, proxy: TcpProxy, spool_dir: Path
) -> None:
    await phone_directory()
    call = caller.call(from_="+6281234567891")
    proxy.cut()
    try:
        call.start()
        assert "sistem kami sedang mengalami gangguan" in call.text
        call.record(seconds=30)
        call.hang_up()
    finally:
        proxy.restore()
    assert await spool.replay(spool_dir, jobs.replay_record) == 3
    [ticket] = await tickets()
    assert ticket["incomplete"] and ticket["channel"] == "telepon"
    assert ticket["privacy"] == "rahasia"
    assert await Attachment.count().where(Attachment.ticket == ticket["id"]) == 1
    # The caller was never asked whether they want an SMS: none is sent (issue 15, item 3).
    assert await OutboxMessage.count().where(OutboxMessage.channel == "sms") == 0


async def test_database_back_before_the_message_then_the_spool_replayed(
    caller: TwilioCaller, proxy: TcpProxy, spool_dir: Path
) -> None:
    await phone_directory()
    call = caller.call(from_="+6281234567892")
    call.start()
    call.press("1")
    call.press("1")
    call.say("Kertek")
    call.press("3")  # rahasia
    call.press("2")  # no SMS
    call.record(seconds=40)
    proxy.cut()
    try:
        call.press("1")  # the confirmation is spooled
        assert "mode=down" in call.find("Record").attrib["action"]
    finally:
        proxy.restore()
    call.record(seconds=20)  # the database is back: the message is filed at once
    assert "pesan Anda sudah tersimpan" in call.text
    [ticket] = await tickets()
    assert ticket["incomplete"]
    assert await Attachment.count().where(Attachment.ticket == ticket["id"]) == 2
    # The spooled confirmation, replayed later, does not file the report a second time.
    assert await spool.replay(spool_dir, jobs.replay_record) == 1
    assert len(await tickets()) == 1
