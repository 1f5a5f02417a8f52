"""Hand-written: indexes for the console's queues (same SQL on SQLite and PostgreSQL).

- ticket_clock_running: a ticket's running clocks and their deadlines, for "next deadline"
  (the queues' sort key) without touching stopped clocks.
- ticket_assignee_status: each officer's open work (supervisor view, "assigned to me").
- ticket_category_created: merge suggestions (same category, filed close in time).
- ticket_event_kind_at: recent escalations (supervisor view).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-24T14:35:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "console queue indexes"

INDEXES = {
    "ticket_clock_running": "ON ticket_clock (ticket, due_at) WHERE stopped_at IS NULL",
    "ticket_assignee_status": "ON ticket (assignee, status)",
    "ticket_category_created": "ON ticket (category, created_at)",
    "ticket_event_kind_at": "ON ticket_event (kind, at)",
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="konsol", description=DESCRIPTION)

    async def run():
        from hotline.tickets.tables import Ticket

        for name, spec in INDEXES.items():
            await Ticket.raw(f"CREATE INDEX IF NOT EXISTS {name} {spec}")

    async def run_backwards():
        from hotline.tickets.tables import Ticket

        for name in INDEXES:
            await Ticket.raw(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
