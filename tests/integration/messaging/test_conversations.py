"""Whole conversations by WhatsApp and SMS through signed webhooks against the real app
(`hotline serve`) and database: reports with a photo, a location pin and a voice note in both
languages, status, a reply to a request for information, STOP, retries and forged requests."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from hotline.ivr.blocklist import add_block
from hotline.messaging.tables import Conversation, InboundMessage, OptOut
from hotline.notify.tables import OutboxMessage
from hotline.privacy.erasure import erase_identity
from hotline.privacy.export import held_about
from hotline.tickets.events import EventKind
from hotline.tickets.lifecycle import Action, Status
from hotline.tickets.service import perform, reply
from hotline.tickets.tables import Attachment, Reporter, Ticket, TicketEvent
from tests.integration.ivr.helpers import ALWAYS_OPEN, AUTH_TOKEN, PUBLIC_URL, phone_directory
from tests.integration.messaging.helpers import WEBHOOK, Texter, media_url, new_message_sid
from tests.support.factories import STAFF
from tests.support.live_server import live_server
from tests.support.twilio_caller import TwilioCaller


@pytest.fixture(scope="module")
def twilio() -> Iterator[TwilioCaller]:
    with live_server(**ALWAYS_OPEN) as base:
        client = TwilioCaller(base, auth_token=AUTH_TOKEN, public_url=PUBLIC_URL)
        yield client
        client.close()


async def only_ticket() -> dict:
    [ticket] = await Ticket.select().order_by(Ticket.id).output(load_json=True)
    return ticket


async def test_a_whatsapp_report_in_indonesian_with_a_pin_and_a_photo(twilio: TwilioCaller) -> None:
    await phone_directory()
    citizen = Texter(twilio)
    # The first message is already the description: no menu to go through.
    answer = citizen.send("Jalan berlubang besar di depan pasar Kertek")
    assert "Laporan Anda tentang apa? Balas dengan nomor:" in answer
    assert "1. jalan rusak" in answer and "2. air bersih mati" in answer
    assert "9. Lainnya" in answer
    answer = citizen.send("1")
    assert "Di mana masalahnya?" in answer
    answer = citizen.send(pin=("-7.3754", "109.9020"))
    assert "Kirim foto masalahnya" in answer
    photo = media_url()
    answer = citizen.send(media=((photo, "image/jpeg"),))
    assert "Siapa yang boleh melihat laporan Anda?" in answer
    answer = citizen.send("2")
    assert "Bolehkah kami juga mengirim kabar laporan Anda lewat SMS" in answer
    answer = citizen.send("2")  # no SMS: news by WhatsApp only
    assert 'Laporan Anda: "Jalan berlubang besar di depan pasar Kertek"' in answer
    assert "Balas 1 untuk mengirim laporan Anda" in answer
    answer = citizen.send("1")
    ticket = await only_ticket()
    assert "Laporan Anda sudah kami terima." in answer
    assert ticket["reference"] in answer and "PIN Anda" in answer
    assert ticket["channel"] == "whatsapp"
    assert ticket["privacy"] == "anonim"
    assert ticket["description"] == "Jalan berlubang besar di depan pasar Kertek"
    assert (ticket["latitude"], ticket["longitude"]) == (-7.3754, 109.902)
    reporter = await Reporter.select().where(Reporter.id == ticket["reporter"]).first()
    assert reporter is not None and reporter["phone"] == "+6281234567890"
    assert reporter["locale"] == "id"
    [attachment] = await Attachment.select().where(Attachment.ticket == ticket["id"])
    assert attachment["kind"] == "photo" and attachment["source_url"] == photo
    assert attachment["storage_path"] == ""  # the worker fetches it (EXIF stripped then)
    fetch = await OutboxMessage.select().where(OutboxMessage.channel == "media").first()
    assert fetch is not None and fetch["body"] == str(attachment["id"])
    # The conversation is over: the next message starts afresh.
    conv = await Conversation.select().where(Conversation.sender == "+6281234567890").first()
    assert conv is not None and conv["state"] == ""

    # The reporter's data download lists every message of the conversation that made it.
    held = await held_about(ticket["id"], "id")
    sent = held["messages_received"]
    assert len(sent) == 7 and sent[0]["text"] == "Jalan berlubang besar di depan pasar Kertek"
    assert sent[2]["location"] and sent[3]["media"] == 1 and sent[-1]["text"] == "1"
    # Erasing the reporter's identity erases their number and words in those messages too.
    await erase_identity(ticket["id"], actor=STAFF, reason="permintaan pelapor")
    left = await InboundMessage.select(InboundMessage.sender, InboundMessage.body).where(
        InboundMessage.ticket == ticket["id"]
    )
    assert len(left) == 7 and {(m["sender"], m["body"]) for m in left} == {("[dihapus]",) * 2}


async def test_an_sms_report_in_english_with_a_voice_note(twilio: TwilioCaller) -> None:
    await phone_directory()
    citizen = Texter(twilio, number="+6281311112222", channel="sms")
    answer = citizen.send("halo")
    assert "Selamat datang" in answer and "Reply 9 for English" in answer
    answer = citizen.send("9")
    assert "We will write to you in English." in answer
    assert "Reply 1 to make a new report" in answer
    answer = citizen.send("1")
    assert "describe the problem" in answer
    answer = citizen.send("short")  # under 10 letters
    assert "Sorry, we did not understand that." in answer
    assert "for example: a pothole in front of Kertek market" in answer
    voice = media_url()
    answer = citizen.send(media=((voice, "audio/ogg"),))
    assert "What is your report about?" in answer and "1. a damaged road" in answer
    answer = citizen.send("9")
    assert "Where is the problem?" in answer
    answer = citizen.send("Jalan Kertek km 3, near the bridge")
    assert "Send a photo" in answer
    assert "Who may see your report?" in citizen.send("0")
    assert "by SMS" in citizen.send("3")
    citizen.send("1")  # news by SMS, yes
    answer = citizen.send("1")
    ticket = await only_ticket()
    assert f"Its reference number is {ticket['reference']}" in answer
    assert ticket["channel"] == "sms" and ticket["privacy"] == "rahasia"
    assert (
        ticket["category"] is None
        and ticket["location_text"] == "Jalan Kertek km 3, near the bridge"
    )
    [attachment] = await Attachment.select().where(Attachment.ticket == ticket["id"])
    assert attachment["kind"] == "recording" and attachment["content_type"] == "audio/ogg"
    reporter = await Reporter.select().where(Reporter.id == ticket["reporter"]).first()
    assert reporter is not None and reporter["locale"] == "en"


async def _file(citizen: Texter) -> tuple[dict, str]:
    """A report filed by `citizen`: its row and the PIN the last answer gave."""
    for text in ("Lampu jalan mati di depan SD Kertek 2", "9", "Kertek", "0", "1", "1"):
        citizen.send(text)
    answer = citizen.send("1")
    return await only_ticket(), answer.split("PIN Anda ")[1][:6]


async def test_status_by_keyword_with_the_latest_public_answer(twilio: TwilioCaller) -> None:
    await phone_directory()
    citizen = Texter(twilio, number="+6281355556666")
    ticket, the_pin = await _file(citizen)
    reference = ticket["reference"]
    await reply(ticket["id"], "Tim kami memperbaiki lampu hari Kamis.", actor=STAFF, public=True)
    answer = citizen.send(f"STATUS {reference} {the_pin}")
    assert f"Laporan {reference}: " in answer
    assert "Tanggapan terakhir: Tim kami memperbaiki lampu hari Kamis." in answer
    # The reference alone: the PIN is asked for; a wrong one finds nothing.
    assert "PIN laporan Anda" in citizen.send(f"status {reference}")
    assert "Kami tidak menemukan laporan" in citizen.send("000000")


async def test_a_reply_to_a_request_for_information_is_added_to_the_report(
    twilio: TwilioCaller,
) -> None:
    await phone_directory()
    citizen = Texter(twilio, number="+6281377778888", channel="sms")
    ticket, _ = await _file(citizen)
    await perform(ticket["id"], Action.REQUEST_INFO, actor=STAFF, body="Tiang nomor berapa?")
    answer = citizen.send("Tiang nomor 17, dekat gerbang sekolah")
    assert f"Pesan Anda kami tambahkan ke laporan {ticket['reference']}" in answer
    after = await only_ticket()
    assert after["status"] != Status.PERLU_DILENGKAPI.value
    info = await TicketEvent.select(TicketEvent.body).where(
        (TicketEvent.ticket == ticket["id"]) & (TicketEvent.kind == EventKind.INFO_ADDED.value)
    )
    assert info == [{"body": "Tiang nomor 17, dekat gerbang sekolah"}]


async def test_a_retried_webhook_answers_the_same_and_files_once(twilio: TwilioCaller) -> None:
    await phone_directory()
    citizen = Texter(twilio, number="+6281399990000")
    for text in ("Sampah menumpuk di pasar Wonosobo", "9", "Pasar induk", "0", "1", "1"):
        citizen.send(text)
    first = citizen.send("1")
    assert "Laporan Anda sudah kami terima." in first
    assert citizen.retry() == first
    assert citizen.retry() == first
    assert await Ticket.count() == 1
    assert await InboundMessage.count().where(InboundMessage.sender == "+6281399990000") == 7


async def test_a_forged_or_unsigned_message_is_refused_and_not_kept(twilio: TwilioCaller) -> None:
    params = {"MessageSid": new_message_sid(), "From": "+6281211112222", "Body": "halo"}
    for signature in ("", "forged"):
        response = twilio.post(WEBHOOK, params, signature=signature)
        assert response.status_code == 403
    assert await InboundMessage.count() == 0


async def test_stop_and_start_on_every_channel(twilio: TwilioCaller) -> None:
    await phone_directory()
    citizen = Texter(twilio, number="+6281322223333", channel="sms")
    answer = citizen.send("BERHENTI")
    assert "Anda tidak akan menerima pesan lagi dari kami. Balas MULAI" in answer
    row = await OptOut.select().where(OptOut.number == "+6281322223333").first()
    assert row is not None and row["opted_out"] and row["word"] == "BERHENTI"
    # Nothing is written to an opted-out number, on WhatsApp either; the message is still kept.
    assert citizen.send("Jalan rusak di desa Kalibeber") == ""
    on_whatsapp = Texter(twilio, number="+6281322223333", channel="whatsapp")
    assert on_whatsapp.send("halo") == ""
    assert await InboundMessage.count().where(InboundMessage.sender == "+6281322223333") == 3
    # "stop the flooding" is a report's words, not an opt-out.
    assert "Anda akan menerima pesan kami lagi" in on_whatsapp.send("mulai")
    row = await OptOut.select().where(OptOut.number == "+6281322223333").first()
    assert row is not None and not row["opted_out"] and row["channel"] == "whatsapp"


def test_the_webhook_is_not_a_form_with_csrf(twilio: TwilioCaller) -> None:
    # Twilio carries no CSRF token: /pesan is exempt, as /ivr is, and signed instead.
    response = httpx.post(twilio.base_url + WEBHOOK, data={"Body": "x"})
    assert response.status_code == 403


async def test_a_flood_from_one_number_is_kept_but_not_handled(twilio: TwilioCaller) -> None:
    await phone_directory()
    flooder = Texter(twilio, number="+6281344445555")
    answers = [flooder.send(f"pesan nomor {i} tentang jalan rusak") for i in range(16)]
    # The quota (12 a minute by default): then one "too many", then nothing at all.
    assert all(a for a in answers[:12])
    assert "Anda mengirim terlalu banyak pesan" in answers[12]
    assert answers[13:] == ["", "", ""]
    rows = await InboundMessage.select(InboundMessage.status).where(
        InboundMessage.sender == "+6281344445555"
    )
    assert [r["status"] for r in rows].count("limited") == 4
    assert len(rows) == 16  # every message kept
    # STOP is honoured whatever the quota.
    assert "Anda tidak akan menerima pesan lagi" in flooder.send("STOP")
    assert await OptOut.count().where(OptOut.number == "+6281344445555") == 1
    # Someone else is answered as usual meanwhile.
    assert "Selamat datang" in Texter(twilio, number="+6281366667777").send("halo")


async def test_information_added_with_reference_and_pin_in_english(twilio: TwilioCaller) -> None:
    await phone_directory()
    citizen = Texter(twilio, number="+6281388889999")
    ticket, pin = await _file(citizen)
    # From the menu's greeting (twelve messages in all: the sender's quota a minute).
    answer = citizen.send("9")
    assert "We will write to you in English." in answer
    assert "add information to a report" in answer
    assert "10-digit reference" in citizen.send("3")
    assert "6-digit PIN" in citizen.send(ticket["reference"])
    assert "Write what you want to add" in citizen.send(pin)
    photo = media_url()
    answer = citizen.send("The pole is number 17", media=((photo, "image/jpeg"),))
    assert f"We added your message to report {ticket['reference']}" in answer
    info = await TicketEvent.select(TicketEvent.body).where(
        (TicketEvent.ticket == ticket["id"]) & (TicketEvent.kind == EventKind.INFO_ADDED.value)
    )
    assert info == [{"body": "The pole is number 17"}]
    [attachment] = await Attachment.select().where(Attachment.ticket == ticket["id"])
    assert attachment["source_url"] == photo


async def test_a_number_blocked_on_the_phone_line_is_blocked_by_message(
    twilio: TwilioCaller,
) -> None:
    await phone_directory()
    await add_block("+6281300001111", reason="laporan palsu berulang", days=7, actor="verifikator")
    answer = Texter(twilio, number="+6281300001111").send("Jalan rusak parah di desa Kapencar")
    assert "Nomor ini untuk sementara tidak dapat membuat laporan lewat pesan" in answer
    assert await Ticket.count() == 0
