"""PostgreSQL connections that a fault broke are thrown away, never reused (issue 16).

The engine under test reaches the test database through a TCP proxy that the test cuts (a
restart: connections reset) or freezes (a hung server: nothing comes back). Before, Piccolo's
transaction handed such a connection back to the pool, or never gave it back: after a restart
the next requests failed with "cannot call Transaction.rollback(): the underlying connection is
closed" or "cannot switch to state 12; another operation is in progress", and after a freeze
the pool ran dry."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from urllib.parse import urlsplit

import asyncpg
import pytest
from piccolo.querystring import QueryString

from hotline.db.postgres import Engine
from hotline.ivr.spool import is_unavailable
from tests.support.tcp_proxy import TcpProxy

pytestmark = pytest.mark.postgres_only

# Bounds that only catch a hang (the machine may be busy); the faults themselves last until the
# test ends them, so no outcome depends on these.
HANG = 20.0
# How long a caller waits before giving up on a frozen database (the IVR's deadline, shortened).
GIVE_UP = 0.5


@pytest.fixture
def proxy() -> Iterator[TcpProxy]:
    target = urlsplit(os.environ["HOTLINE_DATABASE_URL"])
    with TcpProxy(target.hostname or "127.0.0.1", target.port or 5432) as p:
        yield p


@pytest.fixture
async def db(proxy: TcpProxy) -> AsyncIterator[Engine]:
    """The project's PostgreSQL engine, through the proxy, with a pool of two connections."""
    target = urlsplit(os.environ["HOTLINE_DATABASE_URL"])
    dsn = target._replace(netloc=f"{target.username}@127.0.0.1:{proxy.port}").geturl()
    engine = Engine(config={"dsn": dsn})
    await engine.start_connection_pool(min_size=2, max_size=2)
    yield engine
    assert engine.pool is not None
    engine.pool.terminate()


async def select(db: Engine, value: int) -> int:
    rows = await db.run_querystring(QueryString("SELECT {}::int AS v", value))
    return int(rows[0]["v"])


async def in_transaction(db: Engine, value: int) -> int:
    async with db.transaction():
        selected = await select(db, value)
    return selected


async def test_a_restart_fails_the_transactions_under_way_with_the_real_error(
    db: Engine, proxy: TcpProxy
) -> None:
    inside = asyncio.Barrier(3)
    go_on = asyncio.Event()

    async def under_way() -> int:
        async with db.transaction():
            await select(db, 1)
            await inside.wait()
            await go_on.wait()
            selected = await select(db, 2)
        return selected

    work = [asyncio.create_task(under_way()) for _ in range(2)]
    async with asyncio.timeout(HANG):
        await inside.wait()  # both pooled connections are inside a transaction
    proxy.cut()
    go_on.set()
    failures = await asyncio.gather(*work, return_exceptions=True)
    for failure in failures:
        # The connection's loss, which the IVR recognises as "the database is away"; not a
        # failed ROLLBACK on a closed connection.
        assert isinstance(failure, asyncpg.PostgresConnectionError | OSError), repr(failure)
        assert "rollback" not in str(failure).lower()
        assert is_unavailable(failure)
    proxy.restore()
    async with asyncio.timeout(HANG):
        assert [await in_transaction(db, n) for n in range(4)] == [0, 1, 2, 3]
        assert await asyncio.gather(*(in_transaction(db, n) for n in range(4))) == [0, 1, 2, 3]


@pytest.mark.parametrize("work", [in_transaction, select], ids=["transaction", "query"])
async def test_work_given_up_on_a_frozen_database_leaves_no_connection_behind(
    db: Engine, proxy: TcpProxy, work: object
) -> None:
    assert callable(work)
    proxy.freeze()
    try:
        for n in range(2):  # both pooled connections: each given up inside its query
            task = asyncio.create_task(work(db, n))
            done, _ = await asyncio.wait({task}, timeout=GIVE_UP)
            assert not done  # frozen: no answer
            task.cancel()
            # Its clean-up does not wait on the frozen server: the connection is terminated.
            done, _ = await asyncio.wait({task}, timeout=HANG)
            assert done, "the cancelled work waited on the frozen database"
    finally:
        proxy.thaw()
    # Both connections were given up half-way; new ones serve what follows.
    async with asyncio.timeout(HANG):
        assert await asyncio.gather(*(work(db, n) for n in range(4))) == [0, 1, 2, 3]
