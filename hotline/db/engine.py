"""Build the Piccolo engine that HOTLINE_DATABASE_URL describes."""

from __future__ import annotations

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine

from hotline.db import postgres, sqlite
from hotline.settings import DatabaseUrl


def make_engine(url: DatabaseUrl) -> Engine:
    if url.engine == "sqlite":
        assert url.path is not None
        url.path.parent.mkdir(parents=True, exist_ok=True)
        # A generous busy timeout: the web app and the worker share one file. Within a process
        # writers take turns before BEGIN (hotline/db/tx.py), so only the other process waits.
        return sqlite.Engine(path=str(url.path), timeout=30)
    # A connection that failed is discarded, never reused (hotline/db/postgres.py).
    return postgres.Engine(config={"dsn": url.dsn}, log_queries=False)


def is_postgres(engine: Engine) -> bool:
    return isinstance(engine, PostgresEngine)
