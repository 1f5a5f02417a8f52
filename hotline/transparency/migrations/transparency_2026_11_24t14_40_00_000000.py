"""Hand-written: indexes that let a month's SLA figures be read by their date.

A clock is decided when it stops in time (stopped_at) or at its deadline (due_at); without these
indexes the month's figures would scan every clock ever started. They are named for this area
and only read by it; the tickets app's columns are not changed.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-24T14:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "indexes for the month's SLA figures"

INDEXES = {
    "transparency_clock_due_at": "ticket_clock (due_at)",
    "transparency_clock_stopped_at": "ticket_clock (stopped_at)",
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="transparency", description=DESCRIPTION)

    async def run():
        from hotline.transparency.tables import MonthFigures

        for name, target in INDEXES.items():
            await MonthFigures.raw(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")

    async def run_backwards():
        from hotline.transparency.tables import MonthFigures

        for name in INDEXES:
            await MonthFigures.raw(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
