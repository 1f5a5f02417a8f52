"""The writers of one process on SQLite (hotline/db/sqlite.py): they take turns instead of
meeting at SQLite's lock, and those that queue together share one COMMIT; each still succeeds or
fails on its own, and returns only once what it wrote is committed."""

from __future__ import annotations

import asyncio
import os
import sqlite3

import pytest

from hotline.db.tx import engine, transaction
from hotline.directory.tables import Region

pytestmark = pytest.mark.skipif(
    os.environ.get("HOTLINE_TEST_ENGINE", "sqlite") != "sqlite", reason="SQLite's writers"
)


class Refused(Exception):
    pass


async def test_writers_queued_together_share_a_commit_and_fail_alone() -> None:
    connections: list[int] = []
    seen_after: dict[str, bool] = {}

    async def write(n: int) -> None:
        code = f"33.07.{n:02d}"
        async with transaction():
            connections.append(id(engine().current_transaction.get().connection))
            await Region.insert(Region(code=code, name=f"kecamatan {n}", level="kecamatan"))
            if n == 7:
                raise Refused(code)  # this one's insert is undone, and only this one's
        # Returned: committed, so a new connection (outside any transaction) reads it.
        seen_after[code] = await Region.exists().where(Region.code == code)

    results = await asyncio.gather(*(write(n) for n in range(20)), return_exceptions=True)

    assert [type(r) for r in results if r is not None] == [Refused]
    codes = {r["code"] for r in await Region.select(Region.code)}
    assert codes == {f"33.07.{n:02d}" for n in range(20) if n != 7}
    assert seen_after == {code: True for code in codes}
    # Twenty units of work arrived together: they shared connections (and so COMMITs).
    assert len(set(connections)) < len(connections)


async def test_a_write_after_a_group_starts_the_next_group() -> None:
    async with transaction():
        await Region.insert(Region(code="33.07.01", name="Wadaslintang", level="kecamatan"))
    async with transaction():
        await Region.update({Region.name: "Wadaslintang (baru)"}).where(Region.code == "33.07.01")
    [row] = await Region.select(Region.name)
    assert row["name"] == "Wadaslintang (baru)"


async def test_a_writer_failing_on_an_earlier_ones_write_then_reads_it_committed() -> None:
    """The same form sent twice at once: the second insert fails on the unique key, and the
    handler then looks up the first one's row on another connection. It must find it, although
    both were in one group: a failed unit, too, returns only once its group has committed."""
    found: list[bool] = []

    async def file(n: int) -> None:
        try:
            async with transaction():
                await Region.insert(Region(code="33.07.01", name=f"copy {n}", level="kecamatan"))
        except sqlite3.IntegrityError:
            found.append(await Region.exists().where(Region.code == "33.07.01"))

    await asyncio.gather(file(1), file(2))
    assert found == [True]
