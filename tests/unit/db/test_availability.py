"""Which failures mean "the database is away" (hotline/db/availability.py): a 503 on the web and
a spooled call on the phone line, while a bug or a missing file of ours stays what it is."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import asyncpg
import pytest

from hotline.db.availability import database_unavailable


def _sqlite_error(path: str, sql: str) -> sqlite3.Error:
    try:
        with sqlite3.connect(path) as connection:
            connection.execute(sql)
    except sqlite3.Error as exc:
        return exc
    raise AssertionError("no error")


def test_a_sqlite_file_that_cannot_be_opened_is_the_database_away(tmp_path: Path) -> None:
    (tmp_path / "db.sqlite3").mkdir()  # where the file should be, as when its volume is gone
    assert database_unavailable(_sqlite_error(str(tmp_path / "db.sqlite3"), "SELECT 1"))


def test_a_bad_statement_is_a_bug_not_an_outage(tmp_path: Path) -> None:
    error = _sqlite_error(str(tmp_path / "db.sqlite3"), "SELECT * FROM nowhere")
    assert isinstance(error, sqlite3.OperationalError)
    assert not database_unavailable(error)


@pytest.mark.parametrize(
    "exc",
    [
        ConnectionRefusedError(111, "Connection refused"),
        ConnectionResetError(),
        TimeoutError(),
        asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
        asyncpg.CannotConnectNowError("the database system is starting up"),
        asyncpg.AdminShutdownError("terminating connection due to administrator command"),
    ],
)
def test_a_lost_connection_is_the_database_away(exc: Exception) -> None:
    assert database_unavailable(exc)


@pytest.mark.parametrize(
    "exc", [FileNotFoundError("lampiran.jpg"), PermissionError(), ValueError(), KeyError("x")]
)
def test_our_own_files_and_bugs_are_not(exc: Exception) -> None:
    assert not database_unavailable(exc)
