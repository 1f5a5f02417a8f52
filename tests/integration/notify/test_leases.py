"""Leases of messages being sent: renewed while the worker lives, fenced when it lost them.

A send is held at a gate in front of the real Twilio sender (against the fake Twilio), so the
test decides when it ends; time moves through the project clock.
"""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

from hotline.notify.delivery import LEASE, deliver_due
from hotline.notify.outbox import enqueue
from hotline.notify.senders.base import Channel, Delivered, OutgoingMessage
from hotline.notify.senders.twilio_sms import TwilioSmsSender
from hotline.notify.tables import OutboxMessage
from tests.support.factories import at, freeze
from tests.support.fake_twilio import FakeTwilio

SID = "AC" + "3" * 32
HANG = 60  # only catches a hang


class GatedSender:
    """The real SMS sender, entered only once the test opens the gate."""

    channel = Channel.SMS

    def __init__(self, fake: FakeTwilio) -> None:
        self.real = TwilioSmsSender(SID, "token", "+6281100009999", api_base_url=fake.base_url)
        self.started = asyncio.Event()
        self.gate = asyncio.Event()

    async def send(self, message: OutgoingMessage) -> Delivered:
        self.started.set()
        await asyncio.wait_for(self.gate.wait(), timeout=HANG)
        return await self.real.send(message)


async def _row() -> dict:
    row = await OutboxMessage.select().first()
    assert row is not None
    return row


async def _queue(now: object) -> None:
    await enqueue(
        channel=Channel.SMS,
        recipient="+6281234567890",
        body="halo",
        dedupe_key="lease:1",
        now=now,  # type: ignore[arg-type]
    )


async def test_a_slow_send_keeps_its_message_while_the_worker_lives() -> None:
    start = at(2026, 11, 23)
    freeze(start)
    await _queue(start)
    with FakeTwilio() as fake:
        slow = GatedSender(fake)
        sending = asyncio.create_task(deliver_due({Channel.SMS: slow}, heartbeat=0.05))
        await asyncio.wait_for(slow.started.wait(), timeout=HANG)
        # Far past the first lease: only the heartbeat keeps the message this worker's.
        later = start + 6 * LEASE
        freeze(later)
        deadline = time.monotonic() + HANG
        while (await _row())["next_attempt_at"] < later:
            assert time.monotonic() < deadline, "the lease was never renewed"
            await asyncio.sleep(0.02)
        other = await deliver_due({Channel.SMS: GatedSender(fake)}, now=later + LEASE / 2)
        assert other.handled == 0
        slow.gate.set()
        stats = await asyncio.wait_for(sending, timeout=HANG)
        assert stats.sent == 1
        assert len(fake.messages) == 1
    row = await _row()
    assert (row["status"], row["attempts"]) == ("sent", 1)


async def test_a_worker_that_lost_its_lease_records_nothing_over_the_next_claim() -> None:
    start = at(2026, 11, 23)
    freeze(start)
    await _queue(start)
    with FakeTwilio() as fake:
        stalled = GatedSender(fake)
        # A worker whose heartbeat never comes (a frozen process): its lease runs out.
        sending = asyncio.create_task(deliver_due({Channel.SMS: stalled}, heartbeat=HANG * 10))
        await asyncio.wait_for(stalled.started.wait(), timeout=HANG)
        freeze(start + LEASE + timedelta(seconds=1))
        prompt = GatedSender(fake)
        prompt.gate.set()
        taken = await deliver_due({Channel.SMS: prompt})
        assert taken.sent == 1
        after_second = await _row()
        assert (after_second["status"], after_second["attempts"]) == ("sent", 2)
        stalled.gate.set()  # the first worker wakes up and sends: at least once
        await asyncio.wait_for(sending, timeout=HANG)
        assert len(fake.messages) == 2
    row = await _row()
    # The second claim's outcome stands; the first worker's late result did not replace it.
    assert (row["status"], row["attempts"]) == ("sent", 2)
    assert row["provider_id"] == after_second["provider_id"]
