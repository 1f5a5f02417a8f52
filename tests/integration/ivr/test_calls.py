"""Status by phone, retried webhooks, silence, hang-ups and signatures, against the real app."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from hotline.i18n import t
from hotline.ivr.tables import IvrCall, IvrStep
from hotline.notify.tables import OutboxMessage
from hotline.tickets.events import ActorType
from hotline.tickets.lifecycle import Action, Status
from hotline.tickets.service import Actor, perform, reply
from hotline.tickets.tables import Attachment, Ticket, TicketEvent
from tests.integration.ivr.helpers import (
    ALWAYS_OPEN,
    AUTH_TOKEN,
    PUBLIC_URL,
    assert_nothing_spooled,
    call_row,
    phone_directory,
    tickets,
)
from tests.support.factories import file_report
from tests.support.live_server import live_server
from tests.support.rows import one
from tests.support.twilio_caller import TwilioCaller

OFFICER = Actor(ActorType.STAFF, None, "petugas")


@pytest.fixture(scope="module")
def caller() -> Iterator[TwilioCaller]:
    with live_server(**ALWAYS_OPEN) as base:
        client = TwilioCaller(base, auth_token=AUTH_TOKEN, public_url=PUBLIC_URL)
        yield client
        client.close()
    assert_nothing_spooled()


def walk_to_recording(caller: TwilioCaller, *, from_: str = "+6281234567890"):  # type: ignore[no-untyped-def]
    call = caller.call(from_=from_)
    call.start()
    call.press("1")
    call.press("1")
    call.say("Kertek")
    call.press("3")  # rahasia
    call.press("2")  # no SMS
    return call


async def test_status_with_the_right_pin_then_information_by_recording(
    caller: TwilioCaller,
) -> None:
    await phone_directory()
    created = await file_report()
    directory_agency = (await one(Ticket.select(Ticket.proposed_agency).first()))["proposed_agency"]
    await perform(created.ticket_id, Action.VERIFY, actor=OFFICER)
    await perform(created.ticket_id, Action.DISPATCH, actor=OFFICER, agency_id=directory_agency)
    await reply(
        created.ticket_id, "Tim kami akan menambal jalan minggu ini.", actor=OFFICER, public=True
    )
    await reply(created.ticket_id, "catatan internal rahasia", actor=OFFICER, public=False)

    call = caller.call()
    call.start()
    call.press("2")
    assert call.find("Gather").attrib["finishOnKey"] == "#"
    call.press(created.reference)
    call.press(created.pin)
    text = call.text
    label = t("id", Status.DIDISPOSISIKAN.label)
    assert f"Laporan {' '.join(created.reference)}: statusnya {label}." in text
    assert "Laporan ditangani oleh Dinas PUPR." in text
    # The due date in Indonesian, weekday first ("Rabu, 25 November 2026").
    # Dispatched: the resolution deadline, named as such (not the verification one).
    assert "Batas waktu penyelesaian laporan Anda: " in text
    assert "memverifikasi" not in text
    due = text.split("Batas waktu penyelesaian laporan Anda: ")[1].split(".")[0]
    assert due.split(",")[0] in {"Senin", "Selasa", "Rabu", "Kamis", "Jumat"}
    assert "Tanggapan terakhir: Tim kami akan menambal jalan minggu ini." in text
    assert "catatan internal" not in text
    call.press("1")
    call.record(seconds=20)
    assert "Informasi Anda sudah ditambahkan" in call.text
    assert call.ended
    info = await TicketEvent.select().where(
        (TicketEvent.ticket == created.ticket_id) & (TicketEvent.kind == "info_added")
    )
    assert len(info) == 1 and "20 detik" in info[0]["body"]
    assert await Attachment.count().where(Attachment.ticket == created.ticket_id) == 1


async def test_a_wrong_pin_reveals_nothing_and_wrong_pins_lock_the_number_not_the_report(
    caller: TwilioCaller,
) -> None:
    await phone_directory()
    created = await file_report()
    wrong = "000000" if created.pin != "000000" else "111111"
    stranger, owner = "+6281100000001", "+6281100000002"
    call = caller.call(from_=stranger)
    call.start()
    call.press("2")
    call.press(created.reference)
    call.press(wrong)
    refused = call.says
    assert "Nomor laporan atau PIN tidak sesuai" in call.text
    # An unknown reference gets exactly the same answer.
    other = caller.call(from_=stranger)
    other.start()
    other.press("2")
    other.press("2612345678")
    other.press("123456")
    assert other.says == refused
    call.press(created.reference)
    call.press(wrong)
    call.press(created.reference)
    call.press(wrong)
    assert call.ended and "telepon kembali dan bicara dengan petugas" in call.text
    # Two more wrong PINs from the same number, in another call, reach the lock of that number
    # on that report (5): even the right PIN is then refused, in the same words as a wrong one.
    again = caller.call(from_=stranger)
    again.start()
    again.press("2")
    for _ in range(2):
        again.press(created.reference)
        again.press(wrong)
    late = caller.call(from_=stranger)
    late.start()
    late.press("2")
    late.press(created.reference)
    late.press(created.pin)
    assert late.says == refused
    # The reporter, calling from their own number, is not locked out by the stranger.
    mine = caller.call(from_=owner)
    mine.start()
    mine.press("2")
    mine.press(created.reference)
    mine.press(created.pin)
    assert f"Laporan {' '.join(created.reference)}: statusnya" in mine.text


async def test_every_step_retried_returns_the_same_twiml_and_creates_nothing_twice(
    caller: TwilioCaller,
) -> None:
    await phone_directory()
    call = caller.call()
    steps = [
        lambda: call.start(),
        lambda: call.press("1"),
        lambda: call.press("1"),
        lambda: call.say("Wadaslintang"),
        lambda: call.press("1"),
        lambda: call.press("1"),
        lambda: call.record(seconds=30),
        lambda: call.press("1"),
    ]
    for step in steps:
        first = step()
        assert call.retry() == first
        assert call.retry(token="retry-token-" + call.sid[-6:] + str(len(call.history))) == first
    assert len(await tickets()) == 1
    assert await OutboxMessage.count().where(OutboxMessage.channel == "sms") == 1
    assert await OutboxMessage.count().where(OutboxMessage.channel == "recording") == 1
    # Twilio's idempotency token alone identifies a retry.
    tokened = caller.call()
    first = tokened.start(token="tok-start-1")
    replay = caller.post("/ivr/voice", tokened.params(CallStatus="ringing"), token="tok-start-1")
    assert replay.text == first


async def test_copies_of_one_request_at_the_same_time_file_one_report(caller: TwilioCaller) -> None:
    await phone_directory()
    call = walk_to_recording(caller)
    call.record(seconds=30)
    url, params = call.gather_url(), call.params(Digits="1")
    # Twilio retries, or two replicas get the same confirmation: five copies at once.
    with ThreadPoolExecutor(max_workers=5) as pool:
        answers = list(pool.map(lambda _: caller.post(url, params).text, range(5)))
    assert len(set(answers)) == 1 and "Laporan Anda sudah kami terima" in answers[0]
    assert len(await tickets()) == 1
    assert await OutboxMessage.count().where(OutboxMessage.channel == "recording") == 1


async def test_copies_of_a_calls_first_request_at_once_make_one_call(caller: TwilioCaller) -> None:
    """The first request makes the call's row (open_call); copies of it at the same moment (two
    replicas, Twilio's retry) must find that row, not make a second or answer it twice."""
    await phone_directory()
    call = caller.call()
    params = call.params(CallStatus="ringing")
    with ThreadPoolExecutor(max_workers=5) as pool:
        answers = list(pool.map(lambda _: caller.post("/ivr/voice", params).text, range(5)))
    assert len(set(answers)) == 1 and "<Gather" in answers[0]
    assert await IvrCall.count().where(IvrCall.call_sid == call.sid) == 1
    assert await IvrStep.count().where(IvrStep.call_sid == call.sid) == 1
    row = await call_row(call.sid)
    assert row["seq"] == 0 and row["vars"]["caller_id"] == "yes"
    assert row["caller"] == "+6281234567890" and row["status"] == "active"
    # The call goes on from that one row.
    call.twiml = answers[0]
    assert "jalan rusak" in call.press("1").lower()


