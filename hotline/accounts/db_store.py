"""A Litestar `Store` in the database: server-side sessions on a single node without Redis.

Sessions must survive a restart and be shared by every process that serves the app (e.g. the
demo server and a CLI that disables a user), which an in-memory store cannot do. Expired rows
are ignored on read and swept now and then on write, so the table stays small.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from litestar.stores.base import NamespacedStore

from hotline import clock
from hotline.accounts.tables import StoredValue
from hotline.db.tx import transaction

# On about one write in this many, expired rows are deleted.
SWEEP_ONE_IN = 50


def _seconds(value: int | timedelta | None) -> int | None:
    if value is None:
        return None
    return int(value.total_seconds()) if isinstance(value, timedelta) else int(value)


class DatabaseStore(NamespacedStore):
    def __init__(self, namespace: str = "") -> None:
        self.namespace = namespace

    def with_namespace(self, namespace: str) -> DatabaseStore:
        return DatabaseStore(f"{self.namespace}:{namespace}" if self.namespace else namespace)

    def _key(self, key: str) -> str:
        return f"{self.namespace}:{key}" if self.namespace else key

    def _live(self, now: datetime):  # type: ignore[no-untyped-def]
        return StoredValue.expires_at.is_null() | (StoredValue.expires_at > now)

    async def set(
        self, key: str, value: str | bytes, expires_in: int | timedelta | None = None
    ) -> None:
        now = clock.now()
        seconds = _seconds(expires_in)
        data = value.encode() if isinstance(value, str) else value
        expires_at = now + timedelta(seconds=seconds) if seconds is not None else None
        async with transaction():
            await StoredValue.delete().where(StoredValue.key == self._key(key))
            await StoredValue.insert(
                StoredValue(key=self._key(key), value=data, expires_at=expires_at)
            )
            if random.randrange(SWEEP_ONE_IN) == 0:
                await StoredValue.delete().where(StoredValue.expires_at <= now)

    async def get(self, key: str, renew_for: int | timedelta | None = None) -> bytes | None:
        now = clock.now()
        row = (
            await StoredValue.select(StoredValue.value, StoredValue.expires_at)
            .where((StoredValue.key == self._key(key)) & self._live(now))
            .first()
        )
        if row is None:
            return None
        seconds = _seconds(renew_for)
        if seconds is not None and row["expires_at"] is not None:
            await StoredValue.update(
                {StoredValue.expires_at: now + timedelta(seconds=seconds)}
            ).where(StoredValue.key == self._key(key))
        return bytes(row["value"])

    async def delete(self, key: str) -> None:
        await StoredValue.delete().where(StoredValue.key == self._key(key))

    async def delete_all(self) -> None:
        prefix = f"{self.namespace}:" if self.namespace else ""
        await StoredValue.delete().where(StoredValue.key.like(prefix + "%"))

    async def exists(self, key: str) -> bool:
        return await StoredValue.exists().where(
            (StoredValue.key == self._key(key)) & self._live(clock.now())
        )

    async def expires_in(self, key: str) -> int | None:
        row = (
            await StoredValue.select(StoredValue.expires_at)
            .where((StoredValue.key == self._key(key)) & self._live(clock.now()))
            .first()
        )
        if row is None or row["expires_at"] is None:
            return None
        return max(0, int((row["expires_at"] - clock.now()).total_seconds()))
