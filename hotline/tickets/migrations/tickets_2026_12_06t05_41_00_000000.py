"""Retention (UU 27/2022 PDP): the index of reports waiting for it, and the one narrow exception
to the append-only history.

- A partial index on `ticket.closed_at` holds the closed reports whose personal data is still
  held (`anonymised_at IS NULL`), so the worker's look is one probe.
- ticket_event stays append-only, except for one UPDATE: blanking an event's `body` (and
  rewriting its `data`) when the same ticket already has a `retention_erased` event, which is
  written first in the same transaction. Everything else of the row (ticket, time, kind, actor,
  statuses, public flag, dedupe key) must stay as it was, the `retention_erased` event itself
  can never change, and DELETE is still refused. docs/PRIVACY.md says why.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.sqlite import SQLiteEngine

ID = "2026-12-06T05:41:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "retention: due index, the erasure exception to the append-only history"

INDEX = (
    "CREATE INDEX IF NOT EXISTS ticket_retention_due ON ticket (closed_at) "
    "WHERE anonymised_at IS NULL AND closed_at IS NOT NULL"
)

# The columns an erasure may not touch (body and data are the ones it rewrites).
_KEPT = ("id", "ticket", "at", "kind", "actor_type", "actor", "from_status", "to_status",
         "public", "dedupe_key")

SQLITE_ERASURE_ALLOWED = (
    "NEW.body = '' AND OLD.kind <> 'retention_erased' AND "
    + " AND ".join(f"NEW.{c} IS OLD.{c}" for c in _KEPT)
    + " AND EXISTS (SELECT 1 FROM ticket_event e WHERE e.ticket = OLD.ticket "
    "AND e.kind = 'retention_erased')"
)

SQLITE_FORWARDS = [
    "DROP TRIGGER IF EXISTS ticket_event_no_update",
    "CREATE TRIGGER ticket_event_no_update BEFORE UPDATE ON ticket_event "
    f"WHEN NOT ({SQLITE_ERASURE_ALLOWED}) "
    "BEGIN SELECT RAISE(ABORT, 'ticket_event is append-only'); END",
]
SQLITE_BACKWARDS = [
    "DROP TRIGGER IF EXISTS ticket_event_no_update",
    "CREATE TRIGGER ticket_event_no_update BEFORE UPDATE ON ticket_event "
    "BEGIN SELECT RAISE(ABORT, 'ticket_event is append-only'); END",
]

POSTGRES_FORWARDS = [
    """CREATE OR REPLACE FUNCTION ticket_event_append_only() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND NEW.body = '' AND OLD.kind <> 'retention_erased'
           AND (NEW.id, NEW.ticket, NEW.at, NEW.kind, NEW.actor_type, NEW.actor,
                NEW.from_status, NEW.to_status, NEW.public, NEW.dedupe_key)
               IS NOT DISTINCT FROM
               (OLD.id, OLD.ticket, OLD.at, OLD.kind, OLD.actor_type, OLD.actor,
                OLD.from_status, OLD.to_status, OLD.public, OLD.dedupe_key)
           AND EXISTS (SELECT 1 FROM ticket_event e
                       WHERE e.ticket = OLD.ticket AND e.kind = 'retention_erased') THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'ticket_event is append-only';
    END;
    $$ LANGUAGE plpgsql""",
]
POSTGRES_BACKWARDS = [
    """CREATE OR REPLACE FUNCTION ticket_event_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'ticket_event is append-only';
    END;
    $$ LANGUAGE plpgsql""",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="tickets", description=DESCRIPTION)

    async def run():
        from hotline.tickets.tables import TicketEvent

        sqlite = isinstance(TicketEvent._meta.db, SQLiteEngine)
        for statement in [INDEX] + (SQLITE_FORWARDS if sqlite else POSTGRES_FORWARDS):
            await TicketEvent.raw(statement)

    async def run_backwards():
        from hotline.tickets.tables import TicketEvent

        sqlite = isinstance(TicketEvent._meta.db, SQLiteEngine)
        for statement in ["DROP INDEX IF EXISTS ticket_retention_due"] + (
            SQLITE_BACKWARDS if sqlite else POSTGRES_BACKWARDS
        ):
            await TicketEvent.raw(statement)

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