async def test_each_recording_of_a_call_is_fetched_into_its_own_attachment(
    caller: TwilioCaller,
) -> None:
    """The location said as a recording and the complaint: two attachments, and two outbox rows
    (one statement each for all of them), each naming the attachment of its own recording."""
    await phone_directory()
    call = caller.call()
    call.start()
    call.press("1")
    call.press("1")
    call.press("1")  # the location as a recording rather than spoken
    call.record(seconds=8)
    location_sid = call.recording_sid
    call.press("3")  # rahasia
    call.press("2")  # no SMS
    call.record(seconds=30)
    complaint_sid = call.recording_sid
    call.press("1")
    [ticket] = await tickets()
    attachments = await Attachment.select().where(Attachment.ticket == ticket["id"])
    by_file = {a["filename"]: a for a in attachments}
    assert set(by_file) == {f"{location_sid}.wav", f"{complaint_sid}.wav"}
    fetches = await OutboxMessage.select().where(OutboxMessage.channel == "recording")
    assert len(fetches) == 2
    for sid in (location_sid, complaint_sid):
        [fetch] = [m for m in fetches if m["dedupe_key"] == f"recording:{sid}"]
        attachment = by_file[f"{sid}.wav"]
        assert fetch["body"] == str(attachment["id"])
        assert (fetch["about_type"], fetch["about_id"]) == ("ticket", ticket["id"])
        assert fetch["recipient"] == attachment["source_url"] and sid in fetch["recipient"]
        assert attachment["storage_path"] == "" and attachment["public"] is False


