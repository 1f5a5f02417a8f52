"""The call centre end to end: calls walked through signed Twilio webhooks and the agent line
write the event log (once, whatever Twilio retries), an officer sets their state in the console,
and the coordinator reads the interval report over HTTP and as CSV. Both engines."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hotline.accounts.service import create_user
from hotline.callcentre.tables import CallCentreEvent
from hotline.ivr.agent import set_agent_pin
from tests.integration.ivr.helpers import (
    ALWAYS_OPEN,
    AUTH_TOKEN,
    PUBLIC_URL,
    assert_nothing_spooled,
    phone_directory,
)
from tests.integration.konsol.support import PASSWORD, client_for, post, sign_in
from tests.support.live_server import live_server
from tests.support.twilio_caller import SimulatedCall, TwilioCaller, new_call_sid

MAX_WAIT = 120
REPORT = "/konsol/pusat-panggilan/laporan"


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[str, TwilioCaller]]:
    env = {**ALWAYS_OPEN, "HOTLINE_IVR_QUEUE_MAX_WAIT_SECONDS": str(MAX_WAIT)}
    with live_server(**env) as base:
        client = TwilioCaller(base, auth_token=AUTH_TOKEN, public_url=PUBLIC_URL)
        yield base, client
        client.close()
    assert_nothing_spooled()


def queued(caller: TwilioCaller) -> SimulatedCall:
    call = caller.call()
    call.start()
    call.press("0")
    assert call.find("Enqueue").text == "hotline-id"
    return call


async def log() -> list[dict]:
    return list(
        await CallCentreEvent.select().order_by(CallCentreEvent.at).order_by(CallCentreEvent.id)
    )


def around_today() -> str:
    today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
    first, last = today - timedelta(days=1), today + timedelta(days=1)
    return f"dari={first.isoformat()}&sampai={last.isoformat()}"


async def test_calls_write_the_log_once_and_the_interval_report_counts_them(
    served: tuple[str, TwilioCaller],
) -> None:
    base, caller = served
    await phone_directory()
    officer = await create_user(username="operator.satu", password=PASSWORD, role="operator")
    await create_user(username="koordinator", password=PASSWORD, role="koordinator")
    await set_agent_pin("operator.satu", "4321")

    # The officer signs in on the agent line and waits for a caller.
    answered = queued(caller)
    agent = {"CallSid": new_call_sid(), "From": "+6281100000009", "To": "+622860000001"}
    first = ET.fromstring(caller.post("/ivr/agent", agent).text)  # noqa: S314
    pin_url = first.find("Gather").attrib["action"]  # type: ignore[union-attr]
    dialled = caller.post(pin_url, {**agent, "Digits": "4321"})
    dial = ET.fromstring(dialled.text).find("Dial")  # noqa: S314
    assert dial is not None
    connect_url = dial.find("Queue").attrib["url"]  # type: ignore[union-attr]

    # Bridged after 12 s; Twilio retries the connect callback and the status callback.
    connect = answered.params(QueueSid="QU1", QueueTime=12, DequeingCallSid=agent["CallSid"])
    assert caller.post(connect_url, connect).status_code == 200
    assert caller.post(connect_url, connect).status_code == 200
    answered.queue_result("bridged", 12)  # the officer hung up: back in <Enqueue>'s action
    answered.hang_up(duration=200)
    answered.hang_up(duration=200)
    # The officer's <Dial> is over: wrap-up, then no key: goodbye, signed out.
    after = ET.fromstring(caller.post(dial.attrib["action"], agent).text)  # noqa: S314
    caller.post(after.find("Gather").attrib["action"], agent)  # type: ignore[union-attr]

    abandoned = queued(caller)
    abandoned.queue_result("hangup", 35)
    abandoned.hang_up(duration=50)

    timed_out = queued(caller)
    timed_out.queue_result("leave", MAX_WAIT)
    timed_out.hang_up(duration=130)

    events = await log()
    kinds = [(e["kind"], e["call_sid"]) for e in events]
    assert kinds == [
        ("ENTERQUEUE", answered.sid),
        ("AGENTLOGIN", ""),
        ("CONNECT", answered.sid),
        ("COMPLETEAGENT", answered.sid),
        ("WRAPUP", ""),
        ("AGENTLOGOFF", ""),
        ("ENTERQUEUE", abandoned.sid),
        ("ABANDON", abandoned.sid),
        ("ENTERQUEUE", timed_out.sid),
        ("EXITWITHTIMEOUT", timed_out.sid),
    ]
    by_kind = {e["kind"]: e for e in events}
    assert by_kind["CONNECT"]["agent"] == officer and by_kind["CONNECT"]["wait_seconds"] == 12
    assert by_kind["ABANDON"]["wait_seconds"] == 35
    assert by_kind["EXITWITHTIMEOUT"]["wait_seconds"] == MAX_WAIT
    assert by_kind["COMPLETEAGENT"]["hold_seconds"] == 0
    assert {e["agent"] for e in events if not e["call_sid"]} == {officer}

    # The coordinator's report: 3 offered, 1 answered in 12 s (within 20), 1 abandoned after
    # 35 s (not short), 1 taken out at the limit: service level 1/3, abandon rate 1/3.
    coordinator = await sign_in(base, "koordinator")
    page = await coordinator.get(f"{REPORT}?{around_today()}&interval=15")
    assert page.status_code == 200
    assert 'id="cc-offered">3<' in page.text
    assert 'id="cc-service-level">33,3%<' in page.text
    export = await coordinator.get(f"{REPORT}/interval.csv?{around_today()}&interval=15")
    assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(export.text)))
    assert sum(int(r["offered"]) for r in rows) == 3
    assert sum(int(r["answered"]) for r in rows) == 1
    assert sum(int(r["abandoned"]) for r in rows) == 1
    assert sum(int(r["timed_out"]) for r in rows) == 1
    if len(rows) == 1:  # the three calls fell in one quarter of an hour (they usually do)
        assert rows[0]["service_level"] == "0.3333" and rows[0]["asa_seconds"] == "12.0"
    officers = await coordinator.get(f"{REPORT}/petugas.csv?{around_today()}")
    [row] = list(csv.DictReader(io.StringIO(officers.text)))
    assert row["officer"] == "operator.satu" and row["handled"] == "1"
    assert row["quality_score"] == ""

    # The wallboard: one caller waiting now, the officer signed out, today's figures so far.
    still = queued(caller)
    board = await coordinator.get("/konsol/pusat-panggilan/papan")
    assert board.status_code == 200 and 'data-figure="waiting">1<' in board.text
    data = (await coordinator.get("/konsol/pusat-panggilan/papan/data")).json()
    assert (data["waiting"], data["offered"], data["answered"]) == ("1", "4", "1")
    # The caller still waiting is judged once their wait ends.
    assert data["service_level"] == "33,3%" and data["officers_ready"] == "0"
    still.queue_result("hangup", 40)
    data = (await coordinator.get("/konsol/pusat-panggilan/papan/data")).json()
    assert data["waiting"] == "0" and data["abandon_rate"] == "50,0%"
    assert data["service_level"] == "25,0%"
    await coordinator.aclose()


async def test_an_officer_sets_their_state_in_the_console(
    served: tuple[str, TwilioCaller],
) -> None:
    base, _ = served
    officer = await create_user(username="operator.dua", password=PASSWORD, role="operator")
    client = await sign_in(base, "operator.dua")
    home = await client.get("/konsol/pusat-panggilan/")
    assert home.status_code == 200 and 'data-state="signed_out"' in home.text
    token = 'name="token" value="'
    form_token = home.text.split(token, 1)[1].split('"', 1)[0]
    for _ in range(2):  # the same form posted twice is one event
        sent = await post(
            client, "/konsol/pusat-panggilan/status", {"state": "ready", "token": form_token}
        )
        assert sent.status_code == 303
    refused = await post(client, "/konsol/pusat-panggilan/status", {"state": "not_ready"})
    assert refused.status_code == 400  # not ready needs a reason
    await post(client, "/konsol/pusat-panggilan/status", {"state": "break"})
    events = await log()
    assert [(e["kind"], e["reason"], e["agent"]) for e in events] == [
        ("AGENTLOGIN", "", officer),
        ("PAUSE", "break", officer),
    ]
    home = await client.get("/konsol/pusat-panggilan/")
    assert 'data-state="break"' in home.text
    # An officer on the line sees no reports.
    assert (await client.get(REPORT)).status_code == 403
    assert (await client.get(f"{REPORT}/interval.csv")).status_code == 403
    assert (await client.get("/konsol/pusat-panggilan/papan/data")).status_code == 403
    await client.aclose()


async def test_the_pages_refuse_bad_ranges_and_strangers(served: tuple[str, TwilioCaller]) -> None:
    base, _ = served
    await create_user(username="koordinator", password=PASSWORD, role="koordinator")
    client = await sign_in(base, "koordinator")
    bad = await client.get(f"{REPORT}?dari=2026-12-10&sampai=2026-12-01")
    assert bad.status_code == 400 and 'role="alert"' in bad.text
    assert (await client.get(f"{REPORT}?interval=20")).status_code == 400
    assert (await client.get(f"{REPORT}/lain.csv")).status_code == 404
    methods = await client.get("/konsol/pusat-panggilan/metode")
    assert methods.status_code == 200 and "20" in methods.text
    await client.aclose()
    stranger = await client_for(base).get(REPORT)
    assert stranger.status_code == 303  # to the sign-in page
