"""The outbox's move from a foreign key to Ticket to a named subject keeps every message's link,
on both engines: undo the notify migrations that made the move, queue a message the old way,
and migrate forwards again."""

from __future__ import annotations

import contextlib
import io

from piccolo.apps.migrations.commands.backwards import run_backwards

from hotline.db.migrate import migrate
from hotline.notify.outbox import concerning
from hotline.notify.tables import OutboxMessage
from hotline.tickets.messages import about
from tests.support.factories import file_report, make_directory

FIRST_OF_THE_MOVE = "2026-12-06T05:56:40:000000"


async def _columns() -> set[str]:
    row = await OutboxMessage.raw("SELECT * FROM outbox_message LIMIT 1")
    return set(row[0])


async def test_messages_queued_with_a_ticket_foreign_key_keep_their_ticket() -> None:
    await make_directory()
    created = await file_report()
    queued = await OutboxMessage.count().where(concerning(about(created.ticket_id)))
    assert queued == 2  # the SMS and the e-mail saying the report was received
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            undone = await run_backwards("notify", FIRST_OF_THE_MOVE, auto_agree=True)
        assert undone.success, undone.message
        columns = await _columns()
        assert "ticket" in columns and not {"about_type", "about_id"} & columns
        # The way back put the link into the foreign key; a message queued before the move:
        await OutboxMessage.raw(
            "INSERT INTO outbox_message (channel, recipient, subject, body, ticket, dedupe_key,"
            " status, attempts, last_error, provider_id, created_at, meta)"
            " SELECT 'sms', '+6281234567890', '', 'lama', id, 'old-message', 'sent', 1, '', '',"
            " created_at, {} FROM ticket WHERE id = {}",
            "{}",
            created.ticket_id,
        )
    finally:
        with contextlib.redirect_stdout(io.StringIO()):
            await migrate()
    assert "ticket" not in await _columns()
    rows = await OutboxMessage.select(OutboxMessage.dedupe_key).where(
        concerning(about(created.ticket_id))
    )
    assert len(rows) == queued + 1
    assert "old-message" in {r["dedupe_key"] for r in rows}
    assert await OutboxMessage.count().where(OutboxMessage.about_type.is_null()) == 0
