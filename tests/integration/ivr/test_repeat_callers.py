"""Repeat callers (issue 15, item 12): the per-number limit and the verifiers' blocklist, asked
before a report is made, through signed webhooks and the real console."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hotline.directory.tables import AdminChange
from hotline.ivr.tables import IvrBlock
from tests.integration.ivr.helpers import (
    ALWAYS_OPEN,
    AUTH_TOKEN,
    PUBLIC_URL,
    assert_nothing_spooled,
    phone_directory,
    tickets,
)
from tests.integration.konsol.support import make_user, post, sign_in
from tests.support.live_server import live_server
from tests.support.twilio_caller import SimulatedCall, TwilioCaller

OFFICER_NUMBER = "0286321123"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with live_server(**ALWAYS_OPEN, HOTLINE_IVR_OFFICER_NUMBER=OFFICER_NUMBER) as base:
        yield base
    assert_nothing_spooled()


@pytest.fixture
def caller(server: str) -> Iterator[TwilioCaller]:
    client = TwilioCaller(server, auth_token=AUTH_TOKEN, public_url=PUBLIC_URL)
    yield client
    client.close()


def report_by_phone(caller: TwilioCaller, from_: str) -> SimulatedCall:
    call = caller.call(from_=from_)
    call.start()
    call.press("1")
    call.press("1")
    call.say("Kertek")
    call.press("3")  # rahasia
    if from_:
        call.press("2")  # no SMS (only a caller whose number shows is asked)
    call.record(seconds=20)
    call.press("1")
    assert "Laporan Anda sudah kami terima" in call.text
    call.hang_up()
    return call


def assert_refused_politely(call: SimulatedCall, why: str) -> None:
    assert why in call.text
    assert "hubungi petugas kami di nomor 0 2 8 6 3 2 1 1 2 3" in call.text
    assert call.ended


async def test_a_number_over_its_limit_makes_no_more_reports(caller: TwilioCaller) -> None:
    await phone_directory()
    for _ in range(3):  # HOTLINE_IVR_MAX_REPORTS_PER_NUMBER's default
        report_by_phone(caller, "+6281234500001")
    fourth = caller.call(from_="+6281234500001")
    fourth.start()
    fourth.press("1")
    assert_refused_politely(fourth, "sudah menerima beberapa laporan dari nomor ini")
    fourth.hang_up()
    # Leaving a message for the officers is a report too: refused the same way.
    message = caller.call(from_="+6281234500001")
    message.start()
    for _ in range(3):
        message.silence()
    message.press("1")
    assert_refused_politely(message, "sudah menerima beberapa laporan dari nomor ini")
    message.hang_up()
    assert len(await tickets()) == 3
    # Another number, and a withheld one, are not affected.
    report_by_phone(caller, "+6281234500002")
    report_by_phone(caller, "")
    assert len(await tickets()) == 5


async def test_a_verifier_blocks_a_number_and_the_phone_line_refuses_it(
    server: str, caller: TwilioCaller
) -> None:
    await phone_directory()
    await make_user("verif", "verifikator")
    await make_user("petugas.x", "petugas")
    officer = await sign_in(server, "petugas.x")
    assert (await officer.get("/konsol/blokir")).status_code == 403
    central = await sign_in(server, "verif")
    refused = await post(central, "/konsol/blokir", {"number": "12", "reason": "", "days": "0"})
    assert refused.status_code == 400
    done = await post(
        central,
        "/konsol/blokir",
        {"number": "0812 3450 0003", "reason": "Enam laporan iseng berturut-turut", "days": "30"},
    )
    assert done.status_code == 303, done.text[:500]
    page = await central.get("/konsol/blokir")
    assert "Enam laporan iseng" in page.text and "+62812•••••003" in page.text
    # Kept as a keyed hash: the number itself is nowhere in the row.
    [block] = await IvrBlock.select()
    assert "81234500003" not in " ".join(str(v) for v in block.values())
    [audit] = (
        await AdminChange.select().where(AdminChange.entity == "ivr_block").output(load_json=True)
    )
    assert audit["actor"] == "verif" and audit["action"] == "create"
    assert audit["data"]["reason"] == "Enam laporan iseng berturut-turut"

    call = caller.call(from_="+6281234500003")
    call.start()
    call.press("1")
    assert_refused_politely(call, "tidak dapat menerima laporan baru lewat telepon dari nomor ini")
    call.hang_up()
    assert await tickets() == []

    lifted = await post(central, f"/konsol/blokir/{block['id']}/cabut")
    assert lifted.status_code == 303
    assert await AdminChange.count().where(AdminChange.action == "lift") == 1
    report_by_phone(caller, "+6281234500003")
    assert len(await tickets()) == 1
    await officer.aclose()
    await central.aclose()
