"""Retention of the officers' conversation recordings (issue 18, item 2): erased with the data of
the report filed in their call (file removed, row marked erased, fetch order without Twilio's
URL), and, when no report was filed, after HOTLINE_CONVERSATION_RECORDING_DAYS. Time is
passed as `now`, never slept."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from hotline import clock
from hotline.ivr.conversations import about
from hotline.ivr.tables import ConversationRecording, IvrCall
from hotline.notify.outbox import concerning, enqueue
from hotline.notify.tables import OutboxMessage
from hotline.privacy.erasure import conversation_round, retention_round
from hotline.privacy.export import held_about
from hotline.tickets import storage
from hotline.tickets.events import EventKind
from hotline.tickets.tables import Ticket, TicketEvent
from tests.support.factories import file_report, make_directory
from tests.support.rows import one


async def _call(sid: str, ticket: int | None, at: datetime) -> None:
    await IvrCall.insert(
        IvrCall(call_sid=sid, ticket=ticket, started_at=at, updated_at=at, status="done")
    )


async def _recording(
    n: int, *, call_sid: str, at: datetime, ticket: int | None = None
) -> dict[str, Any]:
    """A fetched recording with its own file (distinct bytes: storage is content-addressed)."""
    stored = storage.store_bytes(b"RIFF suara percakapan %d " % n + bytes(100), suffix="wav")
    sid = f"RE{n:032d}"
    [row] = await ConversationRecording.insert(
        ConversationRecording(
            recording_sid=sid,
            call_sid=call_sid,
            ticket=ticket,
            source_url=f"https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/{sid}",
            storage_path=stored.path,
            sha256=stored.sha256,
            size=stored.size,
            content_type="audio/x-wav",
            duration_seconds=60,
            channels=2,
            created_at=at,
        )
    ).returning(ConversationRecording.id)
    await enqueue(
        channel="recording",
        recipient=f"https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/{sid}",
        body=f"conversation:{row['id']}",
        dedupe_key=f"conversation:{sid}",
        now=at,
        about=about(row["id"]),
    )
    return await one(
        ConversationRecording.select().where(ConversationRecording.id == row["id"]).first()
    )


async def _now(row: dict[str, Any]) -> dict[str, Any]:
    return await one(
        ConversationRecording.select().where(ConversationRecording.id == row["id"]).first()
    )


def _gone(path: str) -> bool:
    return not storage.path_of(path).exists()


async def _assert_erased(row: dict[str, Any]) -> None:
    after = await _now(row)
    assert after["erased_at"] is not None
    assert after["storage_path"] == "" and after["source_url"] == ""
    assert _gone(row["storage_path"])
    [order] = await OutboxMessage.select().where(concerning(about(row["id"])))
    assert order["recipient"] == ""


async def _assert_kept(row: dict[str, Any]) -> None:
    after = await _now(row)
    assert after["erased_at"] is None and after["storage_path"] == row["storage_path"]
    assert storage.read_bytes(row["storage_path"])


async def test_recordings_go_with_the_report_of_their_call() -> None:
    await make_directory()
    now = clock.now()
    report = await file_report()
    other = await file_report()
    await _call("CA-report", report.ticket_id, now)
    linked = await _recording(1, call_sid="CA-queue", at=now, ticket=report.ticket_id)
    via_call = await _recording(2, call_sid="CA-report", at=now)
    of_open_report = await _recording(3, call_sid="CA-other", at=now, ticket=other.ticket_id)

    # The reporter's download says the conversations exist (not the audio).
    held = await held_about(report.ticket_id, "id")
    assert [r["erased_at"] for r in held["conversation_recordings"]] == [None, None]

    # The report closed 25 months ago: its retention has ended; the other report is open.
    await Ticket.update(
        {Ticket.status: "ditolak", Ticket.closed_at: now - timedelta(days=25 * 31)}
    ).where(Ticket.id == report.ticket_id)
    stats = await retention_round(now=now)
    assert stats.reports == 1 and stats.files == 2
    await _assert_erased(linked)
    await _assert_erased(via_call)
    await _assert_kept(of_open_report)
    event = await one(
        TicketEvent.select()
        .where(
            (TicketEvent.ticket == report.ticket_id)
            & (TicketEvent.kind == EventKind.RETENTION_ERASED.value)
        )
        .output(load_json=True)
        .first()
    )
    assert event["data"]["conversations"] == 2
    held = await held_about(report.ticket_id, "id")
    assert all(r["erased_at"] for r in held["conversation_recordings"])


async def test_recordings_without_a_report_are_kept_at_most_the_set_days() -> None:
    await make_directory()
    now = clock.now()
    report = await file_report()
    old, recent = now - timedelta(days=91), now - timedelta(days=89)
    await _call("CA-late-report", report.ticket_id, old)
    expired = await _recording(4, call_sid="CA-nothing", at=old)
    pending = await _recording(5, call_sid="", at=old)
    # Its file not fetched yet: the fetch order is never delivered now.
    await ConversationRecording.update({ConversationRecording.storage_path: ""}).where(
        ConversationRecording.id == pending["id"]
    )
    young = await _recording(6, call_sid="CA-young", at=recent)
    reported_later = await _recording(7, call_sid="CA-late-report", at=old)

    stats = await conversation_round(now=now)
    assert stats.conversations == 2 and stats.files == 1
    await _assert_erased(expired)
    assert (await _now(pending))["erased_at"] is not None
    [order] = await OutboxMessage.select().where(concerning(about(pending["id"])))
    assert order["status"] == "dead" and order["recipient"] == ""
    await _assert_kept(young)
    # A report was made in that call: the recording now goes with the report's data.
    await _assert_kept(reported_later)
    assert (await _now(reported_later))["ticket"] == report.ticket_id
    # Run again (another worker, a later round): nothing more.
    again = await conversation_round(now=now)
    assert again.conversations == 0
