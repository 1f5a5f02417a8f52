"""Drop `staff_user.failed_logins` and `staff_user.locked_until`: sign-in failures are counted
by the one limiter (hotline/accounts/throttle.py) since 2026-12-06, and an admin's new password
lifts the lock there. A column nobody reads invites someone to trust it."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-06T08:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "drop the unused sign-in lockout columns"

FORWARDS = [
    "ALTER TABLE staff_user DROP COLUMN failed_logins",
    "ALTER TABLE staff_user DROP COLUMN locked_until",
]
BACKWARDS = [
    "ALTER TABLE staff_user ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE staff_user ADD COLUMN locked_until TIMESTAMPTZ NULL",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="accounts", description=DESCRIPTION)

    async def run():
        from hotline.accounts.tables import User

        for statement in FORWARDS:
            await User.raw(statement)

    async def run_backwards():
        from hotline.accounts.tables import User

        for statement in BACKWARDS:
            await User.raw(statement)

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
