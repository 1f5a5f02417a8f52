"""Run the migrations of every app, the same way on SQLite and PostgreSQL."""

from __future__ import annotations

from piccolo.apps.migrations.commands.forwards import run_forwards
from piccolo.engine.sqlite import SQLiteEngine

import hotline.db  # noqa: F401  (sets PICCOLO_CONF)


class MigrationError(RuntimeError):
    pass


async def migrate() -> None:
    from hotline.db.tx import engine

    db = engine()
    if isinstance(db, SQLiteEngine):
        # WAL lets the web app read while the worker writes; the setting lives in the file.
        await db.run_ddl("PRAGMA journal_mode=WAL")
    response = await run_forwards(app_name="all", migration_id="all", fake=False)
    if not response.success:
        raise MigrationError(response.message)
