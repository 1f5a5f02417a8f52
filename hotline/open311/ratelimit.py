"""Per-client request quotas for the Open311 API: an API key's `requests_per_minute`, or a default
for reads without a key (by client address).

Counted by the one limiter (hotline/limiter.py) as a quota per minute of the project clock: the
minute is the clock's (aligned), so every replica and client sees the same minute end; with
Redis (several replicas) a count is one atomic script, so replicas share a key's quota exactly.
A fixed window may let a client make up to twice its quota across a minute boundary; that is the
usual price of one counter.
"""

from __future__ import annotations

from datetime import timedelta

from hotline import limiter
from hotline.i18n import N_
from hotline.limiter import Count, Rule
from hotline.open311.errors import Open311Error, Problem

WINDOW = timedelta(minutes=1)


def rule(limit: int) -> Rule:
    # No block: `limit` requests a minute pass, the others wait for the next minute.
    return Rule("open311", threshold=limit, block=timedelta(0), window=WINDOW, aligned=True)


async def take(bucket: str, limit: int) -> Count:
    """Count one request of `bucket`; raise a 429 Open311Error when its quota is spent."""
    count = await limiter.shared().count(rule(limit), bucket)
    if count.exceeded:
        raise Open311Error(
            429,
            [
                Problem(
                    N_("Too many requests: at most {n} a minute. Try again in {seconds} seconds."),
                    {"n": limit, "seconds": count.reset},
                )
            ],
            retry_after=count.reset,
        )
    return count
