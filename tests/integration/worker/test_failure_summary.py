"""The central unit's daily e-mail of undelivered messages: from 07:00 in its time zone, once a
day whatever the number of workers, only while some remain; delivered through the outbox."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from hotline.notify.outbox import concerning
from hotline.notify.tables import OutboxMessage
from hotline.tickets.messages import about
from hotline.worker.failure_summary import send_daily_summary
from tests.support.factories import at, file_report, freeze, make_directory

CENTRAL = "ulp@example.go.id"  # the central unit's supervisor address (make_directory)


async def _summaries() -> list[dict]:
    return (
        await OutboxMessage.select()
        .where(OutboxMessage.dedupe_key.like("outbox-failures:%"))
        .order_by(OutboxMessage.id)
    )


async def _kill_messages_of(ticket_id: int, when: datetime) -> None:
    await OutboxMessage.update(
        {
            OutboxMessage.status: "dead",
            OutboxMessage.last_error: "SMTP recipient refused: 550 no such user",
            OutboxMessage.next_attempt_at: None,
            OutboxMessage.failed_at: when,
        }
    ).where(concerning(about(ticket_id)))


async def test_one_summary_a_day_from_seven_while_failures_remain() -> None:
    await make_directory()
    # 03:00 WIB on 6 December: a report whose messages all die.
    night = at(2026, 12, 5, 20)
    freeze(night)
    report = await file_report()
    await _kill_messages_of(report.ticket_id, night)
    assert await send_daily_summary(night) == 0  # not at night
    assert await send_daily_summary(at(2026, 12, 5, 23, 59)) == 0  # 06:59 WIB

    morning = at(2026, 12, 6, 0, 0)  # 07:00 WIB
    # Three workers ask in the same round: one summary.
    queued = await asyncio.gather(*(send_daily_summary(morning) for _ in range(3)))
    assert sum(queued) == 1
    assert await send_daily_summary(morning + timedelta(hours=5)) == 0  # later that day
    [summary] = await _summaries()
    assert summary["recipient"] == CENTRAL and summary["channel"] == "email"
    assert summary["subject"] == "Hotline: 2 pesan tidak terkirim (2026-12-06)"
    assert report.reference in summary["body"]
    assert "+6281234567890" not in summary["body"] and "siti@example.com" not in summary["body"]
    assert "s***@example.com" in summary["body"]
    assert "http://hotline.example.go.id/konsol/admin/pesan-gagal" in summary["body"]

    # The next day, still failing: a new summary. Once everything is sent: none.
    assert await send_daily_summary(morning + timedelta(days=1)) == 1
    # (the summaries too: left pending, they would be stuck themselves, and counted)
    await OutboxMessage.update({OutboxMessage.status: "sent"}, force=True)
    assert await send_daily_summary(morning + timedelta(days=2)) == 0
    assert len(await _summaries()) == 2


async def test_no_summary_without_failures_or_without_a_central_address() -> None:
    assert await send_daily_summary(at(2026, 12, 6)) == 0  # no directory at all
    await make_directory()
    freeze(at(2026, 12, 6))
    await file_report()
    assert await send_daily_summary(at(2026, 12, 6)) == 0  # nothing failed
    assert await _summaries() == []
