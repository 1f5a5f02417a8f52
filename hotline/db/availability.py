"""Which failures mean "the database is away" (shared by the phone line's spool and the web's 503)."""

from __future__ import annotations

import sqlite3

import asyncpg


def database_unavailable(exc: BaseException) -> bool:
    """Does this error mean "the database is away" rather than "this request is bad"? (A refused
    or reset connection, a timeout, a PostgreSQL restart, a SQLite file that cannot be opened or
    stays locked.) The phone line spools on it; the web answers 503 on it."""
    return isinstance(
        exc,
        OSError
        | TimeoutError
        | ConnectionError
        | asyncpg.PostgresConnectionError
        | asyncpg.InterfaceError
        | asyncpg.CannotConnectNowError
        | sqlite3.OperationalError,
    )
