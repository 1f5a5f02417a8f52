"""`hotline serve` with HOTLINE_WORKERS=2: two uvicorn processes on one port answer a whole call,
its state kept in the database between steps, so it does not matter which process answers."""

from __future__ import annotations

from tests.integration.ivr.helpers import (
    ALWAYS_OPEN,
    AUTH_TOKEN,
    PUBLIC_URL,
    assert_nothing_spooled,
    call_row,
    phone_directory,
    tickets,
)
from tests.support.live_server import live_server
from tests.support.twilio_caller import TwilioCaller


async def test_two_server_processes_take_a_whole_report_by_phone() -> None:
    await phone_directory()
    with live_server(HOTLINE_WORKERS="2", **ALWAYS_OPEN) as base:
        caller = TwilioCaller(base, auth_token=AUTH_TOKEN, public_url=PUBLIC_URL)
        try:
            call = caller.call(from_="+6281234567890")
            call.start()
            assert "Selamat datang" in call.text
            call.press("1")
            call.press("1")
            call.say("kecamatan Wadaslintang")
            assert "Kami mencatat: Wadaslintang." in call.text
            call.press("3")  # rahasia
            call.press("2")  # no SMS
            call.record(seconds=30)
            call.press("1")  # send
            assert "Laporan Anda sudah kami terima" in call.text
        finally:
            caller.close()
    [ticket] = await tickets()
    assert ticket["channel"] == "telepon" and ticket["privacy"] == "rahasia"
    assert f"Nomor laporan Anda {' '.join(ticket['reference'])}." in call.text
    row = await call_row(call.sid)
    assert row["ticket"] == ticket["id"]
    assert_nothing_spooled()
