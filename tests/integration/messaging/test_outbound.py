"""Messages back to a reporter who wrote by WhatsApp, against a local stand-in for Twilio's
Messaging API: free-form inside WhatsApp's 24-hour window, an approved template outside it, SMS
as the fallback where the reporter consented, and nothing at all after STOP."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from hotline.messaging import conversation
from hotline.messaging.engine import Incoming
from hotline.messaging.inbound import Inbound
from hotline.messaging.outbound import OptOutGuard, WhatsAppSender
from hotline.notify.delivery import deliver_due
from hotline.notify.senders.base import Channel
from hotline.notify.senders.twilio_sms import TwilioSmsSender
from hotline.notify.tables import OutboxMessage
from hotline.settings import get_settings
from hotline.tickets.lifecycle import Action
from hotline.tickets.service import perform
from hotline.tickets.tables import Ticket
from tests.integration.ivr.helpers import phone_directory
from tests.integration.messaging.helpers import new_message_sid
from tests.support.factories import STAFF, at, freeze
from tests.support.fake_twilio import FakeTwilio

SID = "AC" + "0" * 32
NUMBER = "+6281234560001"
FROM = "whatsapp:+6228632100"
TEMPLATES = Path(__file__).parents[3] / "ivr_flows" / "chat" / "whatsapp_templates.toml"


def senders(fake: FakeTwilio, templates: Path = TEMPLATES) -> dict:
    twilio = TwilioSmsSender(SID, "token", "+6281100009999", api_base_url=fake.base_url)
    return {
        "whatsapp": WhatsAppSender(twilio, FROM, templates),
        Channel.SMS: OptOutGuard(twilio),
    }


async def write(text: str, channel: str = "whatsapp") -> str:
    msg = Inbound(new_message_sid(), channel, NUMBER, Incoming(text))
    return (await conversation.receive(msg)).text


async def file_by_message(channel: str = "whatsapp", *, sms: str = "1") -> int:
    """A report filed by message; `sms`: the answer to the SMS consent ("1" yes, "2" no)."""
    await phone_directory()
    for text in ("Jembatan bambu di desa Kalikajar patah", "9", "Kalikajar", "0", "1", sms, "1"):
        await write(text, channel)
    [ticket] = await Ticket.select(Ticket.id, Ticket.reference)
    # The conversation's reply carried the reference and PIN: no receipt is queued besides.
    assert await OutboxMessage.count() == 0
    return int(ticket["id"])


async def test_a_status_change_goes_back_by_whatsapp_inside_the_window() -> None:
    freeze(at(2026, 12, 7, 2))
    ticket_id = await file_by_message()
    freeze(at(2026, 12, 7, 5))
    await perform(ticket_id, Action.VERIFY, actor=STAFF)
    [row] = await OutboxMessage.select()
    assert row["channel"] == "whatsapp" and row["recipient"] == NUMBER
    with FakeTwilio() as fake:
        assert (await deliver_due(senders(fake))).sent == 1
        [request] = fake.requests
    assert request.form["To"] == f"whatsapp:{NUMBER}" and request.form["From"] == FROM
    assert "sudah diperiksa" in request.form["Body"]
    assert "ContentSid" not in request.form


async def test_outside_the_window_only_a_template_is_sent() -> None:
    freeze(at(2026, 12, 7, 5))
    ticket_id = await file_by_message()
    freeze(at(2026, 12, 8, 5) + timedelta(seconds=1))  # 24 hours and a second later
    await perform(ticket_id, Action.VERIFY, actor=STAFF)
    [ticket] = await Ticket.select(Ticket.reference)
    with FakeTwilio() as fake:
        assert (await deliver_due(senders(fake))).sent == 1
        [request] = fake.requests
    assert "Body" not in request.form  # a plain Body would fail outside the window
    assert request.form["ContentSid"] == "HX00000000000000000000000000000001"  # the id template
    assert json.loads(request.form["ContentVariables"]) == {
        "1": ticket["reference"],
        "2": get_settings().public_url,
    }


async def test_outside_the_window_without_a_template_sms_if_consented(tmp_path: Path) -> None:
    freeze(at(2026, 12, 7, 6))
    ticket_id = await file_by_message()
    freeze(at(2026, 12, 9, 2))
    await perform(ticket_id, Action.VERIFY, actor=STAFF)
    none = tmp_path / "none.toml"
    none.write_text("")
    with FakeTwilio() as fake:
        # The WhatsApp row hands over to an SMS row, which the next round sends.
        assert (await deliver_due(senders(fake, none))).sent == 1
        assert fake.requests == []
        assert (await deliver_due(senders(fake, none))).sent == 1
        [request] = fake.requests
    assert request.form["To"] == NUMBER and "sudah diperiksa" in request.form["Body"]
    rows = {r["channel"]: r for r in await OutboxMessage.select()}
    assert rows["whatsapp"]["provider_id"] == "fallback:sms"
    assert rows["sms"]["dedupe_key"].endswith(":sms-fallback")


async def test_after_stop_nothing_is_sent_on_any_channel() -> None:
    freeze(at(2026, 12, 7, 7))
    ticket_id = await file_by_message()
    assert "MULAI" in await write("STOP")
    await perform(ticket_id, Action.VERIFY, actor=STAFF)
    await OutboxMessage.insert(
        OutboxMessage(
            channel="sms",
            recipient=NUMBER,
            body="halo",
            dedupe_key="sms-after-stop",
            status="pending",
            next_attempt_at=at(2026, 12, 7, 7),
            created_at=at(2026, 12, 7, 7),
        )
    )
    with FakeTwilio() as fake:
        stats = await deliver_due(senders(fake))
        assert fake.requests == []
    assert stats.dead == 2
    rows = await OutboxMessage.select(OutboxMessage.status, OutboxMessage.last_error)
    assert {r["last_error"] for r in rows} == {"not sent: the number opted out (STOP)"}


async def test_a_report_that_came_by_sms_is_answered_by_sms() -> None:
    freeze(at(2026, 12, 7, 8))
    ticket_id = await file_by_message("sms")
    await perform(ticket_id, Action.VERIFY, actor=STAFF)
    [row] = await OutboxMessage.select()
    assert row["channel"] == "sms"
    with FakeTwilio() as fake:
        assert (await deliver_due(senders(fake))).sent == 1
        [request] = fake.requests
    assert request.form["To"] == NUMBER and request.form["From"] == "+6281100009999"
    assert "sudah diperiksa" in request.form["Body"]


async def test_without_sms_consent_nothing_replaces_a_refused_whatsapp_message(
    tmp_path: Path,
) -> None:
    freeze(at(2026, 12, 7, 9))
    ticket_id = await file_by_message(sms="2")
    freeze(at(2026, 12, 9, 9))
    await perform(ticket_id, Action.VERIFY, actor=STAFF)
    [row] = await OutboxMessage.select()
    assert row["channel"] == "whatsapp"  # answered on WhatsApp all the same
    none = tmp_path / "none.toml"
    none.write_text("")
    with FakeTwilio() as fake:
        assert (await deliver_due(senders(fake, none))).dead == 1
        assert fake.requests == []
    [row] = await OutboxMessage.select()
    assert row["last_error"].startswith("not sent: outside WhatsApp's 24-hour window")
