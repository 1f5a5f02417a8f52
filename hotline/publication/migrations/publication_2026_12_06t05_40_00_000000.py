"""Hand-written: fill the projection from the reports already in the database.

What each report would have had if the gate had existed when it was filed: every report that
is not `rahasia` and has a category gets its row; the redacted text of those the publication
rule allows; their changes of status as updates, without text. Agency replies and answers are
not carried over: nobody on staff approved them for publication (docs/PRIVACY.md).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-06T05:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "fill the published projection"

PUBLISHABLE = (
    "t.verified_at IS NOT NULL AND t.privacy IN ('publik', 'anonim')"
    " AND t.status NOT IN ('baru', 'ditolak', 'duplikat') AND TRIM(t.public_description) <> ''"
)

REPORTS = f"""
INSERT INTO published_report (ticket_id, reference, status, reject_reason, category, region,
    agency, text, latitude, longitude, expected_at, created_at, updated_at, closed_at,
    published_at)
SELECT t.id, t.reference, t.status, t.reject_reason, t.category, t.region, t.agency,
    CASE WHEN {PUBLISHABLE} THEN TRIM(t.public_description) ELSE '' END,
    NULL, NULL,
    (SELECT c.due_at FROM ticket_clock c WHERE c.ticket = t.id AND c.kind = 'resolution'
        AND c.stopped_at IS NULL AND c.paused_at IS NULL ORDER BY c.id DESC LIMIT 1),
    t.created_at, t.updated_at, t.closed_at,
    CASE WHEN {PUBLISHABLE} THEN t.verified_at ELSE NULL END
FROM ticket t
WHERE t.privacy <> 'rahasia' AND t.category IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM published_report p WHERE p.ticket_id = t.id)
ORDER BY t.id
"""

UPDATES = """
INSERT INTO published_update (report, at, kind, status, reason, text)
SELECT p.id, e.at, 'status', e.to_status,
    CASE WHEN e.to_status = 'ditolak' THEN p.reject_reason ELSE '' END, ''
FROM ticket_event e JOIN published_report p ON p.ticket_id = e.ticket
WHERE e.kind = 'status_changed' AND e.public AND e.to_status <> ''
    AND NOT EXISTS (SELECT 1 FROM published_update u WHERE u.report = p.id)
ORDER BY e.id
"""

# Coordinates are coarsened by the gate's own rule, in Python: SQLite has no FLOOR everywhere.
PLACES = f"""
SELECT t.id, t.latitude, t.longitude FROM ticket t
WHERE t.privacy = 'publik' AND t.latitude IS NOT NULL AND t.longitude IS NOT NULL
    AND t.category IS NOT NULL AND {PUBLISHABLE}
"""


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="publication", description=DESCRIPTION)

    async def run():
        from hotline.publication.location import coarsen
        from hotline.publication.tables import PublishedReport

        await PublishedReport.raw(REPORTS)
        await PublishedReport.raw(UPDATES)
        for row in await PublishedReport.raw(PLACES):
            lat, long = coarsen(row["latitude"], row["longitude"])
            await PublishedReport.update(
                {PublishedReport.latitude: lat, PublishedReport.longitude: long}
            ).where(PublishedReport.ticket_id == row["id"])

    async def run_backwards():
        from hotline.publication.tables import PublishedReport

        await PublishedReport.raw("DELETE FROM published_update")
        await PublishedReport.raw("DELETE FROM published_report")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
