"""Per-client request quotas for the Open311 API: an API key's `requests_per_minute`, or a default
for reads without a key (by client address).

A fixed one-minute window counted in the "rate_limit" store (hotline/web/stores.py). With Redis
(several replicas) the count is one atomic INCR, so replicas share a key's quota exactly; in
memory (one node) the count is read and written under a lock. A fixed window may let a client
make up to twice its quota across a minute boundary; that is the usual price of one counter.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from litestar.stores.base import Store
from litestar.stores.redis import RedisStore

from hotline.i18n import N_
from hotline.open311.errors import Open311Error, Problem

WINDOW_SECONDS = 60
_memory_lock = asyncio.Lock()


@dataclass(frozen=True)
class Quota:
    limit: int
    remaining: int
    reset: int  # seconds until the window ends

    def headers(self) -> dict[str, str]:
        # The IETF draft's fields (draft-ietf-httpapi-ratelimit-headers), as GitHub and others send.
        return {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset),
        }


async def _increment(store: Store, key: str) -> int:
    if isinstance(store, RedisStore):
        # The store API has no atomic increment; Redis has. _make_key keeps the store's namespace.
        full = store._make_key(key)
        async with store._redis.pipeline(transaction=True) as pipe:
            pipe.incr(full)
            pipe.expire(full, WINDOW_SECONDS * 2)
            count, _ = await pipe.execute()
        return int(count)
    async with _memory_lock:
        count = int(await store.get(key) or 0) + 1
        await store.set(key, str(count), expires_in=WINDOW_SECONDS * 2)
    return count


async def take(store: Store, bucket: str, limit: int, *, now: float) -> Quota:
    """Count one request of `bucket`; raise a 429 Open311Error when its quota is spent."""
    window = int(now // WINDOW_SECONDS)
    reset = WINDOW_SECONDS - int(now % WINDOW_SECONDS)
    count = await _increment(store, f"open311:{bucket}:{window}")
    if count > limit:
        raise Open311Error(
            429,
            [
                Problem(
                    N_("Too many requests: at most {n} a minute. Try again in {seconds} seconds."),
                    {"n": limit, "seconds": reset},
                )
            ],
            retry_after=reset,
        )
    return Quota(limit=limit, remaining=limit - count, reset=reset)
