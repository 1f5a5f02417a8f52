"""Outbox delivery through real local servers: fake Twilio over HTTP and aiosmtpd over SMTP."""

from __future__ import annotations

from datetime import timedelta

from hotline import clock
from hotline.notify.delivery import MAX_ATTEMPTS, deliver_due
from hotline.notify.outbox import concerning, enqueue
from hotline.notify.senders.base import Channel
from hotline.notify.senders.smtp import SmtpSender
from hotline.notify.senders.twilio_sms import TwilioSmsSender
from hotline.notify.tables import OutboxMessage
from hotline.tickets.messages import about
from tests.support.factories import at, file_report, freeze, make_directory
from tests.support.fake_twilio import FakeTwilio
from tests.support.smtp_server import SmtpServer

SID = "AC" + "0" * 32


def _senders(fake: FakeTwilio, smtp: SmtpServer) -> dict:
    return {
        Channel.SMS: TwilioSmsSender(SID, "token", "+6281100009999", api_base_url=fake.base_url),
        Channel.EMAIL: SmtpSender(smtp.host, smtp.port, "hotline@example.go.id"),
    }


async def _row(dedupe_key: str) -> dict:
    row = await OutboxMessage.select().where(OutboxMessage.dedupe_key == dedupe_key).first()
    assert row is not None, f"no outbox message {dedupe_key}"
    return row


async def test_messages_of_a_new_report_are_delivered_once() -> None:
    await make_directory()
    freeze(at(2026, 11, 23))
    created = await file_report()
    with FakeTwilio() as fake, SmtpServer() as smtp:
        stats = await deliver_due(_senders(fake, smtp))
        again = await deliver_due(_senders(fake, smtp))
        assert (stats.sent, again.sent) == (2, 0)
        assert len(fake.messages) == 1 and len(smtp.messages) == 1
        sms = fake.requests[0]
        assert sms.form["To"] == "+6281234567890"
        assert created.reference in sms.form["Body"]
        mail = smtp.messages[0]
        assert mail.rcpt_tos == ["siti@example.com"]
        assert created.reference in mail.message["Subject"]
    rows = await OutboxMessage.select()
    assert {r["status"] for r in rows} == {"sent"}
    assert all(r["provider_id"] for r in rows)


async def test_temporary_failure_is_retried_with_backoff() -> None:
    now = at(2026, 11, 23)
    freeze(now)
    await enqueue(
        channel=Channel.SMS, recipient="+6281234567890", body="halo", dedupe_key="t1", now=now
    )
    with FakeTwilio() as fake, SmtpServer() as smtp:
        fake.fail_next(status=503, times=1)
        stats = await deliver_due(_senders(fake, smtp))
        assert (stats.sent, stats.retried) == (0, 1)
        row = await _row("t1")
        assert row["status"] == "pending" and row["attempts"] == 1
        assert row["next_attempt_at"] >= now + timedelta(seconds=30)
        assert "503" in row["last_error"] or row["last_error"]
        assert (await deliver_due(_senders(fake, smtp))).handled == 0  # not due yet
        freeze(now + timedelta(minutes=5))
        assert (await deliver_due(_senders(fake, smtp))).sent == 1
    row = await _row("t1")
    assert row["status"] == "sent" and row["attempts"] == 2


async def test_permanent_failure_gives_up_at_once() -> None:
    now = at(2026, 11, 23)
    freeze(now)
    await enqueue(
        channel=Channel.SMS, recipient="+6281234567890", body="halo", dedupe_key="t2", now=now
    )
    with FakeTwilio() as fake, SmtpServer() as smtp:
        fake.fail_next(status=400, code=21211, message="Invalid 'To' Phone Number")
        stats = await deliver_due(_senders(fake, smtp))
    assert stats.dead == 1
    row = await _row("t2")
    assert row["status"] == "dead" and row["next_attempt_at"] is None
    assert "+6281234567890" not in row["last_error"]