async def test_hang_up_after_the_recording_makes_an_incomplete_report(caller: TwilioCaller) -> None:
    await phone_directory()
    call = walk_to_recording(caller)
    # The caller hangs up while recording: Twilio still posts the recording to the action URL.
    call.record(seconds=25, status="completed")
    assert await tickets() == []
    call.hang_up()
    call.hang_up()  # a retried status callback
    [ticket] = await tickets()
    assert ticket["incomplete"] and not ticket["likely_prank"]
    assert ticket["privacy"] == "rahasia" and ticket["location_text"] == "Kertek"
    assert ticket["status"] == "baru"
    assert await Attachment.count().where(Attachment.ticket == ticket["id"]) == 1
    # The caller declined the SMS: nothing is sent.
    assert await OutboxMessage.count().where(OutboxMessage.channel == "sms") == 0
    assert (await call_row(call.sid))["ticket"] == ticket["id"]


async def test_a_recording_that_arrives_after_the_status_callback_still_makes_a_report(
    caller: TwilioCaller,
) -> None:
    await phone_directory()
    call = walk_to_recording(caller)
    call.hang_up()  # Twilio's status callback overtakes the recording's action
    call.record(seconds=30, status="completed")
    [ticket] = await tickets()
    assert ticket["incomplete"] and not ticket["likely_prank"]
    row = await call_row(call.sid)
    assert row["ticket"] == ticket["id"] and not row["likely_prank"]


async def test_silence_reprompts_with_help_then_offers_an_officer_then_says_goodbye(
    caller: TwilioCaller,
) -> None:
    await phone_directory()
    call = caller.call()
    call.start()
    call.silence()
    assert "Kami tidak mendengar pilihan Anda." in call.text
    assert "1 untuk laporan baru" in call.text  # more help than the menu itself
    call.press("7")
    assert "Tombol itu tidak termasuk pilihan." in call.text
    call.silence()
    assert "Untuk berbicara dengan petugas, tekan 0." in call.text  # in service hours
    call.silence()
    assert call.ended and "Sampai jumpa" in call.text
    call.hang_up(duration=40)
    row = await call_row(call.sid)
    assert row["likely_prank"] and row["ticket"] is None
    assert row["call_status"] == "completed" and row["duration_seconds"] == 40
    assert await tickets() == []


async def test_a_very_short_recording_is_a_likely_prank_and_an_empty_one_is_asked_again(
    caller: TwilioCaller,
) -> None:
    await phone_directory()
    call = walk_to_recording(caller)
    call.record_nothing()
    assert "Kami tidak mendengar apa pun." in call.text
    assert call.find("Record") is not None
    call.record(seconds=1)
    call.press("1")
    [ticket] = await tickets()
    assert ticket["likely_prank"] and ticket["status"] == "baru"


async def test_requests_without_a_valid_signature_are_refused(caller: TwilioCaller) -> None:
    await phone_directory()
    call = caller.call()
    params = call.params()
    assert caller.post("/ivr/voice", params, signature="").status_code == 403
    assert caller.post("/ivr/voice", params, signature="bm90IGEgc2lnbmF0dXJl").status_code == 403
    # Signed for another URL (another step) is not valid for this one.
    forged = caller.sign(PUBLIC_URL + "/ivr/voice?n=1", params)
    assert caller.post("/ivr/voice?n=2", params, signature=forged).status_code == 403
    # A tampered parameter breaks the signature.
    good = caller.sign(PUBLIC_URL + "/ivr/voice", params)
    assert (
        caller.post("/ivr/voice", {**params, "From": "+6281111111111"}, signature=good).status_code
        == 403
    )
    for path in ("/ivr/status", "/ivr/queue/wait", "/ivr/queue/connect", "/ivr/agent"):
        assert caller.post(path, params, signature="").status_code == 403
    assert await IvrCall.count() == 0 and await IvrStep.count() == 0


