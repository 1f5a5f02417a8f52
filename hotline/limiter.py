"""The one limiter: every "too many" decision counts here, in the framework's stores, on the
project clock. PIN and staff sign-in lockouts, the Open311 quotas and the citizen pages' limits
all count with `Limiter.strike`.

A `Rule` describes a counter of *strikes* (failed attempts, or requests for a quota) per key:

- the count lives for `window` from its first strike (a fixed window: later strikes do not
  extend it), or, with `slide`, until `window` has passed without a strike, or, with `aligned`,
  until the end of the clock's current window (whole minutes for a per-minute quota, the same
  for every replica and every client);
- from `threshold` strikes on, each strike blocks the key until now + `block` × `growth` **
  (strikes − threshold), at most `cap`: with growth 1 a plain lockout, with growth 2 a delay
  that doubles with every further strike;
- with no `block`, the rule is a quota (`Limiter.count`): `threshold` strikes a window pass,
  the others are refused until the window ends (429 with Retry-After and RateLimit-* headers).

A key's state is one small value in a Litestar `Store`: "strikes|window end|blocked until"
(milliseconds on the project clock, hotline/clock.py, so tests move time instead of sleeping;
the store's own expiry only collects values that no longer matter). On Redis a strike is one
Lua script, atomic across replicas; in memory (one node) it is read and written under a
process-wide lock, which is the whole scope of a memory store.

The store is the "rate_limit" store (hotline/web/stores.py registers it here with `use_store`;
without it, e.g. in a test that calls the core directly, a private memory store).
"""

from __future__ import annotations

import asyncio
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from litestar.stores.base import Store
from litestar.stores.memory import MemoryStore
from litestar.stores.redis import RedisStore

from hotline import clock

# Kept after a value stops mattering, so a value never vanishes while it is still read.
_SLACK_SECONDS = 60

_STRIKE_LUA = """
local raw = redis.call('GET', KEYS[1])
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local slide = ARGV[3] == '1'
local aligned = ARGV[9] == '1'
local threshold = tonumber(ARGV[4])
local block = tonumber(ARGV[5])
local growth = tonumber(ARGV[6])
local cap = tonumber(ARGV[7])
local strikes, finish, blocked = 0, 0, 0
if raw then
  local a, b, c = string.match(raw, '^(%d+)|(%d+)|(%d+)$')
  if a then strikes, finish, blocked = tonumber(a), tonumber(b), tonumber(c) end
end
if now >= finish and now >= blocked then
  strikes = 0
  if aligned then
    finish = (math.floor(now / window) + 1) * window
  else
    finish = now + window
  end
end
strikes = strikes + 1
if slide and now + window > finish then finish = now + window end
if strikes >= threshold and block > 0 then
  local delay = block * growth ^ (strikes - threshold)
  if cap > 0 and delay > cap then delay = cap end
  delay = math.floor(delay)
  if now + delay > blocked then blocked = now + delay end
end
local last = finish
if blocked > last then last = blocked end
local value = string.format('%d|%d|%d', strikes, finish, blocked)
redis.call('SET', KEYS[1], value, 'PX', last - now + ARGV[8] * 1000)
return value
"""


@dataclass(frozen=True)
class Rule:
    """One counter's policy. `name` prefixes its keys, so rules never share a key."""

    name: str
    threshold: int
    block: timedelta
    window: timedelta
    growth: float = 1.0
    cap: timedelta | None = None
    slide: bool = False
    aligned: bool = False

    def block_ms(self, strikes: int) -> int:
        if strikes < self.threshold or self.block <= timedelta(0):
            return 0
        delay = _ms(self.block) * self.growth ** (strikes - self.threshold)
        if self.cap is not None:
            delay = min(delay, _ms(self.cap))
        return math.floor(delay)


@dataclass(frozen=True)
class State:
    strikes: int
    window_end: int  # ms
    blocked_until: int  # ms; 0 when never blocked

    def blocked(self, now: datetime) -> bool:
        return _epoch_ms(now) < self.blocked_until

    def seconds_left(self, now: datetime) -> int:
        return max(0, math.ceil((self.blocked_until - _epoch_ms(now)) / 1000))

    def current(self, now: datetime) -> State:
        """What is left of this state at `now`: nothing once the window and the block are over."""
        at = _epoch_ms(now)
        if at >= self.window_end and at >= self.blocked_until:
            return CLEAN
        return self

    def dump(self) -> str:
        return f"{self.strikes}|{self.window_end}|{self.blocked_until}"

    @staticmethod
    def load(raw: bytes | str | None) -> State:
        if raw is None:
            return CLEAN
        text = raw.decode() if isinstance(raw, bytes) else raw
        try:
            strikes, end, blocked = (int(part) for part in text.split("|"))
        except ValueError:
            # A value this code cannot read (written by another version) starts clean: a
            # request must not fail, nor a client stay locked, over a store entry's format.
            return CLEAN
        return State(strikes, end, blocked)


