"""A morning of the call centre, walked through signed Twilio webhooks and the agent line on a
server whose clock the test moves, and every report checked against figures worked out by hand
(issue 18, "done when"). Both engines.

The morning (Monday 16 November 2026, Asia/Jakarta):

| time | what |
|---|---|
| 08:00:00 | officer A signs in on the agent line (ready) |
| 08:10:00 | caller 1 queued; 08:10:10 A takes them (waited 10 s) |
| 08:14:10 | A ends the conversation (talk 240 s): wrap-up; 08:15:10 A is ready again (60 s) |
| 08:20:00 | caller 2 queued; 08:20:30 A takes them (waited 30 s: over the 20 s target) |
| 08:25:30 | caller 2 hangs up (talk 300 s): wrap-up; 08:26:00 A signs out (30 s) |
| 08:40:00 | caller 3 queued, hangs up after 3 s (a short abandon) |
| 08:50:00 | caller 4 queued, hangs up after 45 s |
| 09:00:00 | officer B signs in |
| 09:05:00 | caller 5 queued; 09:05:05 B takes them (waited 5 s) |
| 09:08:05 | B ends the conversation (talk 180 s); 09:09:05 B signs out (wrap-up 60 s) |

Each officer then sees their own figures, and only theirs, on their home page.

By hand, hour 08: offered 4, answered 2, abandoned 2 of which 1 short; service level = answered
within 20 s (1) ÷ (offered 4 − short 1) = 1/3; abandon rate = (2 − 1) ÷ 3 = 1/3; ASA = (10 + 30)
÷ 2 = 20 s; AHT = (talk 540 + hold 0 + wrap-up 90) ÷ 2 = 315 s. Hour 09: 1 offered and answered
within 5 s: service level 1, ASA 5 s, AHT 240 s. Officer A: ready 08:00:00–08:10:10 and
08:15:10–08:20:30 (930 s), on calls 540 s, wrap-up 90 s: occupancy 630 ÷ 1,560 = 0.4038.
Officer B: ready 09:00:00–09:05:05 (305 s), handling 240 s: occupancy 240 ÷ 545 = 0.4404.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from hotline.accounts.service import create_user
from hotline.ivr.agent import set_agent_pin
from tests.integration.ivr.helpers import (
    ALWAYS_OPEN,
    AUTH_TOKEN,
    PUBLIC_URL,
    assert_nothing_spooled,
    phone_directory,
)
from tests.integration.konsol.support import PASSWORD, sign_in
from tests.support.live_server import live_server
from tests.support.server_clock import ServerClock
from tests.support.twilio_caller import SimulatedCall, TwilioCaller, new_call_sid

JAKARTA = ZoneInfo("Asia/Jakarta")
MONDAY = datetime(2026, 11, 16, tzinfo=JAKARTA)
REPORT = "/konsol/pusat-panggilan/laporan"
RANGE = "dari=2026-11-16&sampai=2026-11-16"


def at(hh: int, mm: int, ss: int = 0) -> datetime:
    return MONDAY + timedelta(hours=hh, minutes=mm, seconds=ss)


@pytest.fixture
def day(tmp_path: Path) -> Iterator[tuple[str, TwilioCaller, ServerClock]]:
    clock = ServerClock(tmp_path / "now", at(7, 55))
    with live_server(clock, **ALWAYS_OPEN) as base:
        caller = TwilioCaller(base, auth_token=AUTH_TOKEN, public_url=PUBLIC_URL)
        yield base, caller, clock
        caller.close()
    assert_nothing_spooled()


class AgentLine:
    """One officer's call to the agent line: PIN, then one caller after another."""

    def __init__(self, caller: TwilioCaller, pin: str) -> None:
        self.caller = caller
        self.form = {"CallSid": new_call_sid(), "From": "+6281100000009", "To": "+622860000001"}
        first = ET.fromstring(caller.post("/ivr/agent", self.form).text)  # noqa: S314
        self._dial(caller.post(first.find("Gather").attrib["action"], {**self.form, "Digits": pin}))  # type: ignore[union-attr]

    def _dial(self, response) -> None:  # type: ignore[no-untyped-def]
        dial = ET.fromstring(response.text).find("Dial")  # noqa: S314
        assert dial is not None, response.text
        self.dial = dial

    def take(self, call: SimulatedCall, waited: int) -> None:
        connect = self.dial.find("Queue").attrib["url"]  # type: ignore[union-attr]
        params = call.params(QueueSid="QU1", QueueTime=waited, DequeingCallSid=self.form["CallSid"])
        assert self.caller.post(connect, params).status_code == 200

    def conversation_over(self) -> None:
        """The officer's <Dial> ends: the line asks whether to take the next caller."""
        after = ET.fromstring(self.caller.post(self.dial.attrib["action"], self.form).text)  # noqa: S314
        self.next_gather = after.find("Gather").attrib["action"]  # type: ignore[union-attr]

    def ready_again(self) -> None:
        self._dial(self.caller.post(self.next_gather, {**self.form, "Digits": "1"}))

    def sign_out(self) -> None:
        self.caller.post(self.next_gather, self.form)  # no key: goodbye


