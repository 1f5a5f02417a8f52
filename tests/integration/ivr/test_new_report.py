"""Whole calls through signed webhooks against the real app (`hotline serve`) and database:
a new report in Indonesian and in English, its SMS, its recordings queued for fetching."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest

from hotline.ivr.tables import IvrStep
from hotline.notify.tables import OutboxMessage
from hotline.tickets.tables import Attachment, Reporter
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
from tests.support.twilio_caller import Sent, TwilioCaller


@pytest.fixture(scope="module")
def caller() -> Iterator[TwilioCaller]:
    with live_server(**ALWAYS_OPEN) as base:
        client = TwilioCaller(base, auth_token=AUTH_TOKEN, public_url=PUBLIC_URL)
        yield client
        client.close()
    assert_nothing_spooled()


async def test_a_new_report_in_indonesian(caller: TwilioCaller) -> None:
    await phone_directory()
    call = caller.call(from_="+6281234567890")
    call.start()
    assert "Selamat datang" in call.text
    assert call.find("Say").attrib == {"language": "id-ID", "voice": "Google.id-ID-Standard-A"}
    call.press("1")
    assert "Untuk jalan rusak, tekan 1." in call.text
    assert "Untuk air bersih mati, tekan 2." in call.text
    call.press("1")
    gather = call.find("Gather")
    assert gather.attrib["input"] == "speech dtmf"
    assert gather.attrib["language"] == "id-ID"
    assert "Kertek" in gather.attrib["hints"] and "Wadaslintang" in gather.attrib["hints"]
    call.say("kecamatan Wadaslintang")
    assert "Kami mencatat: Wadaslintang." in call.text
    assert "laporan publik, tekan 1" in call.text
    call.press("1")  # publik
    assert "SMS" in call.text
    call.press("1")  # yes, by SMS
    assert call.find("Record").attrib["maxLength"] == "120"
    call.record(seconds=45)
    assert "Untuk mengirim laporan Anda, tekan 1" in call.text
    call.press("1")  # send
    assert "Laporan Anda sudah kami terima" in call.text
    [ticket] = await tickets()
    spaced = " ".join(ticket["reference"])
    assert f"Nomor laporan Anda {spaced}." in call.text  # digit by digit
    assert "PIN Anda " in call.text and "Keduanya juga akan kami kirim lewat SMS." in call.text
    assert ticket["channel"] == "telepon"
    assert ticket["privacy"] == "publik"
    assert ticket["status"] == "baru"  # a phone report always goes past a verifier
    assert not ticket["incomplete"] and not ticket["likely_prank"]
    assert ticket["location_text"] == "Wadaslintang"
    reporter = await Reporter.select().where(Reporter.id == ticket["reporter"]).first()
    assert reporter is not None
    assert reporter["phone"] == "+6281234567890" and reporter["sms_consent"]
    sms = await OutboxMessage.select().where(OutboxMessage.channel == "sms")
    assert len(sms) == 1 and ticket["reference"] in sms[0]["body"]
    [attachment] = await Attachment.select().where(Attachment.ticket == ticket["id"])
    assert attachment["kind"] == "recording" and attachment["storage_path"] == ""
    fetch = await OutboxMessage.select().where(OutboxMessage.channel == "recording").first()
    assert fetch is not None
    assert fetch["recipient"] == attachment["source_url"] and fetch["body"] == str(attachment["id"])

    call.press("1")  # hear them again
    assert f"nomor laporan {spaced}" in call.text
    call.silence()
    assert call.ended and "Sampai jumpa" in call.text
    call.hang_up()
    row = await call_row(call.sid)
    assert row["status"] == "done" and row["ticket"] == ticket["id"]
    # The PIN is not kept once the call is over: not in its state, not in the stored answers.
    assert "pin" not in row["vars"]
    stored = await IvrStep.select(IvrStep.twiml).where(IvrStep.call_sid == call.sid)
    assert stored and not any("PIN Anda" in s["twiml"] for s in stored)
    assert len(await tickets()) == 1


async def test_late_retries_after_the_call_get_twiml_and_never_the_pin(
    caller: TwilioCaller,
) -> None:
    await phone_directory()
    call = caller.call(from_="+6281234567893")
    sent: list[Sent] = []
    for step in (
        call.start,
        lambda: call.press("1"),
        lambda: call.press("1"),
        lambda: call.say("Kertek"),
        lambda: call.press("3"),  # rahasia
        lambda: call.press("2"),  # no SMS
        lambda: call.record(seconds=30),
        lambda: call.press("1"),  # send: the answer speaks the reference and the PIN
        lambda: call.press("1"),  # hear them again: the PIN once more
        call.silence,
    ):
        step()
        assert call.last is not None
        sent.append(call.last)
    answers = list(call.history)
    [ticket] = await tickets()
    pin = (await call_row(call.sid))["vars"]["pin"]
    spoken_pin = " ".join(pin)
    with_pin = [n for n, twiml in enumerate(answers) if spoken_pin in twiml]
    assert with_pin == [7, 8]
    call.hang_up()

    # Twilio retries every step after the call ended (its answers were lost on the way): each
    # gets a TwiML document; the same answer as before where it held no secret, and one that
    # does not say the PIN where it did.
    for n, original in enumerate(sent):
        response = caller.post(original.url, original.params, token=original.token)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/xml")
        assert ET.fromstring(response.text).tag == "Response"  # noqa: S314  (our own answer)
        if n in with_pin:
            assert spoken_pin not in response.text and "PIN" not in response.text
        else:
            assert response.text == answers[n]
    assert len(await tickets()) == 1 and (await tickets())[0]["id"] == ticket["id"]


async def test_a_new_report_in_english(caller: TwilioCaller) -> None:
    await phone_directory()
    call = caller.call(from_="+6281298765432")
    call.start()
    call.press("9")
    assert "To make a new report, press 1" in call.text
    assert call.find("Say").attrib == {"language": "en-US", "voice": "Google.en-US-Standard-C"}
    call.press("1")
    assert "For no tap water, press 2." in call.text
    call.press("2")
    assert call.find("Gather").attrib["language"] == "en-US"
    call.press("1")  # record the location instead of saying it
    call.record(seconds=8)
    call.press("2")  # anonymous: offered the SMS like every level
    assert "text message" in call.text
    call.press("2")  # no SMS: the number is not kept
    assert "After the tone, describe the problem" in call.text
    call.record(seconds=30)
    call.press("1")
    [ticket] = await tickets()
    assert f"Your reference number is {' '.join(ticket['reference'])}." in call.text
    assert "text message" not in call.text
    assert ticket["privacy"] == "anonim" and ticket["reporter"] is None
    assert await OutboxMessage.count().where(OutboxMessage.channel == "sms") == 0
    # Both recordings (location and complaint) are attached and queued for fetching.
    assert await Attachment.count().where(Attachment.ticket == ticket["id"]) == 2
    assert await OutboxMessage.count().where(OutboxMessage.channel == "recording") == 2
