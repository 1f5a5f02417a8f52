"""Hand-written: indexes for the public lists at national scale (same SQL on SQLite and
PostgreSQL; docs/DECISIONS.md, "Lists at national scale").

- published_report_listed: the published reports (text out) newest first, the order of
  /laporan; a page, the first or a deep one (keyset), is read from it and stops after 20 rows.
- published_report_created_id: every report of the projection newest first within a date
  window, the order of Open311 GET requests (the id breaks ties without a sort).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-06T09:15:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "indexes for public lists at national scale"

INDEXES = {
    "published_report_listed": "ON published_report (created_at, id) "
    "WHERE published_at IS NOT NULL AND text <> ''",
    "published_report_created_id": "ON published_report (created_at, id)",
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="publication", description=DESCRIPTION)

    async def run():
        from hotline.publication.tables import PublishedReport

        for name, spec in INDEXES.items():
            await PublishedReport.raw(f"CREATE INDEX IF NOT EXISTS {name} {spec}")

    async def run_backwards():
        from hotline.publication.tables import PublishedReport

        for name in INDEXES:
            await PublishedReport.raw(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
