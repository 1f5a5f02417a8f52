"""Erasing a reporter's personal data (UU 27/2022 PDP), keeping the report for the statistics.

Two steps, one per duty (docs/PRIVACY.md):

- `erase_identity`: a verifier erases who reported, on the reporter's request. The `reporter`
  row goes (name, phone, e-mail), the messages queued or sent to those addresses lose their
  recipient and text (a pending one is never sent), and the phone number of the call that made
  the report is blanked. The report, its text and its history stay.
- `erase_for_retention`: the worker, once a closed report has been closed for
  HOTLINE_RETENTION_MONTHS. All of the above, plus the report's free text (description,
  location, title, rating comment, coordinates, reporter-supplied attributes), the bodies of its
  history events (the one exception to the append-only history, see the tickets migration of
  2026-12-06) and its attachments, rows and files, and the recordings of the officers'
  conversations in its call (file removed, row marked erased). Status, times, category, region,
  agency, clocks, counts and ratings stay: the statistics do not change.
- `conversation_round`: the worker, for conversation recordings no report was filed in: kept
  at most HOTLINE_CONVERSATION_RECORDING_DAYS, then erased the same way.

Each is one transaction with its audit event; the retention event's unique dedupe key makes it
happen once whatever number of workers run. Files are deleted after the commit, and only when
no other report still points at the same content-addressed file.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from hotline import clock
from hotline.areas import listeners
from hotline.db.tx import claim_due, transaction
from hotline.errors import Conflict, FieldError, ValidationFailed
from hotline.i18n import N_
from hotline.ivr.conversations import ABOUT as CONVERSATION_ABOUT
from hotline.ivr.conversations import of_report as conversations_of_report
from hotline.ivr.tables import ConversationRecording, IvrCall
from hotline.notify.outbox import concerning
from hotline.notify.tables import OutboxMessage
from hotline.privacy.config import privacy_settings
from hotline.satisfaction.tables import Survey
from hotline.tickets import storage
from hotline.tickets.events import EventKind
from hotline.tickets.lifecycle import CLOSED_UNRESOLVED, RESOLVED
from hotline.tickets.messages import about
from hotline.tickets.service import WORKER, Actor, add_event, load_ticket
from hotline.tickets.tables import Attachment, Reporter, Ticket, TicketEvent

log = logging.getLogger("hotline.privacy")

CLOSED = sorted(s.value for s in RESOLVED | CLOSED_UNRESOLVED)
ERASED_TEXT = ""  # what an erased text becomes
# Keys of an EDITED event's before/after that hold text a person typed.
TEXT_FIELDS = ("description", "location_text", "title", "rating_comment", "latitude", "longitude")


@dataclass
class Erased:
    """What one erasure removed (the audit event's data)."""

    reporter: bool = False
    messages: int = 0
    calls: int = 0
    attachments: int = 0
    events: int = 0
    conversations: int = 0
    files: list[str] = field(default_factory=list)

    def as_data(self) -> dict[str, Any]:
        return {
            "reporter": self.reporter,
            "messages": self.messages,
            "calls": self.calls,
            "attachments": self.attachments,
            "events": self.events,
            "conversations": self.conversations,
        }


def months_before(instant: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the 31st becomes the month's
    last day)."""
    total = instant.year * 12 + (instant.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    day = instant.day
    while True:
        try:
            return instant.replace(year=year, month=month, day=day)
        except ValueError:
            day -= 1


def retention_cutoff(now: datetime | None = None) -> datetime:
    """Reports closed at or before this instant are due for erasure."""
    return months_before(now or clock.now(), privacy_settings().retention_months)


ERASE_REPORTER = "privacy.erase_reporter"


async def _erase_reporter(ticket: Mapping[str, Any], erased: Erased) -> None:
    reporter_id = ticket["reporter"]
    if reporter_id is None:
        return
    row = await Reporter.select().where(Reporter.id == reporter_id).first()
    await Ticket.update({Ticket.reporter: None}).where(Ticket.id == ticket["id"])
    await Reporter.delete().where(Reporter.id == reporter_id)
    erased.reporter = True
    addresses = [a for a in (row["phone"], row["email"]) if a] if row else []
    if addresses:
        messages = await OutboxMessage.select(OutboxMessage.id, OutboxMessage.status).where(
            concerning(about(ticket["id"])) & OutboxMessage.recipient.is_in(addresses)
        )
        for m in messages:
            changes: dict[Any, Any] = {
                OutboxMessage.recipient: ERASED_TEXT,
                OutboxMessage.subject: ERASED_TEXT,
                OutboxMessage.body: ERASED_TEXT,
            }
            if m["status"] in ("pending", "sending"):
                # Never sent now: there is nobody to send it to.
                changes[OutboxMessage.status] = "dead"
                changes[OutboxMessage.next_attempt_at] = None
                changes[OutboxMessage.last_error] = "erased: the reporter's data was erased"
            await OutboxMessage.update(changes).where(OutboxMessage.id == m["id"])
        erased.messages = len(messages)
    calls = (
        await IvrCall.update({IvrCall.caller: ERASED_TEXT})
        .where((IvrCall.ticket == ticket["id"]) & (IvrCall.caller != ERASED_TEXT))
        .returning(IvrCall.id)
    )
    erased.calls = len(calls)
    # The areas above keep what the reporter sent them (their messages, their number): they
    # erase it when told (hotline/messaging), since this area may not import them.
    for listener in listeners(ERASE_REPORTER):
        await listener(ticket["id"])


async def erase_identity(ticket_id: int, *, actor: Actor, reason: str) -> Erased:
    """Erase who reported, on request; the report stays. Audited with the reason."""
    reason = reason.strip()
    if len(reason) < 5:
        raise ValidationFailed(
            [FieldError("reason", N_("Give the reason for erasing the reporter's identity."))]
        )
    now = clock.now()
    async with transaction():
        ticket = await load_ticket(ticket_id, for_update=True)
        if ticket["reporter"] is None:
            raise Conflict(N_("This report holds no identity of its reporter."))
        erased = Erased()
        await _erase_reporter(ticket, erased)
        await Ticket.update({Ticket.updated_at: now}).where(Ticket.id == ticket_id)
        await add_event(
            ticket_id,
            EventKind.IDENTITY_ERASED,
            actor,
            at=now,
            public=False,
            body=reason[:2000],
            data=erased.as_data(),
        )
    log.info("identity of report %s erased on request", ticket["reference"])
    return erased


def _scrub(kind: str, data: dict[str, Any]) -> dict[str, Any] | None:
    """An event's data without the texts a person typed, or None when nothing changes."""
    if kind != EventKind.EDITED.value:
        return None
    scrubbed = dict(data)
    changed = False
    for side in ("before", "after"):
        values = data.get(side)
        if isinstance(values, dict):
            kept = {k: (None if k in TEXT_FIELDS else v) for k, v in values.items()}
            if kept != values:
                scrubbed[side] = kept
                changed = True
    return scrubbed if changed else None


async def _erase_ticket_content(ticket: Mapping[str, Any], now: datetime, erased: Erased) -> None:
    tid = ticket["id"]
    await Ticket.update(
        {
            Ticket.description: ERASED_TEXT,
            Ticket.location_text: ERASED_TEXT,
            Ticket.title: ERASED_TEXT,
            Ticket.rating_comment: ERASED_TEXT,
            Ticket.latitude: None,
            Ticket.longitude: None,
            Ticket.attributes: {},
            Ticket.anonymised_at: now,
        },
    ).where(Ticket.id == tid)
    await IvrCall.update({IvrCall.vars: {}}).where(IvrCall.ticket == tid)
    # The survey's answers are statistics and stay; its comment is the reporter's own words.
    await Survey.update({Survey.comment: ERASED_TEXT}).where(Survey.ticket == tid)
    files = await Attachment.select(Attachment.id, Attachment.storage_path).where(
        Attachment.ticket == tid
    )
    await Attachment.delete().where(Attachment.ticket == tid)
    erased.attachments = len(files)
    paths = {f["storage_path"] for f in files if f["storage_path"]}
    # The officers' conversations in the report's call.
    conversations = await ConversationRecording.select(
        ConversationRecording.id, ConversationRecording.storage_path
    ).where(await conversations_of_report(tid) & ConversationRecording.erased_at.is_null())
    paths |= await erase_conversations(conversations, now)
    erased.conversations = len(conversations)
    erased.files = sorted(paths)
    # The fetch orders of the call recordings, and of the photos and voice notes sent by message,
    # name where the voice or the picture is (the provider's URL).
    await OutboxMessage.update({OutboxMessage.recipient: ERASED_TEXT}).where(
        concerning(about(tid))
        & OutboxMessage.channel.is_in(["recording", "media"])
        & OutboxMessage.status.is_in(["sent", "dead"])
    )
    # Every other message of the report (staff notices too) loses its text: it quotes the report.
    await OutboxMessage.update(
        {OutboxMessage.body: ERASED_TEXT, OutboxMessage.subject: ERASED_TEXT},
    ).where(concerning(about(tid)) & OutboxMessage.status.is_in(["sent", "dead"]))


async def erase_conversations(rows: list[dict[str, Any]], now: datetime) -> set[str]:
    """Mark these conversation recordings erased (the row stays for the figures: who answered,
    how long) and return their files, deleted after the commit. Their fetch orders lose
    Twilio's URL; one not yet delivered is never delivered now."""
    if not rows:
        return set()
    ids = [r["id"] for r in rows]
    await ConversationRecording.update(
        {
            ConversationRecording.erased_at: now,
            ConversationRecording.storage_path: "",
            ConversationRecording.sha256: "",
            ConversationRecording.source_url: ERASED_TEXT,
        }
    ).where(ConversationRecording.id.is_in(ids))
    orders = (OutboxMessage.about_type == CONVERSATION_ABOUT) & OutboxMessage.about_id.is_in(ids)
    await OutboxMessage.update(
        {
            OutboxMessage.status: "dead",
            OutboxMessage.next_attempt_at: None,
            OutboxMessage.last_error: "erased: the recording was erased",
        }
    ).where(orders & OutboxMessage.status.is_in(["pending", "sending"]))
    await OutboxMessage.update({OutboxMessage.recipient: ERASED_TEXT}).where(orders)
    return {r["storage_path"] for r in rows if r["storage_path"]}


async def _blank_events(ticket_id: int, erased: Erased) -> None:
    """The exception to the append-only history, allowed by its trigger only after the
    retention event: bodies become empty and EDITED events lose the texts they quoted. The
    reason of an erasure on request is staff's audit record, kept."""
    rows = (
        await TicketEvent.select(
            TicketEvent.id, TicketEvent.kind, TicketEvent.body, TicketEvent.data
        )
        .where(
            (TicketEvent.ticket == ticket_id)
            & TicketEvent.kind.not_in(
                [EventKind.RETENTION_ERASED.value, EventKind.IDENTITY_ERASED.value]
            )
        )
        .output(load_json=True)
    )
    for row in rows:
        scrubbed = _scrub(row["kind"], row["data"] or {})
        if not row["body"] and scrubbed is None:
            continue
        changes: dict[Any, Any] = {TicketEvent.body: ERASED_TEXT}
        if scrubbed is not None:
            changes[TicketEvent.data] = scrubbed
        await TicketEvent.update(changes).where(TicketEvent.id == row["id"])
        erased.events += 1


async def erase_for_retention(ticket: Mapping[str, Any], *, now: datetime) -> Erased:
    """Erase the personal data of one closed report (inside the caller's transaction)."""
    erased = Erased()
    await _erase_reporter(ticket, erased)
    await _erase_ticket_content(ticket, now, erased)
    # The audit event first: the history's trigger allows blanking only once it exists.
    await add_event(
        ticket["id"],
        EventKind.RETENTION_ERASED,
        WORKER,
        at=now,
        public=False,
        data={
            **erased.as_data(),
            "closed_at": ticket["closed_at"].isoformat() if ticket["closed_at"] else "",
            "retention_months": privacy_settings().retention_months,
        },
        dedupe_key=f"retention:{ticket['id']}",
    )
    await _blank_events(ticket["id"], erased)
    return erased


async def _delete_files(paths: list[str]) -> int:
    """Unlink files no report points at any more (content addressing may share one)."""
    deleted = 0
    for path in paths:
        still = await Attachment.count().where(Attachment.storage_path == path)
        still += await ConversationRecording.count().where(
            ConversationRecording.storage_path == path
        )
        if still:
            continue
        # Already gone (an erasure run again after a crash), or a stored path the storage
        # refuses as outside its folder: there is nothing of ours left to delete.
        with contextlib.suppress(FileNotFoundError, ValueError):
            storage.path_of(path).unlink()
            deleted += 1
    return deleted


@dataclass
class RetentionStats:
    reports: int = 0
    files: int = 0
    conversations: int = 0


async def retention_round(
    *, now: datetime | None = None, batch: int | None = None
) -> RetentionStats:
    """Erase every closed report whose retention period has ended. Returns what was done.

    Due reports are claimed like the SLA sweep claims clocks (FOR UPDATE SKIP LOCKED on
    PostgreSQL; an IMMEDIATE transaction on SQLite), so several workers split them."""
    when = now or clock.now()
    size = batch or privacy_settings().retention_batch
    cutoff = retention_cutoff(when)
    stats = RetentionStats()
    while True:
        files: list[str] = []
        async with transaction():
            rows = await claim_due(
                Ticket.select()
                .where(
                    Ticket.anonymised_at.is_null()
                    & Ticket.closed_at.is_not_null()
                    & (Ticket.closed_at <= cutoff)
                    & Ticket.status.is_in(CLOSED)
                )
                .order_by(Ticket.closed_at)
                .limit(size),
                Ticket,
            )
            for row in rows:
                erased = await erase_for_retention(row, now=when)
                files += erased.files
                stats.reports += 1
        stats.files += await _delete_files(files)
        if len(rows) < size:
            return stats


async def conversation_round(
    *, now: datetime | None = None, batch: int | None = None
) -> RetentionStats:
    """Erase the conversation recordings older than HOTLINE_CONVERSATION_RECORDING_DAYS whose
    call made no report (those with one go with the report's data, above). Claimed like the
    reports, so several workers split them."""
    when = now or clock.now()
    size = batch or privacy_settings().retention_batch
    cutoff = when - timedelta(days=privacy_settings().conversation_recording_days)
    stats = RetentionStats()
    while True:
        async with transaction():
            rows = await claim_due(
                ConversationRecording.select(
                    ConversationRecording.id,
                    ConversationRecording.call_sid,
                    ConversationRecording.storage_path,
                )
                .where(
                    ConversationRecording.erased_at.is_null()
                    & ConversationRecording.ticket.is_null()
                    & (ConversationRecording.created_at <= cutoff)
                )
                .order_by(ConversationRecording.created_at)
                .limit(size),
                ConversationRecording,
            )
            sids = [r["call_sid"] for r in rows if r["call_sid"]]
            reported = (
                {
                    r["call_sid"]: r["ticket"]
                    for r in await IvrCall.select(IvrCall.call_sid, IvrCall.ticket).where(
                        IvrCall.call_sid.is_in(sids) & IvrCall.ticket.is_not_null()
                    )
                }
                if sids
                else {}
            )
            # A report was made in the call after the recording was saved: link it, so the
            # recording goes with that report's data (and is not looked at here again).
            for sid, ticket in reported.items():
                await ConversationRecording.update({ConversationRecording.ticket: ticket}).where(
                    ConversationRecording.call_sid == sid
                )
            due = [r for r in rows if r["call_sid"] not in reported]
            files = await erase_conversations(due, when)
            stats.conversations += len(due)
        stats.files += await _delete_files(sorted(files))
        if len(rows) < size:
            return stats
