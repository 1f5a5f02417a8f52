"""A worker killed mid-delivery (SIGKILL, no clean-up) does not hold its messages for long:
another worker sends them once the dead worker's short lease has run out (issue 16).

A real `hotline worker` claims an SMS and posts it to the fake Twilio, which holds the request;
the test kills the worker there, starts a second one and times how long the SMS waits. Prints
the wait (`-s`): docs/PERFORMANCE.md records it.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from typing import IO

from hotline import clock
from hotline.notify.outbox import enqueue
from hotline.notify.senders.base import Channel
from hotline.notify.tables import OutboxMessage
from tests.support.fake_twilio import FakeTwilio

# Bounds that only catch a hang: a real process starts and claims in seconds even on a busy
# machine. The wait itself is bounded by the lease (hotline/notify/delivery.py: LEASE, 10 s);
# under the old two-minute lease this bound failed.
HANG = 90
SID = "AC" + "2" * 32


def _worker(fake: FakeTwilio, log: IO[bytes]) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "HOTLINE_TWILIO_ACCOUNT_SID": SID,
        "HOTLINE_TWILIO_AUTH_TOKEN": "token",
        "HOTLINE_TWILIO_NUMBER": "+6281100009999",
        "HOTLINE_TWILIO_API_BASE": fake.base_url,
        "HOTLINE_WORKER_INTERVAL_SECONDS": "0.2",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "hotline.cli", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )


async def _until(condition: object, what: str, log: IO[bytes]) -> None:
    deadline = time.monotonic() + HANG
    while not await condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            log.seek(0)
            raise AssertionError(f"{what}: {log.read().decode(errors='replace')[-3000:]}")
        await asyncio.sleep(0.05)


async def test_a_killed_workers_message_is_sent_by_another_within_seconds() -> None:
    await enqueue(
        channel=Channel.SMS,
        recipient="+6281234567890",
        body="Laporan 2600-0001 diterima",
        dedupe_key="crash:1",
        now=clock.now(),
    )

    async def status() -> dict:
        row = await OutboxMessage.select(
            OutboxMessage.status, OutboxMessage.attempts, OutboxMessage.provider_id
        ).first()
        assert row is not None
        return row

    with FakeTwilio() as fake, tempfile.TemporaryFile() as log:
        # The first worker's request is held far longer than the test, as if Twilio hung.
        fake.stall_next(HANG * 2)
        first = _worker(fake, log)
        second: subprocess.Popen[bytes] | None = None
        try:

            async def posted(n: int) -> bool:
                return sum(r.method == "POST" for r in fake.requests) >= n

            await _until(lambda: posted(1), "the first worker never sent", log)
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=HANG)
            killed = time.monotonic()
            second = _worker(fake, log)

            async def sent() -> bool:
                return (await status())["status"] == "sent"

            await _until(sent, "no other worker sent the message", log)
            waited = time.monotonic() - killed
        finally:
            for proc in (first, second):
                if proc is not None and proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
                    try:
                        proc.wait(timeout=HANG)
                    except subprocess.TimeoutExpired:
                        proc.kill()
        posts = [r for r in fake.requests if r.method == "POST"]
        messages = fake.messages
    print(f"\nSMS of a killed worker sent by another {waited:.1f} s after the kill")
    row = await status()
    # The second worker's send is the one recorded: its claim was attempt 2. The first request
    # reached Twilio but was never answered: at least once, as documented (DECISIONS.md, Outbox).
    assert row["attempts"] == 2
    assert len(posts) == 2
    assert [m["sid"] for m in messages] == [row["provider_id"]]
