"""Filing a web report: the ticket, its attachments and the form's nonce in one transaction.

Files are written to the content-addressed store first (outside the transaction: a rollback
leaves at most an unreferenced file, which the retry of the same upload reuses), then the
ticket (through the core's `create_report`), its Attachment rows and the WebSubmission row that
makes the form's nonce unique are written together. A form sent twice finds its nonce taken and
files nothing more: the first report is returned instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import anyio

from hotline import clock
from hotline.citizen.tables import WebSubmission
from hotline.citizen.uploads import CleanFile
from hotline.db.tx import transaction
from hotline.tickets import storage
from hotline.tickets.drafts import ReportDraft
from hotline.tickets.lifecycle import Status
from hotline.tickets.service import REPORTER, add_information, create_report
from hotline.tickets.tables import Attachment


@dataclass(frozen=True)
class Filed:
    ticket_id: int
    reference: str
    pin: str | None  # None when the form had been filed before: the PIN was shown then
    duplicate: bool = False
    status: Status | None = None  # as filed (None: filed before, read again when shown)


async def _already_filed(nonce: str) -> Filed | None:
    row = (
        await WebSubmission.select(WebSubmission.ticket, WebSubmission.ticket.reference)
        .where(WebSubmission.nonce == nonce)
        .first()
    )
    if row is None:
        return None
    return Filed(row["ticket"], row["ticket.reference"], None, duplicate=True)


async def _store(files: list[CleanFile]) -> list[tuple[CleanFile, storage.StoredFile]]:
    """Write the files (in a thread: fsync must not stall the event loop), before any lock."""
    stored = []
    for f in files:
        on_disk = await anyio.to_thread.run_sync(
            partial(storage.store_bytes, f.data, suffix=f.suffix)
        )
        stored.append((f, on_disk))
    return stored


async def _attach(ticket_id: int, stored: list[tuple[CleanFile, storage.StoredFile]]) -> None:
    now = clock.now()
    for f, on_disk in stored:
        await Attachment.insert(
            Attachment(
                ticket=ticket_id,
                kind=f.kind.value,
                filename=f.filename,
                content_type=f.content_type,
                size=on_disk.size,
                sha256=on_disk.sha256,
                storage_path=on_disk.path,
                # A verifier decides what of it may be published; nothing is public by upload.
                public=False,
                created_at=now,
            )
        )


async def file_report(draft: ReportDraft, *, nonce: str, files: list[CleanFile]) -> Filed:
    if (earlier := await _already_filed(nonce)) is not None:
        return earlier
    stored = await _store(files)
    try:
        async with transaction():
            created = await create_report(draft, actor=REPORTER)
            await _attach(created.ticket_id, stored)
            await WebSubmission.insert(
                WebSubmission(nonce=nonce, ticket=created.ticket_id, created_at=clock.now())
            )
    except Exception:
        # The same form sent twice at the same moment: the second insert of the nonce fails
        # and its whole transaction is rolled back; answer with the first one's report.
        if (earlier := await _already_filed(nonce)) is not None:
            return earlier
        raise
    # Built from what the transaction returned: nothing after the commit reads the database.
    return Filed(created.ticket_id, created.reference, created.pin, status=created.status)


async def add_to_report(ticket_id: int, body: str, files: list[CleanFile]) -> None:
    """The reporter adds text and/or a photo; one transaction for the event and the files."""
    stored = await _store(files)
    async with transaction():
        await add_information(ticket_id, body)
        await _attach(ticket_id, stored)