CLEAN = State(0, 0, 0)


@dataclass(frozen=True)
class Count:
    """Where a quota stands after a request: refused past `limit`, until `reset` seconds on."""

    limit: int
    used: int
    reset: int  # seconds until the window ends

    @property
    def exceeded(self) -> bool:
        return self.used > self.limit

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.used)

    def headers(self) -> dict[str, str]:
        # The IETF draft's fields (draft-ietf-httpapi-ratelimit-headers), as GitHub and others send.
        return {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset),
        }


def advance(state: State, rule: Rule, now: datetime) -> State:
    """One strike (what the Lua script does on Redis; the two are tested to agree)."""
    at = _epoch_ms(now)
    strikes, finish, blocked = state.strikes, state.window_end, state.blocked_until
    if at >= finish and at >= blocked:
        window = _ms(rule.window)
        strikes, finish = 0, (at // window + 1) * window if rule.aligned else at + window
    strikes += 1
    if rule.slide:
        finish = max(finish, at + _ms(rule.window))
    delay = rule.block_ms(strikes)
    if delay:
        blocked = max(blocked, at + delay)
    return State(strikes, finish, blocked)


class Limiter:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._script = (
            store._redis.register_script(_STRIKE_LUA) if isinstance(store, RedisStore) else None
        )

    @staticmethod
    def key(rule: Rule, key: str) -> str:
        return f"limit:{rule.name}:{key}"

    async def state(self, rule: Rule, key: str, now: datetime | None = None) -> State:
        now = now or clock.now()
        return State.load(await self.store.get(self.key(rule, key))).current(now)

    async def strike(self, rule: Rule, key: str, now: datetime | None = None) -> State:
        """Count one strike against `key` and return the new state (atomically)."""
        now = now or clock.now()
        full = self.key(rule, key)
        if self._script is not None:
            assert isinstance(self.store, RedisStore)
            raw = await self._script(
                keys=[self.store._make_key(full)],
                args=[
                    _epoch_ms(now),
                    _ms(rule.window),
                    "1" if rule.slide else "0",
                    rule.threshold,
                    _ms(rule.block),
                    rule.growth,
                    _ms(rule.cap) if rule.cap is not None else 0,
                    _SLACK_SECONDS,
                    "1" if rule.aligned else "0",
                ],
            )
            return State.load(raw)
        async with _memory_lock:
            state = advance(State.load(await self.store.get(full)), rule, now)
            last = max(state.window_end, state.blocked_until)
            seconds = math.ceil((last - _epoch_ms(now)) / 1000) + _SLACK_SECONDS
            await self.store.set(full, state.dump(), expires_in=seconds)
        return state

    async def count(self, rule: Rule, key: str, now: datetime | None = None) -> Count:
        """A quota (a rule with no block): count one request against `key`."""
        now = now or clock.now()
        state = await self.strike(rule, key, now)
        reset = max(0, math.ceil((state.window_end - _epoch_ms(now)) / 1000))
        return Count(limit=rule.threshold, used=state.strikes, reset=reset)

    async def clear(self, rule: Rule, key: str) -> None:
        await self.store.delete(self.key(rule, key))


_memory_lock = asyncio.Lock()
_shared: Limiter | None = None


def use_store(store: Store) -> None:
    """Make `store` the one the `shared()` limiter counts in (the app's "rate_limit")."""
    global _shared
    _shared = Limiter(store)


def shared() -> Limiter:
    """The process's limiter, on the app's "rate_limit" store (see the module docstring)."""
    global _shared
    if _shared is None:
        _shared = Limiter(MemoryStore())
    return _shared


def _ms(delta: timedelta) -> int:
    return int(delta.total_seconds() * 1000)


def _epoch_ms(instant: datetime) -> int:
    return int(instant.timestamp() * 1000)
