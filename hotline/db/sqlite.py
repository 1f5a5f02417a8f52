"""SQLite, the embedded default, with its writers taking turns within the process.

SQLite has one write lock per file. Writers that meet at it (BEGIN IMMEDIATE while another holds
it) wait in SQLite's busy handler, which sleeps and polls (1, 2, 5 … 100 ms): with ten webhooks
admitted at once, half the server's time went in those sleeps and the p99 of a phone step
reached 1.3 s (issue 16). Here the transactions of one process queue on an asyncio lock instead,
handed over the moment the writer before commits. Readers need no turn (WAL). Another process
(the worker, a CLI command) still meets this one at SQLite's lock, rarely, and waits in the busy
handler as before.

What a transaction can do before its turn it does before: opening its connection (a thread, the
file, the schema read), so the turn is held only for the statements and the COMMIT.
"""

from __future__ import annotations

import asyncio
from typing import Any

from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType


class WriterTurn:
    """One lock per event loop: a lock belongs to its loop (tests run one loop per test)."""

    def __init__(self) -> None:
        self._by_loop: dict[asyncio.AbstractEventLoop, asyncio.Lock] = {}

    def __call__(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        lock = self._by_loop.get(loop)
        if lock is None:
            # Loops closed since are dropped with their locks.
            self._by_loop = {lp: k for lp, k in self._by_loop.items() if not lp.is_closed()}
            lock = self._by_loop[loop] = asyncio.Lock()
        return lock


class TurnTakingTransaction(SQLiteTransaction):
    """An IMMEDIATE transaction that takes the process's writer turn between opening its
    connection and BEGIN, and gives it back right after COMMIT or ROLLBACK. Nested use joins
    the outer transaction, as Piccolo's does (and takes no second turn)."""

    def __init__(self, engine: Engine, turn: asyncio.Lock) -> None:
        super().__init__(engine, transaction_type=TransactionType.immediate)
        self._turn = turn

    async def __aenter__(self) -> SQLiteTransaction:
        if self._parent is not None:
            return self._parent
        self.connection = await self.get_connection()
        try:
            # The schema read while waiting for the turn, not while holding it; the statement
            # finished and closed, or its read snapshot would outlive it into the transaction.
            async with self.connection.execute("SELECT 1 FROM sqlite_master LIMIT 1") as cursor:
                await cursor.fetchall()
            await self._turn.acquire()
        except BaseException:
            await self.connection.close()
            raise
        try:
            await self.begin()
        except BaseException:
            self._turn.release()
            await self.connection.close()
            raise
        self.context = self.engine.current_transaction.set(self)
        return self

    async def __aexit__(self, exception_type: Any, exception: Any, traceback: Any) -> bool:
        if self._parent:
            return exception is None
        try:
            if exception:
                if not self._rolled_back:
                    await self.rollback()
            elif not self._committed and not self._rolled_back:
                await self.commit()
        finally:
            self._turn.release()
            self.engine.current_transaction.reset(self.context)
            await self.connection.close()
        return exception is None


class Engine(SQLiteEngine):
    """Piccolo's SQLite engine with `writer_transaction()`, and without the `PRAGMA foreign_keys`
    Piccolo sends before every statement of a transaction: the connection was given it when
    opened (`get_connection`), and each statement is a hop to aiosqlite's thread and back."""

    _turn = WriterTurn()

    def writer_transaction(self) -> TurnTakingTransaction:
        return TurnTakingTransaction(self, self._turn())

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
