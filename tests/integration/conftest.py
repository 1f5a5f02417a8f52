"""Integration tests get a migrated, empty database of the engine under test, per test."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from hotline import clock
from hotline.settings import get_settings

TEMPLATE_SUFFIX = ".template"


@pytest.fixture(scope="session")
async def migrated() -> AsyncIterator[None]:
    import contextlib
    import io

    from hotline.db.migrate import migrate
    from hotline.db.tx import engine, is_sqlite, start_pool

    with contextlib.redirect_stdout(io.StringIO()):
        await migrate()
    if is_sqlite():
        path = get_settings().database.path
        assert path is not None
        shutil.copy(path, str(path) + TEMPLATE_SUFFIX)
        yield
    else:
        await start_pool(max_size=8)
        yield
        await engine().close_connection_pool()


def _restore_sqlite_template() -> None:
    path = get_settings().database.path
    assert path is not None
    for extra in ("-wal", "-shm"):
        Path(str(path) + extra).unlink(missing_ok=True)
    shutil.copy(str(path) + TEMPLATE_SUFFIX, path)


async def _reset() -> None:
    from hotline.db.tx import is_sqlite

    if is_sqlite():
        _restore_sqlite_template()
        return
    from hotline.directory.tables import Region

    rows = await Region.raw(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migration'"
    )
    names = ", ".join(f'"{r["tablename"]}"' for r in rows)
    # TRUNCATE fires no row triggers, so the append-only history can be emptied between tests.
    # A connection a test left in a transaction would make it wait for ever: fail loudly instead.
    async with Region._meta.db.transaction():
        await Region.raw("SET LOCAL lock_timeout = '60s'")
        await Region.raw(f"TRUNCATE {names} RESTART IDENTITY CASCADE")


@pytest.fixture(autouse=True)
async def db(migrated: None) -> AsyncIterator[None]:
    from hotline.directory import operator

    await _reset()
    operator.invalidate()  # the operator cached by the previous test is not in this database
    yield
    clock.set_clock(None)
    operator.invalidate()
