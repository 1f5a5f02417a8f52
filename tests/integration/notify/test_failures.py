"""Dead and stuck messages are found, counted and sent again (hotline/notify/failures.py)."""

from __future__ import annotations

from datetime import timedelta

from hotline.notify.delivery import deliver_due
from hotline.notify.failures import STUCK_AFTER, count_failures, failed_messages, retry
from hotline.notify.outbox import About, enqueue
from hotline.notify.senders.base import Channel
from hotline.notify.senders.twilio_sms import TwilioSmsSender
from hotline.notify.tables import OutboxMessage
from tests.support.factories import at, freeze
from tests.support.fake_twilio import FakeTwilio

SID = "AC" + "4" * 32
REPORT = About("ticket", 7)


def _sms(fake: FakeTwilio) -> dict:
    return {
        Channel.SMS: TwilioSmsSender(SID, "token", "+6281100009999", api_base_url=fake.base_url)
    }


async def _queue(key: str, now: object, about: About | None = REPORT) -> None:
    await enqueue(
        channel=Channel.SMS,
        recipient="+6281234567890",
        body="Laporan Anda diterima",
        dedupe_key=key,
        now=now,  # type: ignore[arg-type]
        about=about,
    )


async def _id(key: str) -> int:
    row = (
        await OutboxMessage.select(OutboxMessage.id).where(OutboxMessage.dedupe_key == key).first()
    )
    assert row is not None
    return int(row["id"])


async def test_dead_and_stuck_messages_are_listed_and_counted() -> None:
    start = at(2026, 11, 23)
    freeze(start)
    await _queue("dead", start)
    with FakeTwilio() as fake:
        fake.fail_next(status=400, code=21211, message="Invalid 'To' Phone Number")
        assert (await deliver_due(_sms(fake))).dead == 1
        await _queue("sent", start)
        assert (await deliver_due(_sms(fake))).sent == 1
    await _queue("stuck", start, about=None)  # nobody delivers it from now on
    later = start + STUCK_AFTER + timedelta(minutes=1)
    await _queue("fresh", later - timedelta(minutes=5))  # due, but not for long

    counts = await count_failures(later)
    assert (counts.dead, counts.stuck) == (1, 1)
    found = {m.id: m for m in await failed_messages(later)}
    dead, stuck = found[await _id("dead")], found[await _id("stuck")]
    assert set(found) == {dead.id, stuck.id}
    assert (dead.state, dead.since, dead.about, dead.channel) == ("dead", start, REPORT, "sms")
    assert "Invalid 'To'" in dead.last_error and "+6281234567890" not in dead.last_error
    assert dead.masked_recipient == "+62812****7890"
    assert (stuck.state, stuck.since, stuck.about) == ("stuck", start, None)
    # The ticket panel's view: only the report's own messages.
    assert [m.id for m in await failed_messages(later, about=REPORT)] == [dead.id]
    assert await failed_messages(later, about=About("ticket", 8)) == []
    # Not stuck yet a minute earlier than STUCK_AFTER.
    assert (await count_failures(start + STUCK_AFTER - timedelta(minutes=1))).stuck == 0


async def test_a_retried_dead_message_is_delivered_and_retried_once() -> None:
    start = at(2026, 11, 23)
    freeze(start)
    await _queue("dead", start)
    with FakeTwilio() as fake:
        fake.fail_next(status=400, code=21211, message="Invalid 'To' Phone Number")
        await deliver_due(_sms(fake))
        message = await _id("dead")
        later = start + timedelta(hours=2)
        freeze(later)
        assert await retry(message, later, about=About("ticket", 8)) is None  # another report's
        retried = await retry(message, later, about=REPORT)
        assert retried is not None and retried.state == "dead"
        assert await retry(message, later) is None  # a second click: nothing left to retry
        assert (await count_failures(later)).total == 0
        stats = await deliver_due(_sms(fake))
        assert stats.sent == 1 and len(fake.messages) == 1
    row = await OutboxMessage.select().where(OutboxMessage.id == message).first()
    assert row is not None
    assert row["status"] == "sent" and row["failed_at"] is None and row["attempts"] == 2


async def test_a_stuck_message_is_retried_from_where_it_stopped() -> None:
    start = at(2026, 11, 23)
    await _queue("stuck", start)
    # A worker claimed it and vanished, and no worker has run since.
    await OutboxMessage.update({OutboxMessage.status: "sending", OutboxMessage.attempts: 1}).where(
        OutboxMessage.dedupe_key == "stuck"
    )
    later = start + timedelta(hours=1)
    freeze(later)
    assert (await count_failures(later)).stuck == 1
    retried = await retry(await _id("stuck"), later)
    assert retried is not None and retried.state == "stuck"
    row = await OutboxMessage.select().where(OutboxMessage.dedupe_key == "stuck").first()
    assert row is not None
    assert (row["status"], row["next_attempt_at"], row["attempts"]) == ("pending", later, 1)