async def test_retries_stop_after_the_last_attempt() -> None:
    now = at(2026, 11, 23)
    await enqueue(
        channel=Channel.EMAIL,
        recipient="a@example.com",
        body="x",
        subject="s",
        dedupe_key="t3",
        now=now,
    )
    await OutboxMessage.update({OutboxMessage.attempts: MAX_ATTEMPTS - 1}).where(
        OutboxMessage.dedupe_key == "t3"
    )
    freeze(now)
    with FakeTwilio() as fake, SmtpServer() as smtp:
        smtp.fail_next(code=451)
        stats = await deliver_due(_senders(fake, smtp))
    assert stats.dead == 1
    assert (await _row("t3"))["status"] == "dead"


async def test_a_message_left_by_a_dead_worker_is_sent_after_its_lease() -> None:
    now = at(2026, 11, 23)
    await enqueue(
        channel=Channel.SMS, recipient="+6281234567890", body="halo", dedupe_key="t4", now=now
    )
    # A worker claimed it and died: status sending, lease until now + 2 min.
    await OutboxMessage.update(
        {
            OutboxMessage.status: "sending",
            OutboxMessage.next_attempt_at: now + timedelta(minutes=2),
            OutboxMessage.attempts: 1,
        }
    ).where(OutboxMessage.dedupe_key == "t4")
    with FakeTwilio() as fake, SmtpServer() as smtp:
        freeze(now + timedelta(minutes=1))
        assert (await deliver_due(_senders(fake, smtp))).handled == 0
        freeze(now + timedelta(minutes=3))
        assert (await deliver_due(_senders(fake, smtp))).sent == 1
        assert len(fake.messages) == 1


async def test_a_pin_is_removed_from_the_outbox_once_sent() -> None:
    from hotline.tickets.channels import Channel as ReportChannel

    await make_directory()
    created = await file_report(channel=ReportChannel.TELEPON, email="", description="")
    row = await OutboxMessage.select().where(concerning(about(created.ticket_id))).first()
    assert row is not None
    assert created.pin in row["body"]
    with FakeTwilio() as fake, SmtpServer() as smtp:
        await deliver_due(_senders(fake, smtp))
        assert created.pin in fake.requests[0].form["Body"]
    row = await OutboxMessage.select().where(concerning(about(created.ticket_id))).first()
    assert row is not None
    assert created.pin not in row["body"]


async def test_the_same_dedupe_key_is_queued_once() -> None:
    now = clock.now()
    first = await enqueue(
        channel=Channel.SMS, recipient="+6281234567890", body="a", dedupe_key="same", now=now
    )
    second = await enqueue(
        channel=Channel.SMS, recipient="+6281234567890", body="a", dedupe_key="same", now=now
    )
    assert (first, second) == (True, False)
    assert await OutboxMessage.count() == 1


class BrokenSender:
    """A sender with a bug: it raises what no sender should."""

    channel = Channel.EMAIL

    async def send(self, message: object) -> object:
        raise RuntimeError("bug in the sender for a@example.com")


async def test_a_sender_that_breaks_is_a_temporary_failure_not_a_failed_round() -> None:
    now = at(2026, 11, 23)
    freeze(now)
    await enqueue(
        channel=Channel.EMAIL,
        recipient="a@example.com",
        body="x",
        subject="s",
        dedupe_key="b1",
        now=now,
    )
    await enqueue(
        channel=Channel.SMS, recipient="+6281234567890", body="halo", dedupe_key="b2", now=now
    )
    with FakeTwilio() as fake, SmtpServer() as smtp:
        senders = {**_senders(fake, smtp), Channel.EMAIL: BrokenSender()}
        stats = await deliver_due(senders)
        assert (stats.sent, stats.retried) == (1, 1)  # the SMS of the same batch went out
    row = await _row("b1")
    assert row["status"] == "pending" and row["next_attempt_at"] >= now + timedelta(seconds=30)
    assert "RuntimeError" in row["last_error"] and "a@example.com" not in row["last_error"]
