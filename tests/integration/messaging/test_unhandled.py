"""A message saved but never handled (its webhook failed after the save, and Twilio gave up) is
handled by the worker, its reply sent through the outbox: a message is never lost."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from hotline.ivr import spool
from hotline.messaging import conversation, jobs
from hotline.messaging.engine import Incoming
from hotline.messaging.inbound import Inbound
from hotline.messaging.tables import Conversation, InboundMessage
from hotline.notify.tables import OutboxMessage
from tests.integration.ivr.helpers import phone_directory
from tests.integration.messaging.helpers import new_message_sid
from tests.support.factories import at, freeze

NUMBER = "+6281234560003"


async def test_the_worker_handles_a_saved_message_and_queues_its_reply() -> None:
    await phone_directory()
    freeze(at(2026, 12, 7, 6))
    msg = Inbound(new_message_sid(), "sms", NUMBER, Incoming("Saluran air tersumbat di Leksono"))
    assert await conversation.save(msg, at(2026, 12, 7, 6)) is None  # saved, then the step failed
    assert await jobs.handle_stale() == 0  # too fresh: its webhook may still be running
    freeze(at(2026, 12, 7, 6) + timedelta(minutes=3))
    assert await jobs.handle_stale() == 1
    row = await InboundMessage.select().where(InboundMessage.message_sid == msg.sid).first()
    assert row is not None and row["status"] == "done"
    [reply] = await OutboxMessage.select()
    assert reply["channel"] == "sms" and reply["recipient"] == NUMBER
    assert "Laporan Anda tentang apa?" in reply["body"]
    conv = await Conversation.select().where(Conversation.sender == NUMBER).first()
    assert conv is not None and conv["state"] == "new_report.category"
    # A retry of the webhook now gets the same answer, and nothing is queued twice.
    again = await conversation.receive(msg)
    assert "Laporan Anda tentang apa?" in again.twiml
    assert await jobs.handle_stale() == 0 and await OutboxMessage.count() == 1


async def test_a_message_spooled_while_the_database_was_away_is_replayed(tmp_path: Path) -> None:
    await phone_directory()
    came = at(2026, 12, 7, 7)
    form = {
        "MessageSid": new_message_sid(),
        "From": f"whatsapp:{NUMBER}",
        "Body": "Lampu lalu lintas mati di simpang Kertek",
    }
    spooled = spool.write(tmp_path, "message", form, {}, "")
    freeze(came + timedelta(minutes=40))
    assert await spool.replay(tmp_path, jobs.replay_record) == 1
    assert not spooled.exists()
    row = (
        await InboundMessage.select()
        .where(InboundMessage.message_sid == form["MessageSid"])
        .first()
    )
    assert row is not None and row["status"] == "done"
    # Dated when it came (the spool's wall-clock time), not when the worker replayed it.
    assert abs(row["received_at"] - datetime.now(UTC)) < timedelta(minutes=5)
    assert row["handled_at"] == row["received_at"]
    [reply] = await OutboxMessage.select()
    assert reply["channel"] == "whatsapp" and "Laporan Anda tentang apa?" in reply["body"]
    # Replayed twice (two workers, a crash before the file was removed): handled once.
    spool.write(tmp_path, "message", form, {}, "")
    assert await spool.replay(tmp_path, jobs.replay_record) == 1
    assert await OutboxMessage.count() == 1


async def test_messages_and_idle_conversations_are_forgotten_after_30_days() -> None:
    await phone_directory()
    freeze(at(2026, 12, 7, 9))
    old = Inbound(new_message_sid(), "sms", NUMBER, Incoming("Jalan licin di tanjakan Kalikajar"))
    await conversation.receive(old)
    freeze(at(2026, 12, 7, 9) + timedelta(days=29))
    assert await jobs.erase_old() == 0
    freeze(at(2026, 12, 7, 9) + timedelta(days=31))
    assert await jobs.erase_old() == 2  # the message's content and number, the conversation
    row = await InboundMessage.select().where(InboundMessage.message_sid == old.sid).first()
    assert row is not None and (row["sender"], row["body"], row["reply"]) == ("", "", "")
    assert await Conversation.count() == 0
    # Its MessageSid is still known: a very late retry creates nothing.
    assert (await conversation.receive(old)).twiml.endswith("<Response />")
