"""Drop `ticket.pin_failures` and `ticket.pin_locked_until`: PIN failures are counted by the
one limiter (hotline/limiter.py, hotline/tickets/pins.py) since 2026-12-06, and nothing has read
or written these columns since. A column nobody reads invites someone to trust it."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-06T08:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "drop the unused PIN lockout columns"

FORWARDS = [
    "ALTER TABLE ticket DROP COLUMN pin_failures",
    "ALTER TABLE ticket DROP COLUMN pin_locked_until",
]
BACKWARDS = [
    "ALTER TABLE ticket ADD COLUMN pin_failures INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE ticket ADD COLUMN pin_locked_until TIMESTAMPTZ NULL",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="tickets", description=DESCRIPTION)

    async def run():
        from hotline.tickets.tables import Ticket

        for statement in FORWARDS:
            await Ticket.raw(statement)

    async def run_backwards():
        from hotline.tickets.tables import Ticket

        for statement in BACKWARDS:
            await Ticket.raw(statement)

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
