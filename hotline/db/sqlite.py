"""SQLite, the embedded default: the writers of a process take turns, and share their COMMITs.

SQLite has one write lock per file. Writers that meet at it (BEGIN IMMEDIATE while another holds
it) wait in SQLite's busy handler, which sleeps and polls (1, 2, 5 … 100 ms): with ten webhooks
admitted at once, half the server's time went in those sleeps and the p99 of a phone step
reached 1.3 s (issue 16). Here the transactions of one process queue on an asyncio lock (the
*turn*, first come first served) instead, and never meet at SQLite's lock. Readers take no turn
(WAL). Another process on the file (a worker, a CLI command) still meets this one at SQLite's
lock, and waits in the busy handler as before.

With one writer at a time, every COMMIT's fsync (`synchronous=FULL`: a committed report survives
a power cut) is waited for one after the other, and that wait was most of a phone step's time on
SQLite. So the units of work that queue while one runs share a COMMIT (group commit): the first
opens a connection and BEGINs; each unit, in its turn, runs inside a SAVEPOINT on that connection
(rolled back alone if it fails); a committer queued behind the units waiting at that moment
COMMITs them together, then the next waiting unit starts the next group. A unit returns only
once its group has committed, so nothing is answered before it is durable; if the COMMIT fails,
every unit of the group fails with it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType

log = logging.getLogger("hotline.db")


class _Group:
    """Units of work sharing one connection, one BEGIN IMMEDIATE and one COMMIT."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.units = 0
        self.failed: BaseException | None = None  # the connection broke: roll all back
        self.committed: asyncio.Future[None] = asyncio.get_running_loop().create_future()


class _Writer:
    """The turn and the open group of one event loop (a lock belongs to its loop)."""

    def __init__(self) -> None:
        self.turn = asyncio.Lock()
        self.group: _Group | None = None
        self.committers: set[asyncio.Task[None]] = set()

    async def join(self, engine: Engine) -> _Group:
        """The open group, or a new one begun on a new connection. Called holding the turn."""
        if self.group is None:
            connection = await engine.get_connection()
            try:
                await connection.execute("BEGIN IMMEDIATE")
            except BaseException:
                await connection.close()
                raise
            self.group = _Group(connection)
            # Queued behind the units waiting now: they join this group, later ones the next.
            committer = asyncio.create_task(self._commit(self.group))
            self.committers.add(committer)
            committer.add_done_callback(self.committers.discard)
        self.group.units += 1
        return self.group

    async def _commit(self, group: _Group) -> None:
        async with self.turn:
            self.group = None
            try:
                if group.failed is not None:
                    await group.connection.execute("ROLLBACK")
                else:
                    await group.connection.execute("COMMIT")
            except BaseException as exc:
                group.failed = group.failed or exc
                log.warning("a group of %d SQLite transactions failed", group.units, exc_info=True)
            finally:
                try:
                    # Closed before the units hear their fate: a unit's caller may end the event
                    # loop as soon as it returns (a CLI command that fails), and a close still
                    # running in aiosqlite's thread would then call back into a closed loop.
                    with contextlib.suppress(Exception):
                        await group.connection.close()
                finally:
                    if group.failed is None:
                        group.committed.set_result(None)
                    else:
                        group.committed.set_exception(group.failed)
                        group.committed.exception()  # retrieved: units may all have gone


class _Writers:
    def __init__(self) -> None:
        self._by_loop: dict[asyncio.AbstractEventLoop, _Writer] = {}

    def __call__(self) -> _Writer:
        loop = asyncio.get_running_loop()
        writer = self._by_loop.get(loop)
        if writer is None:
            # Loops closed since (tests run one per test) are dropped with their writers.
            self._by_loop = {lp: w for lp, w in self._by_loop.items() if not lp.is_closed()}
            writer = self._by_loop[loop] = _Writer()
        return writer


class GroupedTransaction(SQLiteTransaction):
    """One unit of work in its turn, inside a SAVEPOINT of the open group; it returns once the
    group has committed. Nested use joins the outer unit, as Piccolo's transactions do."""

    def __init__(self, engine: Engine, writer: _Writer) -> None:
        super().__init__(engine, transaction_type=TransactionType.immediate)
        self._engine = engine
        self._writer = writer
        self._group: _Group | None = None

    async def __aenter__(self) -> SQLiteTransaction:
        if self._parent is not None:
            return self._parent
        await self._writer.turn.acquire()
        try:
            self._group = await self._writer.join(self._engine)
            self.connection = self._group.connection
            await self.connection.execute("SAVEPOINT unit")
        except BaseException as exc:
            # A statement once sent runs in aiosqlite's thread even if its caller is cancelled,
            # so a cancellation leaves the connection usable; an error from SQLite may not.
            if self._group is not None and not isinstance(exc, asyncio.CancelledError):
                self._group.failed = self._group.failed or exc
            self._writer.turn.release()
            raise
        self.context = self.engine.current_transaction.set(self)
        return self

    async def __aexit__(self, exception_type: Any, exception: Any, traceback: Any) -> bool:
        if self._parent:
            return exception is None
        group = self._group
        assert group is not None
        try:
            if exception is not None:
                await self.connection.execute("ROLLBACK TO unit")
            await self.connection.execute("RELEASE unit")
        except asyncio.CancelledError:
            raise  # the statements sent still run, in order, in aiosqlite's thread
        except BaseException as exc:
            # The connection is in a state we do not know: the whole group is rolled back.
            group.failed = group.failed or exc
        finally:
            self.engine.current_transaction.reset(self.context)
            self._writer.turn.release()
        # Answered only once the group's fate is known, failed units too. A success must be
        # durable before anyone hears of it; and a unit that failed because of what an earlier
        # unit of its group wrote (the same form sent twice: a unique key) then reads that
        # write, committed, as it handles its failure on another connection. Shielded: a caller
        # that stops waiting (a deadline) leaves the group's COMMIT alone.
        if exception is None:
            await asyncio.shield(group.committed)
        else:
            with contextlib.suppress(Exception):  # its own failure is the one to report
                await asyncio.shield(group.committed)
        return exception is None


class Engine(SQLiteEngine):
    """Piccolo's SQLite engine with `writer_transaction()`, and without the `PRAGMA foreign_keys`
    Piccolo sends before every statement of a transaction: the connection was given it when
    opened (`get_connection`), and each statement is a hop to aiosqlite's thread and back."""

    _writers = _Writers()

    def writer_transaction(self) -> GroupedTransaction:
        return GroupedTransaction(self, self._writers())

    async def _run_in_existing_connection(
        self,
        connection: Any,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: Any = None,
    ) -> Any:
        if query_type == "insert" and self.get_version_sync() < 3.35:
            # Piccolo's own path for an SQLite without RETURNING.
            return await super()._run_in_existing_connection(
                connection, query, args, query_type, table
            )
        async with connection.execute(query, args or []) as cursor:
            return await cursor.fetchall()
