"""Hand-written: indexes for the console's lists at national scale (same SQL on SQLite and
PostgreSQL; docs/DECISIONS.md, "Lists at national scale").

- ticket_clock_next_due: the running, unpaused clocks in deadline order. The queues walk it and
  stop after a page, instead of ranking every open ticket in scope by its next deadline.
- ticket_reporter: a reporter's tickets, for the operator's search by phone number
  (reporter.phone is indexed; without this the join to ticket read the whole table).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-06T09:15:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "indexes for lists at national scale"

INDEXES = {
    "ticket_clock_next_due": "ON ticket_clock (due_at, ticket) "
    "WHERE stopped_at IS NULL AND paused_at IS NULL AND due_at IS NOT NULL",
    "ticket_reporter": "ON ticket (reporter)",
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
