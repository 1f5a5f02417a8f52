"""Retention (UU 27/2022 PDP): two real `hotline worker --once` processes erase the personal
data of reports closed longer than HOTLINE_RETENTION_MONTHS ago, exactly once, and nothing of an
open or recently closed report; the statistics do not change.

Time is moved, never slept: the reports are filed and closed with the project clock set back
25–27 months, so the workers (on the real clock) find them due.
"""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from hotline.citizen.intake import add_to_report
from hotline.citizen.uploads import CleanFile
from hotline.ivr.tables import IvrCall
from hotline.notify.outbox import concerning
from hotline.notify.tables import OutboxMessage
from hotline.privacy.erasure import months_before, retention_round
from hotline.tickets import storage
from hotline.tickets.events import EventKind
from hotline.tickets.lifecycle import Action, RejectReason
from hotline.tickets.messages import about
from hotline.tickets.service import REPORTER, CreatedReport, perform, rate
from hotline.tickets.tables import Attachment, Reporter, Ticket, TicketClock, TicketEvent
from hotline.transparency.queries import load_directory, period_facts
from hotline.worker.sweep import sweep
from tests.support.factories import STAFF, file_report, freeze, make_directory

PHOTO = b"\xff\xd8\xff\xe0 foto wajah pelapor " + b"x" * 200
SHARED = b"%PDF-1.4 dokumen yang sama di dua laporan " + b"y" * 200
CANARY = "Pak Joko Santoso 0812-9999-1111"


def _file(data: bytes, name: str, kind: str = "photo") -> CleanFile:
    from hotline.citizen.uploads import Kind

    suffix = ".jpg" if kind == "photo" else ".pdf"
    content_type = "image/jpeg" if kind == "photo" else "application/pdf"
    return CleanFile(Kind(kind), name, content_type, suffix, data)


async def _worker() -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "hotline.cli",
        "worker",
        "--once",
        env=dict(os.environ),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(proc.communicate(), timeout=300)
    assert proc.returncode == 0, err.decode()[-2000:]


async def _snapshot(ticket_id: int) -> dict[str, Any]:
    ticket = await Ticket.select().where(Ticket.id == ticket_id).output(load_json=True).first()
    assert ticket is not None
    events = (
        await TicketEvent.select()
        .where(TicketEvent.ticket == ticket_id)
        .order_by(TicketEvent.id)
        .output(load_json=True)
    )
    files = await Attachment.select().where(Attachment.ticket == ticket_id).order_by(Attachment.id)
    reporter = (
        await Reporter.select().where(Reporter.id == ticket["reporter"]).first()
        if ticket["reporter"]
        else None
    )
    return {"ticket": ticket, "events": events, "files": files, "reporter": reporter}


STATISTICS = (
    "reference", "channel", "status", "privacy", "category", "region", "agency", "rating",
    "reopen_count", "transfer_count", "incomplete", "likely_prank", "reject_reason",
    "created_at", "verified_at", "dispatched_at", "first_response_at", "answered_at",
    "resolved_at", "closed_at", "public_description", "sla_policy",
)  # fmt: skip


async def _closed_resolved(directory: Any, when: datetime, photo: bytes) -> CreatedReport:
    freeze(when)
    report = await file_report(
        name="Joko Santoso", phone="0812 9999 1111", email="joko@example.com"
    )
    await add_to_report(
        report.ticket_id, f"Rumah saya di gang 3, tanya {CANARY}", [_file(photo, "wajah.jpg")]
    )
    await add_to_report(report.ticket_id, "Dokumen", [_file(SHARED, "surat.pdf", "document")])
    await perform(report.ticket_id, Action.VERIFY, actor=STAFF)
    await perform(report.ticket_id, Action.DISPATCH, actor=STAFF, agency_id=directory.pupr)
    await perform(report.ticket_id, Action.ACCEPT, actor=STAFF)
    await perform(report.ticket_id, Action.ANSWER, actor=STAFF, body=f"Sudah diperbaiki, {CANARY}")
    await rate(report.ticket_id, 4, f"Terima kasih dari {CANARY}", actor=REPORTER)
    return report


