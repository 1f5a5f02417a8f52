"""PostgreSQL connections that a fault cannot poison: one that failed is thrown away, not reused.

Piccolo's PostgresTransaction and pooled queries hand a connection back to the pool whatever
happened on it. After a restart of the database (or a deadline that cancelled a query half-way)
that connection could still be in the middle of an operation, or closed under its transaction:
the next request that borrowed it failed with asyncpg's "cannot switch to state 12; another
operation is in progress" or "cannot call Transaction.rollback(): the underlying connection is
closed" (issue 16). And a failed BEGIN or ROLLBACK left the connection out of the pool for good.

Here a connection is kept only when it finished cleanly (committed, or rolled back after an
error the server reported). Anything else (a lost connection, a cancellation, a failed
commit or rollback) terminates it: no round trip, so it cannot hang on a frozen server, and the
server rolls back what the connection left open. The pool opens a new one when next needed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

import asyncpg
from piccolo.engine.postgres import PostgresEngine, PostgresTransaction

log = logging.getLogger("hotline.db")

# How long a rollback after an application error may take before the connection is thrown away
# instead: the rollback is one round trip, and a server that does not answer it is not healthy.
ROLLBACK_SECONDS = 2.0


def server_reported(exc: BaseException) -> bool:
    """An error the server sent back (a constraint, a bad query) or raised by the application
    itself: the connection is intact and a ROLLBACK brings it back to a clean state. Anything
    about the connection, and any cancellation, leaves its state unknown."""
    if isinstance(exc, asyncpg.PostgresError):
        # A restart ends every session with an "operator intervention" error (57P01).
        return not isinstance(
            exc, asyncpg.PostgresConnectionError | asyncpg.OperatorInterventionError
        )
    return isinstance(exc, Exception) and not isinstance(
        exc, OSError | TimeoutError | asyncpg.InterfaceError | asyncpg.InternalClientError
    )


def discard(connection: Any) -> None:
    """Close the connection at once, without a word to the server (which may not answer)."""
    try:
        connection.terminate()
    except Exception:  # already gone: nothing more to close
        log.debug("terminating a broken connection failed", exc_info=True)


class DiscardingTransaction(PostgresTransaction):
    """Piccolo's transaction, but a connection that did not end cleanly never goes back to the
    pool as it is. Nested use joins the outer transaction as Piccolo's does."""

    async def __aenter__(self) -> PostgresTransaction:
        if self._parent is not None:
            return self._parent
        self.connection = await self.get_connection()
        try:
            self.transaction = self.connection.transaction()
            await self.begin()
        except BaseException:
            await self._hand_back(broken=True)
            raise
        self.context = self.engine.current_transaction.set(self)
        return self

    async def __aexit__(self, exception_type: Any, exception: Any, traceback: Any) -> bool:
        if self._parent:
            return exception is None
        broken = False
        try:
            if exception is None:
                if not self._committed and not self._rolled_back:
                    await self.commit()
            elif not self._rolled_back:
                if server_reported(exception):
                    async with asyncio.timeout(ROLLBACK_SECONDS):
                        await self.rollback()
                else:
                    broken = True
        except Exception:
            # A failed COMMIT (its outcome unknown to us) or ROLLBACK: the connection goes.
            broken = True
            if exception is None:
                raise
            log.warning("rollback failed; connection discarded", exc_info=True)
        except BaseException:
            broken = True  # cancelled during COMMIT or ROLLBACK: the cancellation goes on
            raise
        finally:
            self.engine.current_transaction.reset(self.context)
            await self._hand_back(broken=broken)
        return exception is None

    async def _hand_back(self, *, broken: bool) -> None:
        if broken:
            discard(self.connection)
        try:
            if self.engine.pool:
                # Releasing a terminated connection returns its slot to the pool at once.
                await self.engine.pool.release(self.connection)
            elif not broken:
                await self.connection.close()
        except Exception:
            # After a COMMIT the unit of work is done, whatever happens to its connection: a
            # failure here must not turn a saved report into an error (asyncpg has already
            # terminated a connection whose release failed).
            log.warning("a connection could not be handed back; discarded", exc_info=True)
            discard(self.connection)


class Engine(PostgresEngine):
    """Piccolo's PostgreSQL engine with the transaction above, and pooled queries outside a
    transaction held to the same rule."""

    def transaction(self, allow_nested: bool = True) -> DiscardingTransaction:
        return DiscardingTransaction(engine=self, allow_nested=allow_nested)

    async def _run_in_pool(self, query: str, args: Sequence[Any] | None = None) -> Any:
        if not self.pool:
            raise ValueError("A pool isn't currently running.")
        connection = await self.pool.acquire()
        try:
            return await connection.fetch(query, *(args or []))
        except BaseException as exc:
            if not server_reported(exc):
                discard(connection)
            raise
        finally:
            await self.pool.release(connection)