def queued(caller: TwilioCaller) -> SimulatedCall:
    call = caller.call()
    call.start()
    call.press("0")
    assert call.find("Enqueue") is not None
    return call


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


async def test_a_morning_of_calls_gives_the_reports_worked_out_by_hand(
    day: tuple[str, TwilioCaller, ServerClock],
) -> None:
    base, caller, clock = day
    await phone_directory()
    await create_user(username="petugas.a", password=PASSWORD, role="operator")
    await create_user(username="petugas.b", password=PASSWORD, role="operator")
    await create_user(username="koordinator", password=PASSWORD, role="koordinator")
    await set_agent_pin("petugas.a", "1111")
    await set_agent_pin("petugas.b", "2222")

    clock.set(at(8, 0))
    a = AgentLine(caller, "1111")
    clock.set(at(8, 10))
    one = queued(caller)
    clock.set(at(8, 10, 10))
    a.take(one, 10)
    clock.set(at(8, 14, 10))
    one.queue_result("bridged", 10)  # the officer hung up
    one.hang_up(duration=260)
    a.conversation_over()
    clock.set(at(8, 15, 10))
    a.ready_again()

    clock.set(at(8, 20))
    two = queued(caller)
    clock.set(at(8, 20, 30))
    a.take(two, 30)
    clock.set(at(8, 25, 30))
    two.hang_up(duration=330)  # the caller hung up
    a.conversation_over()
    clock.set(at(8, 26))
    a.sign_out()

    clock.set(at(8, 40))
    three = queued(caller)
    clock.set(at(8, 40, 3))
    three.queue_result("hangup", 3)
    three.hang_up(duration=20)

    clock.set(at(8, 50))
    four = queued(caller)
    clock.set(at(8, 50, 45))
    four.queue_result("hangup", 45)
    four.hang_up(duration=60)

    clock.set(at(9, 0))
    b = AgentLine(caller, "2222")
    clock.set(at(9, 5))
    five = queued(caller)
    clock.set(at(9, 5, 5))
    b.take(five, 5)
    clock.set(at(9, 8, 5))
    five.queue_result("bridged", 5)
    five.hang_up(duration=200)
    b.conversation_over()
    clock.set(at(9, 9, 5))
    b.sign_out()

    clock.set(at(12, 0))
    coordinator = await sign_in(base, "koordinator")

    hourly = rows((await coordinator.get(f"{REPORT}/interval.csv?{RANGE}&interval=60")).text)
    assert [r["start"] for r in hourly] == ["2026-11-16T08:00:00", "2026-11-16T09:00:00"]
    eight, nine = hourly
    assert {k: eight[k] for k in ("offered", "answered", "abandoned", "short_abandons")} == {
        "offered": "4",
        "answered": "2",
        "abandoned": "2",
        "short_abandons": "1",
    }
    assert (eight["service_level"], eight["abandon_rate"]) == ("0.3333", "0.3333")
    assert (eight["asa_seconds"], eight["aht_seconds"]) == ("20.0", "315.0")
    assert (eight["talk_seconds"], eight["wrapup_seconds"]) == ("270.0", "45.0")
    assert (nine["offered"], nine["answered"], nine["service_level"]) == ("1", "1", "1.0000")
    assert (nine["asa_seconds"], nine["aht_seconds"]) == ("5.0", "240.0")

    # Quarter hours: the calls fall in 08:00, 08:15, 08:45 (two: 08:40 is in 08:30) and 09:00.
    quarters = rows((await coordinator.get(f"{REPORT}/interval.csv?{RANGE}&interval=15")).text)
    assert [(r["start"][11:16], r["offered"]) for r in quarters] == [
        ("08:00", "1"),
        ("08:15", "1"),
        ("08:30", "1"),
        ("08:45", "1"),
        ("09:00", "1"),
    ]

    heat = rows((await coordinator.get(f"{REPORT}/jam.csv?{RANGE}")).text)
    cells = {(r["weekday"], r["hour"]): (r["offered"], r["service_level"]) for r in heat}
    assert cells == {("1", "8"): ("4", "0.3333"), ("1", "9"): ("1", "1.0000")}  # Monday

    curve = rows((await coordinator.get(f"{REPORT}/abandon.csv?{RANGE}")).text)
    counted = {(r["from_seconds"], r["to_seconds"]): int(r["count"]) for r in curve}
    assert counted[("0", "5")] == 1 and counted[("30", "60")] == 1
    assert sum(counted.values()) == 2
    assert [r["cumulative_share"] for r in curve][:6] == ["0.5000"] * 4 + ["1.0000"] * 2

    officers_csv = (await coordinator.get(f"{REPORT}/petugas.csv?{RANGE}")).text
    header = next(csv.reader(io.StringIO(officers_csv)))
    assert len(set(header)) == len(header)  # a column named twice would hide the first
    officers = {r["officer"]: r for r in rows(officers_csv)}
    first, second = officers["petugas.a"], officers["petugas.b"]
    assert (first["handled"], first["aht_seconds"]) == ("2", "315.0")
    assert (first["talk_seconds"], first["wrapup_seconds"]) == ("270.0", "45.0")
    assert first["in_ready_seconds"] == "930" and first["occupancy"] == "0.4038"
    assert (first["in_talk_seconds"], first["in_wrapup_seconds"]) == ("540", "90")
    assert (second["handled"], second["aht_seconds"], second["occupancy"]) == (
        "1",
        "240.0",
        "0.4404",
    )

    # On screen: the same totals, and the peak hours in order.
    page = await coordinator.get(f"{REPORT}?{RANGE}&interval=60")
    assert page.status_code == 200
    peaks = page.text.split('<ol class="cc-peaks">')[1].split("</ol>")[0]
    assert peaks.index("08:00–09:00") < peaks.index("09:00–10:00")
    assert "4 panggilan" in peaks
    assert 'id="cc-offered">5<' in page.text
    await coordinator.aclose()

    # Each officer sees their own figures of the last week, and not the reports.
    for username, handled in (("petugas.a", "2"), ("petugas.b", "1")):
        officer = await sign_in(base, username)
        home = await officer.get("/konsol/pusat-panggilan/")
        assert f'id="cc-mine-handled">{handled}<' in home.text
        assert 'id="cc-mine-quality">–<' in home.text  # nobody scored them yet
        assert (await officer.get(f"{REPORT}?{RANGE}")).status_code == 403
        await officer.aclose()