async def test_two_workers_erase_old_closed_reports_once_and_keep_the_statistics() -> None:
    real = datetime.now(UTC)
    directory = await make_directory()
    old = await _closed_resolved(directory, months_before(real, 27), PHOTO)

    freeze(months_before(real, 26))
    rejected = await file_report(name="Ani", phone="0812 1111 2222", email="ani@example.com")
    await perform(
        rejected.ticket_id, Action.REJECT, actor=STAFF, reason=RejectReason.SPAM.value, body=""
    )
    # Still open after more than two years: nothing of it may go.
    still_open = await file_report(name="Budi", phone="0812 3333 4444", email="budi@example.com")
    await add_to_report(still_open.ticket_id, "Sama", [_file(SHARED, "surat.pdf", "document")])
    await perform(still_open.ticket_id, Action.DISPATCH, actor=STAFF, agency_id=directory.pupr)

    # Closed 23 months ago: inside the retention period.
    recent = await _closed_resolved(directory, months_before(real, 23), PHOTO + b"lain")
    freeze(real)

    # The call that made the old report: the caller's number and answers are personal data too.
    await IvrCall.insert(
        IvrCall(
            call_sid="CAold",
            caller="+6281299991111",
            vars={"privacy": "publik", "place": "gang 3"},
            status="done",
            ticket=old.ticket_id,
            started_at=months_before(real, 27),
            updated_at=months_before(real, 27),
        )
    )
    zone = ZoneInfo("Asia/Jakarta")
    start, end = months_before(real, 30), real

    async def facts() -> dict[str, list[str]]:
        found = await period_facts(
            start, end, now=real, zone=zone, directory=await load_directory()
        )
        # Row order is the engine's (an updated row moves on PostgreSQL): compare as multisets.
        return {k: sorted(map(repr, v)) for k, v in vars(found).items()}

    # The SLA sweep (also in every worker round) has its own work on the open report: done
    # first, so that what the workers change is the retention alone.
    while True:
        swept = await sweep()
        if not (swept.warnings or swept.escalations or swept.auto_closed):
            break
    stats_before = await facts()
    clocks_before = await TicketClock.select().order_by(TicketClock.id)
    before = {
        r.ticket_id: await _snapshot(r.ticket_id) for r in (old, rejected, still_open, recent)
    }
    photo_path = storage.path_of(before[old.ticket_id]["files"][0]["storage_path"])
    shared_path = storage.path_of(before[old.ticket_id]["files"][1]["storage_path"])
    assert photo_path.exists() and shared_path.exists()

    await asyncio.gather(_worker(), _worker())
    # Nothing is left for a later round: each report is erased once.
    assert (await retention_round()).reports == 0

    after = {r.ticket_id: await _snapshot(r.ticket_id) for r in (old, rejected, still_open, recent)}
    # Erased: the reporter row, the texts, the attachments, the event bodies; once.
    for report in (old, rejected):
        b, a = before[report.ticket_id], after[report.ticket_id]
        t = a["ticket"]
        assert b["reporter"] is not None and a["reporter"] is None
        assert await Reporter.count().where(Reporter.id == b["ticket"]["reporter"]) == 0
        assert t["description"] == t["location_text"] == t["rating_comment"] == ""
        assert t["anonymised_at"] is not None
        assert a["files"] == []
        for column in STATISTICS:
            assert t[column] == b["ticket"][column], column
        erased = [e for e in a["events"] if e["kind"] == EventKind.RETENTION_ERASED.value]
        assert len(erased) == 1, "exactly one retention event per report"
        assert erased[0]["public"] is False and erased[0]["actor_type"] == "worker"
        assert len(a["events"]) == len(b["events"]) + 1
        for eb, ea in zip(b["events"], a["events"], strict=False):
            assert (eb["id"], eb["kind"], eb["at"], eb["from_status"], eb["to_status"]) == (
                ea["id"], ea["kind"], ea["at"], ea["from_status"], ea["to_status"]
            )  # fmt: skip
            assert ea["body"] == ""
        assert CANARY not in repr(a)
    assert after[old.ticket_id]["ticket"]["rating"] == 4
    call = await IvrCall.select().where(IvrCall.call_sid == "CAold").output(load_json=True).first()
    assert call is not None
    assert call["caller"] == "" and call["vars"] == {} and call["ticket"] == old.ticket_id
    messages = await OutboxMessage.select().where(concerning(about(old.ticket_id)))
    assert messages and all(m["body"] == "" and m["subject"] == "" for m in messages)
    assert not any(m["recipient"] in ("+6281299991111", "joko@example.com") for m in messages)
    assert erased[0]["data"]["retention_months"] == 24
    assert not photo_path.exists()
    # The same document is still attached to the open report: its file stays.
    assert shared_path.exists()

    # Nothing of the open or the recently closed report changed.
    for report in (still_open, recent):
        assert after[report.ticket_id] == before[report.ticket_id]
    # The statistics are those of before.
    assert await TicketClock.select().order_by(TicketClock.id) == clocks_before
    assert await facts() == stats_before


async def test_the_history_stays_append_only_outside_the_retention_erasure() -> None:
    directory = await make_directory()
    del directory
    report = await file_report()
    event = await TicketEvent.select().where(TicketEvent.ticket == report.ticket_id).first()
    assert event is not None
    # No retention event yet: even blanking a body is refused.
    with pytest.raises(Exception, match="append-only"):
        await TicketEvent.update({TicketEvent.body: ""}).where(TicketEvent.id == event["id"])
    from hotline.privacy.erasure import erase_for_retention
    from hotline.tickets.service import load_ticket

    await erase_for_retention(await load_ticket(report.ticket_id), now=datetime.now(UTC))
    # After it: a body may be blanked, but nothing else may change and nothing may go.
    await TicketEvent.update({TicketEvent.body: ""}).where(TicketEvent.id == event["id"])
    with pytest.raises(Exception, match="append-only"):
        await TicketEvent.update({TicketEvent.body: "ditulis ulang"}).where(
            TicketEvent.id == event["id"]
        )
    with pytest.raises(Exception, match="append-only"):
        await TicketEvent.update({TicketEvent.kind: "edited", TicketEvent.body: ""}).where(
            TicketEvent.id == event["id"]
        )
    with pytest.raises(Exception, match="append-only"):
        await TicketEvent.delete().where(TicketEvent.id == event["id"])
    retention = (
        await TicketEvent.select()
        .where(
            (TicketEvent.ticket == report.ticket_id)
            & (TicketEvent.kind == EventKind.RETENTION_ERASED.value)
        )
        .first()
    )
    assert retention is not None
    with pytest.raises(Exception, match="append-only"):
        await TicketEvent.update({TicketEvent.body: ""}).where(TicketEvent.id == retention["id"])
