"""The one way to make a unit of work atomic.

Every write path (intake, transitions, the worker) goes through `transaction()`. On SQLite the
transaction is IMMEDIATE: it takes the write lock at BEGIN, so a read-then-write cannot fail
half-way with "database is locked"; and the writers of one process take turns before BEGIN
(hotline/db/sqlite.py), so they never meet at SQLite's lock, whose busy handler sleeps. On
PostgreSQL it is an ordinary READ COMMITTED transaction;
rows that must not be worked twice are claimed with FOR UPDATE SKIP LOCKED.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import cache
from typing import Any

from piccolo.engine import engine_finder
from piccolo.engine.sqlite import SQLiteEngine
from piccolo.table import Table

import hotline.db  # noqa: F401  (sets PICCOLO_CONF)
from hotline.db import sqlite


@cache
def engine() -> Any:
    """The engine of HOTLINE_DATABASE_URL, as every table finds it (Piccolo's engine_finder).

    Found once per process, as each table keeps the engine it first found (`_meta.db`): asking
    Piccolo's finder again goes through the import machinery on every call, and the webhooks ask
    several times a step (about 2 % of a phone step's CPU, PERFORMANCE.md)."""
    return engine_finder()


@asynccontextmanager
async def transaction() -> AsyncIterator[None]:
    db = engine()
    if db.transaction_exists():
        # Nested calls join the outer unit of work instead of committing half of it.
        yield
        return
    if isinstance(db, sqlite.Engine):
        # IMMEDIATE, after this process's writers before it (hotline/db/sqlite.py).
        async with db.writer_transaction():
            yield
    else:
        async with db.transaction():
            yield


async def keep_session(connection: Any) -> None:
    """What a connection needs before it goes back to the pool: nothing more than asyncpg's own
    rollback of a transaction left open (it runs before this). asyncpg's default reset is one
    more round trip per query or transaction (`SELECT pg_advisory_unlock_all(); CLOSE ALL;
    UNLISTEN *; RESET ALL`) undoing session state this project never makes: its advisory lock
    is transaction-scoped (pg_advisory_xact_lock), and it uses no LISTEN, SET or cursor that
    outlives a transaction."""


# Connections per server process (`hotline serve` runs HOTLINE_WORKERS processes, each with its
# own pool). The IVR's admission gate (hotline/ivr/webhook.py) is sized to match.
POOL_SIZE = 10


async def start_pool(max_size: int = POOL_SIZE) -> None:
    """The PostgreSQL connection pool of this process (the one way every process opens it)."""
    await engine().start_connection_pool(min_size=1, max_size=max_size, reset=keep_session)


@asynccontextmanager
async def connection_pool(max_size: int = 4) -> AsyncIterator[None]:
    """A pool for a long-running process (worker, CLI batch) on PostgreSQL; nothing on SQLite."""
    db = engine()
    if isinstance(db, SQLiteEngine):
        yield
        return
    await start_pool(max_size)
    try:
        yield
    finally:
        await db.close_connection_pool()


def is_sqlite() -> bool:
    return isinstance(engine(), SQLiteEngine)


async def claim_due(query: Any, table: type[Table]) -> Any:
    """Run a select that claims rows of `table`; on PostgreSQL other workers skip them.

    On SQLite the caller's IMMEDIATE transaction already makes claims one at a time."""
    if not is_sqlite():
        query = query.lock_rows("UPDATE", skip_locked=True, of=(table,))
    return await query


__all__ = [
    "POOL_SIZE",
    "Table",
    "claim_due",
    "connection_pool",
    "engine",
    "is_sqlite",
    "keep_session",
    "start_pool",
    "transaction",
]
