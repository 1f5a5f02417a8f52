"""The officer queue end to end: queued per language with position and estimate, taken by an
officer on the agent line (PIN, whisper, <Dial><Queue>), abandoned, or timed out into a message;
every step stored for the call-centre figures. And a call out of service hours."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from hotline.accounts.service import create_user
from hotline.errors import ValidationFailed
from hotline.ivr.agent import set_agent_pin
from hotline.ivr.tables import IvrQueueEvent, QueueCall
from hotline.notify.tables import OutboxMessage
from tests.integration.ivr.helpers import (
    ALWAYS_OPEN,
    AUTH_TOKEN,
    PUBLIC_URL,
    assert_nothing_spooled,
    phone_directory,
    tickets,
)
from tests.support.live_server import live_server
from tests.support.twilio_caller import SimulatedCall, TwilioCaller, new_call_sid

MAX_WAIT = 120
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@pytest.fixture(scope="module")
def caller() -> Iterator[TwilioCaller]:
    env = {**ALWAYS_OPEN, "HOTLINE_IVR_QUEUE_MAX_WAIT_SECONDS": str(MAX_WAIT)}
    with live_server(**env) as base:
        client = TwilioCaller(base, auth_token=AUTH_TOKEN, public_url=PUBLIC_URL)
        yield client
        client.close()
    assert_nothing_spooled()


@pytest.fixture(scope="module")
def closed_caller() -> Iterator[TwilioCaller]:
    # Open only on a weekday that is not today (Jakarta time): now is out of service hours.
    tomorrow = DAYS[(datetime.now(ZoneInfo("Asia/Jakarta")).weekday() + 1) % 7]
    env = {
        "HOTLINE_TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "HOTLINE_IVR_SPOOL_DIR": ALWAYS_OPEN["HOTLINE_IVR_SPOOL_DIR"],
        "HOTLINE_IVR_SERVICE_HOURS": f"{tomorrow} 08:00-16:00",
    }
    with live_server(**env) as base:
        client = TwilioCaller(base, auth_token=AUTH_TOKEN, public_url=PUBLIC_URL)
        yield client
        client.close()
    assert_nothing_spooled()


def wait_music(caller: TwilioCaller, call: SimulatedCall, position: int, waited: int) -> ET.Element:
    url = call.find("Enqueue").attrib["waitUrl"]
    params = call.params(
        QueuePosition=position, QueueTime=waited, AvgQueueTime=90, CurrentQueueSize=position
    )
    response = caller.post(url, params)
    assert response.status_code == 200
    return ET.fromstring(response.text)  # noqa: S314


def queued(caller: TwilioCaller) -> SimulatedCall:
    call = caller.call()
    call.start()
    call.press("0")
    return call


async def test_a_caller_is_queued_and_taken_by_an_officer(caller: TwilioCaller) -> None:
    await phone_directory()
    officer = await create_user(
        username="operator.satu", password="sandi-operator-123", role="operator"
    )
    await set_agent_pin("operator.satu", "4321")

    call = queued(caller)
    enqueue = call.find("Enqueue")
    assert enqueue.text == "hotline-id" and "Mohon tunggu" in call.text
    [row] = await QueueCall.select()
    assert row["outcome"] == "waiting" and row["queue"] == "id"
    hold = wait_music(caller, call, position=2, waited=10)
    said = " ".join(s.text or "" for s in hold.iter("Say"))
    assert "antrean nomor 2" in said and "sekitar 2 menit" in said
    assert hold.find("Pause") is not None and hold.find("Leave") is None

    # The officer calls the agent line: PIN, then the whisper and the queue.
    agent_sid = new_call_sid()
    base = {
        "CallSid": agent_sid,
        "From": "+6281100000009",
        "To": "+622860000001",
        "AccountSid": "AC" + "0" * 32,
    }
    first = caller.post("/ivr/agent", base)
    gather = ET.fromstring(first.text).find("Gather")  # noqa: S314
    assert gather is not None and "PIN petugas" in first.text
    wrong = caller.post(gather.attrib["action"], {**base, "Digits": "9999"})
    assert "PIN tersebut tidak berlaku" in wrong.text
    again = ET.fromstring(wrong.text).find("Gather")  # noqa: S314
    assert again is not None
    right = caller.post(again.attrib["action"], {**base, "Digits": "4321"})
    doc = ET.fromstring(right.text)  # noqa: S314
    assert "Penelepon berikutnya: Bahasa Indonesia." in right.text
    queue = doc.find("Dial/Queue")
    assert queue is not None and queue.text == "hotline-id"

    # Twilio bridges them: the connect URL runs on the caller's leg.
    connect = caller.post(
        queue.attrib["url"], call.params(QueueSid="QU1", QueueTime=12, DequeingCallSid=agent_sid)
    )
    assert "tersambung dengan petugas" in connect.text
    [row] = await QueueCall.select()
    assert row["outcome"] == "answered" and row["wait_seconds"] == 12 and row["agent"] == officer
    # The conversation ends: the <Enqueue> action, then the status callback.
    call.queue_result("bridged", 12)
    assert call.ended
    call.hang_up(duration=200)
    [row] = await QueueCall.select()
    assert row["ended_at"] is not None and row["handle_seconds"] is not None
    kinds = [e["kind"] for e in await IvrQueueEvent.select().order_by(IvrQueueEvent.id)]
    assert kinds == ["entered", "answered", "left", "ended"]


async def test_a_caller_who_hangs_up_in_the_queue_is_abandoned(caller: TwilioCaller) -> None:
    await phone_directory()
    call = queued(caller)
    call.queue_result("hangup", 35)
    call.hang_up(duration=50)
    [row] = await QueueCall.select()
    assert (
        row["outcome"] == "abandoned" and row["wait_seconds"] == 35 and row["answered_at"] is None
    )
    assert await tickets() == []


async def test_after_the_wait_limit_the_caller_leaves_a_message(caller: TwilioCaller) -> None:
    await phone_directory()
    call = queued(caller)
    assert wait_music(caller, call, position=1, waited=MAX_WAIT).find("Leave") is not None
    call.queue_result("leave", MAX_WAIT)
    assert "semua petugas kami masih sibuk" in call.text
    call.press("1")
    call.record(seconds=35)
    assert "SMS" in call.text  # asked, never assumed (issue 15, item 3)
    call.press("2")
    assert "Pesan Anda sudah kami terima sebagai laporan" in call.text and call.ended
    [ticket] = await tickets()
    assert ticket["incomplete"] and ticket["privacy"] == "rahasia"
    assert " ".join(ticket["reference"]) in call.text
    [row] = await QueueCall.select()
    assert row["outcome"] == "recording" and row["wait_seconds"] == MAX_WAIT


async def test_out_of_service_hours_no_queue_but_a_message(closed_caller: TwilioCaller) -> None:
    await phone_directory()
    call = closed_caller.call()
    call.start()
    call.press("0")
    assert "Petugas kami melayani telepon pada jam kerja" in call.text
    assert "pukul 08.00 sampai 16.00" in call.text and "kecuali hari libur" in call.text
    assert call.root.find(".//Enqueue") is None
    call.press("1")
    call.record(seconds=20)
    # The caller is asked before any SMS; a rahasia caller who says no gets none.
    assert "lewat SMS" in call.text
    call.press("2")
    assert "Pesan Anda sudah kami terima" in call.text
    assert len(await tickets()) == 1
    assert await OutboxMessage.count().where(OutboxMessage.channel == "sms") == 0
    assert await QueueCall.count() == 0  # never offered to the queue: not counted


async def test_agent_pins_are_checked(caller: TwilioCaller) -> None:
    await create_user(username="operator.dua", password="sandi-operator-123", role="operator")
    await create_user(username="operator.tiga", password="sandi-operator-123", role="operator")
    await set_agent_pin("operator.dua", "5555")
    with pytest.raises(ValidationFailed):
        await set_agent_pin("operator.tiga", "5555")
    with pytest.raises(ValidationFailed):
        await set_agent_pin("operator.tiga", "12a4")
