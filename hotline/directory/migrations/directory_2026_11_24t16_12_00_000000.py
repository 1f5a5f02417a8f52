"""Hand-written: at most one agency policy per (category, agency) (same SQL on both engines).

`policy_for` takes "the" policy of an agency for a category; with two rows, which one a dispatch
got would depend on row order. The admin form refuses a second one with a clear message; this
index keeps two admins saving at the same moment from both succeeding.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-24T16:12:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "one agency policy per category and agency"

INDEX = "agency_sla_policy_category_agency"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="directory", description=DESCRIPTION)

    async def run():
        from hotline.directory.tables import AgencySlaPolicy

        await AgencySlaPolicy.raw(
            f"CREATE UNIQUE INDEX IF NOT EXISTS {INDEX} ON agency_sla_policy (category, agency)"
        )

    async def run_backwards():
        from hotline.directory.tables import AgencySlaPolicy

        await AgencySlaPolicy.raw(f"DROP INDEX IF EXISTS {INDEX}")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
