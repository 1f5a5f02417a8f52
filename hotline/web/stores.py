"""The key-value stores behind rate limits and sessions.

One node: rate limits in memory, staff sessions in the database (they must survive a restart
and be ended by any process, e.g. when an admin disables an account). Several replicas
(`HOTLINE_REDIS_URL` set): both in Redis, so a client's rate limit and a staff session hold
whichever replica answers. Litestar finds a store by name: the rate limiter uses "rate_limit",
server-side sessions "sessions".
"""

from __future__ import annotations

from litestar.stores.base import Store
from litestar.stores.memory import MemoryStore
from litestar.stores.redis import RedisStore

from hotline import limiter
from hotline.accounts.db_store import DatabaseStore
from hotline.settings import Settings

STORE_NAMES = ("rate_limit", "sessions")


def make_stores(settings: Settings) -> dict[str, Store]:
    stores: dict[str, Store]
    if not settings.redis_url:
        stores = {"rate_limit": MemoryStore(), "sessions": DatabaseStore("sessions")}
    else:
        root = RedisStore.with_client(url=settings.redis_url, namespace="hotline")
        stores = {name: root.with_namespace(name) for name in STORE_NAMES}
    # Lockouts (PINs, staff sign-in) count in the same store, whichever part of the app asks.
    limiter.use_store(stores["rate_limit"])
    return stores
