"""One interval row per day and minute, one officer row per day and officer: two workers
summarising the same day can never leave it counted twice (summaries.py also claims the day's
row first, so the second waits and rewrites the same sums). A separate migration because
Piccolo runs a migration's raw SQL before it creates its tables."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-06T16:15:08:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique day summary rows"

FORWARDS = [
    "CREATE UNIQUE INDEX callcentre_day_interval_day_minute "
    "ON callcentre_day_interval (day, minute)",
    "CREATE UNIQUE INDEX callcentre_day_officer_day_agent ON callcentre_day_officer (day, agent)",
]
BACKWARDS = [
    "DROP INDEX callcentre_day_interval_day_minute",
    "DROP INDEX callcentre_day_officer_day_agent",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="callcentre", description=DESCRIPTION)

    async def run():
        from hotline.callcentre.tables import CallCentreDay

        for statement in FORWARDS:
            await CallCentreDay.raw(statement)

    async def run_backwards():
        from hotline.callcentre.tables import CallCentreDay

        for statement in BACKWARDS:
            await CallCentreDay.raw(statement)

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
