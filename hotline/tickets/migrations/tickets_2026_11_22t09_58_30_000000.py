"""Hand-written: what Piccolo's column API cannot say.

- ticket_event is append-only: triggers refuse UPDATE and DELETE on SQLite and PostgreSQL.
- Partial and composite indexes for the worker's sweep and the agency queues.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.sqlite import SQLiteEngine

ID = "2026-11-22T09:58:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "append-only history, queue indexes"

INDEXES = [
    "CREATE INDEX IF NOT EXISTS ticket_clock_due ON ticket_clock (next_check_at) "
    "WHERE next_check_at IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS ticket_agency_status ON ticket (agency, status)",
    "CREATE INDEX IF NOT EXISTS ticket_event_ticket_at ON ticket_event (ticket, at)",
]

SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS ticket_event_no_update BEFORE UPDATE ON ticket_event "
    "BEGIN SELECT RAISE(ABORT, 'ticket_event is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS ticket_event_no_delete BEFORE DELETE ON ticket_event "
    "BEGIN SELECT RAISE(ABORT, 'ticket_event is append-only'); END",
]

POSTGRES_TRIGGERS = [
    """CREATE OR REPLACE FUNCTION ticket_event_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'ticket_event is append-only';
    END;
    $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS ticket_event_append_only ON ticket_event",
    "CREATE TRIGGER ticket_event_append_only BEFORE UPDATE OR DELETE ON ticket_event "
    "FOR EACH ROW EXECUTE FUNCTION ticket_event_append_only()",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="tickets", description=DESCRIPTION)

    async def run():
        from hotline.tickets.tables import TicketEvent

        sqlite = isinstance(TicketEvent._meta.db, SQLiteEngine)
        for statement in INDEXES + (SQLITE_TRIGGERS if sqlite else POSTGRES_TRIGGERS):
            await TicketEvent.raw(statement)

    async def run_backwards():
        from hotline.tickets.tables import TicketEvent

        sqlite = isinstance(TicketEvent._meta.db, SQLiteEngine)
        statements = (
            ["DROP TRIGGER IF EXISTS ticket_event_no_update",
             "DROP TRIGGER IF EXISTS ticket_event_no_delete"]
            if sqlite
            else ["DROP TRIGGER IF EXISTS ticket_event_append_only ON ticket_event",
                  "DROP FUNCTION IF EXISTS ticket_event_append_only()"]
        )
        for statement in statements + [
            "DROP INDEX IF EXISTS ticket_clock_due",
            "DROP INDEX IF EXISTS ticket_agency_status",
            "DROP INDEX IF EXISTS ticket_event_ticket_at",
        ]:
            await TicketEvent.raw(statement)

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
