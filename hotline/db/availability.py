"""Which failures mean "the database is away" (shared by the phone line's spool and the web's 503)."""

from __future__ import annotations

import sqlite3

import asyncpg

# OSError's subclasses that name a file, not a connection.
_FILE_ERRORS = (
    FileNotFoundError,
    FileExistsError,
    IsADirectoryError,
    NotADirectoryError,
    PermissionError,
)

# What SQLite says when its file cannot be reached or used, rather than about a statement.
_SQLITE_AWAY = ("unable to open", "locked", "disk i/o", "readonly", "malformed", "not a database")


def database_unavailable(exc: BaseException) -> bool:
    """Does this error mean "the database is away" rather than "this request is bad"? (A refused
    or reset connection, a timeout, a PostgreSQL restart, a SQLite file that cannot be opened or
    stays locked.) The phone line spools on it; the web answers 503 on it. A file of our own
    that is missing or unreadable (an attachment, a spool file) is not the database."""
    if isinstance(exc, _FILE_ERRORS):
        return False
    if isinstance(exc, sqlite3.OperationalError):
        # The same class says "no such table" or a syntax error: those are bugs, not an outage.
        return any(sign in str(exc).lower() for sign in _SQLITE_AWAY)
    return isinstance(
        exc,
        OSError
        | TimeoutError
        | ConnectionError
        | asyncpg.PostgresConnectionError
        | asyncpg.InterfaceError
        # A restart ends every session with 57P01 (admin shutdown), and refuses new ones
        # while it starts (57P03): "operator intervention", not a bad request.
        | asyncpg.OperatorInterventionError,
    )
