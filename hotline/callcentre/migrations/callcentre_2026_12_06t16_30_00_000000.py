"""Hand-written: quality evaluations and their steps are insert-only, enforced by the database
as the ticket history is (triggers refuse UPDATE and DELETE on SQLite and PostgreSQL). A
correction is a new version, an answer or a decision a new step (docs/CALLCENTRE.md)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.sqlite import SQLiteEngine

ID = "2026-12-06T16:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "quality evaluations and steps are insert-only"

TABLES = ("quality_evaluation", "quality_step")


def sqlite_statements() -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is insert-only'); END"
        for table in TABLES
        for verb in ("UPDATE", "DELETE")
    ]


def postgres_statements() -> list[str]:
    statements = []
    for table in TABLES:
        statements += [
            f"""CREATE OR REPLACE FUNCTION {table}_insert_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{table} is insert-only';
            END;
            $$ LANGUAGE plpgsql""",
            f"DROP TRIGGER IF EXISTS {table}_insert_only ON {table}",
            f"CREATE TRIGGER {table}_insert_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_insert_only()",
        ]
    return statements


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="callcentre", description=DESCRIPTION)

    async def run():
        from hotline.callcentre.quality.tables import QualityEvaluation

        sqlite = isinstance(QualityEvaluation._meta.db, SQLiteEngine)
        for statement in sqlite_statements() if sqlite else postgres_statements():
            await QualityEvaluation.raw(statement)

    async def run_backwards():
        from hotline.callcentre.quality.tables import QualityEvaluation

        sqlite = isinstance(QualityEvaluation._meta.db, SQLiteEngine)
        for table in TABLES:
            if sqlite:
                for verb in ("update", "delete"):
                    await QualityEvaluation.raw(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")
            else:
                await QualityEvaluation.raw(f"DROP TRIGGER IF EXISTS {table}_insert_only ON {table}")
                await QualityEvaluation.raw(f"DROP FUNCTION IF EXISTS {table}_insert_only()")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