async def test_hang_up_while_recording_the_location_still_makes_one_report(
    caller: TwilioCaller,
) -> None:
    await phone_directory()
    call = caller.call(from_="+6281234567890")
    call.start()
    call.press("1")  # new report
    call.press("2")  # no tap water
    call.press("1")  # record the location
    # The caller hangs up while recording: Twilio posts the recording, then the status callback;
    # both are retried.
    call.record(seconds=12, status="completed")
    call.retry()
    call.hang_up()
    call.hang_up()
    [ticket] = await tickets()
    # What they said is a report for a verifier, not a prank: it lasted 12 seconds.
    assert ticket["incomplete"] and not ticket["likely_prank"]
    assert ticket["category"] is not None
    assert ticket["privacy"] == "rahasia" and ticket["status"] == "baru"
    assert await Attachment.count().where(Attachment.ticket == ticket["id"]) == 1
    assert await OutboxMessage.count().where(OutboxMessage.channel == "sms") == 0
    row = await call_row(call.sid)
    assert row["ticket"] == ticket["id"] and not row["likely_prank"]


async def test_the_status_of_a_new_report_names_the_verification_deadline(
    caller: TwilioCaller,
) -> None:
    await phone_directory()
    created = await file_report()
    call = caller.call()
    call.start()
    call.press("2")
    call.press(created.reference)
    call.press(created.pin)
    assert "Unit pengaduan akan memverifikasi laporan Anda paling lambat " in call.text
    assert "Batas waktu jawabannya" not in call.text  # not the agency's answer


def walk_to_officer_message(caller: TwilioCaller, *, from_: str = "+6281234567890"):  # type: ignore[no-untyped-def]
    """The main menu failed three times; the caller chooses to leave a message."""
    call = caller.call(from_=from_)
    call.start()
    call.silence()
    call.silence()
    call.silence()
    call.press("1")  # leave a message (officer flow)
    return call


async def test_a_message_sends_no_sms_unless_the_caller_consents(caller: TwilioCaller) -> None:
    await phone_directory()
    declined = walk_to_officer_message(caller)
    declined.record(seconds=30)
    assert "SMS" in declined.text  # asked, after the message
    declined.press("2")
    assert declined.ended and "Pesan Anda sudah kami terima" in declined.text
    assert "SMS" not in declined.text
    # Hanging up at the question: the message is a report, without an SMS.
    gone = walk_to_officer_message(caller, from_="+6281234567899")
    gone.record(seconds=30)
    gone.hang_up()
    assert len(await tickets()) == 2
    assert await OutboxMessage.count().where(OutboxMessage.channel == "sms") == 0
    accepted = walk_to_officer_message(caller, from_="+6281234567898")
    accepted.record(seconds=30)
    accepted.press("1")
    assert "SMS" in accepted.text
    [*_, ticket] = await tickets()
    sms = await OutboxMessage.select().where(OutboxMessage.channel == "sms")
    assert len(sms) == 1 and ticket["reference"] in sms[0]["body"]


async def test_a_location_recording_overtaken_by_the_status_callback_makes_one_report(
    caller: TwilioCaller,
) -> None:
    await phone_directory()
    call = caller.call(from_="+6281234567891")
    call.start()
    call.press("1")
    call.press("1")
    call.press("1")  # record the location
    call.hang_up()  # the status callback first, then the recording's action, each retried
    call.hang_up()
    call.record(seconds=9, status="completed")
    call.retry()
    [ticket] = await tickets()
    assert ticket["incomplete"] and not ticket["likely_prank"]
    assert await Attachment.count().where(Attachment.ticket == ticket["id"]) == 1


async def test_a_location_recording_and_the_status_callback_at_once_make_one_report(
    caller: TwilioCaller,
) -> None:
    """Twilio sends both when a caller hangs up while recording the location, and retries
    each; two replicas may get them at the same instant."""
    await phone_directory()
    call = caller.call(from_="+6281234567892")
    call.start()
    call.press("1")
    call.press("1")
    call.press("1")  # record the location
    action = call.find("Record").attrib["action"]
    recording = call.params(
        CallStatus="completed",
        RecordingUrl=f"https://api.twilio.com/2010-04-01/Accounts/AC{'0' * 32}/Recordings/RE{'1' * 32}",
        RecordingSid="RE" + "1" * 32,
        RecordingDuration="15",
        Digits="hangup",
    )
    status = call.params(CallStatus="completed", CallDuration="40")
    requests = [(action, recording), ("/ivr/status", status)] * 3
    with ThreadPoolExecutor(max_workers=6) as pool:
        codes = list(pool.map(lambda r: caller.post(*r).status_code, requests))
    assert codes == [200] * 6
    [ticket] = await tickets()
    assert ticket["incomplete"] and not ticket["likely_prank"]
    assert await Attachment.count().where(Attachment.ticket == ticket["id"]) == 1
    assert await OutboxMessage.count().where(OutboxMessage.channel == "recording") == 1
    assert (await call_row(call.sid))["ticket"] == ticket["id"]
