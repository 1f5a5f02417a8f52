"""The one limiter (hotline/limiter.py): fixed and sliding windows, lockouts and growing delays,
on the project clock; the Redis script and the in-memory path give the same answers."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from litestar.stores.memory import MemoryStore
from litestar.stores.redis import RedisStore

from hotline.limiter import CLEAN, Limiter, Rule, State, advance

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LOCK = Rule("t-lock", threshold=3, block=timedelta(minutes=10), window=timedelta(minutes=5))
DELAY = Rule(
    "t-delay",
    threshold=2,
    block=timedelta(seconds=30),
    growth=2.0,
    cap=timedelta(minutes=4),
    window=timedelta(hours=1),
    slide=True,
)
# A quota: 3 requests a minute of the clock, no lockout.
QUOTA = Rule("t-quota", threshold=3, block=timedelta(0), window=timedelta(minutes=1), aligned=True)
REDIS_URL = "redis://127.0.0.1:6379/0"


def test_a_fixed_window_forgets_from_its_first_strike() -> None:
    state = advance(CLEAN, LOCK, T0)
    state = advance(state, LOCK, T0 + timedelta(minutes=4))
    assert state.strikes == 2
    # The window began at T0: the third strike at T0 + 5 min starts a new count.
    state = advance(state, LOCK, T0 + timedelta(minutes=5))
    assert state.strikes == 1 and not state.blocked(T0 + timedelta(minutes=5))


def test_the_threshold_blocks_for_block() -> None:
    state = CLEAN
    for _ in range(3):
        state = advance(state, LOCK, T0)
    assert state.blocked(T0 + timedelta(minutes=10) - timedelta(milliseconds=1))
    assert not state.blocked(T0 + timedelta(minutes=10))
    assert state.current(T0 + timedelta(minutes=10)) == CLEAN


def test_a_sliding_window_keeps_counting_while_strikes_come_and_the_delay_doubles() -> None:
    state, now, delays = CLEAN, T0, []
    for _ in range(8):
        now += timedelta(minutes=50)  # always inside the hour since the previous strike
        state = advance(state, DELAY, now)
        delays.append(max(0, state.blocked_until - int(now.timestamp() * 1000)) // 1000)
    assert state.strikes == 8
    assert delays == [0, 30, 60, 120, 240, 240, 240, 240]


async def test_a_quota_counts_per_minute_of_the_clock_and_never_locks() -> None:
    limiter = Limiter(MemoryStore())
    at = T0 + timedelta(seconds=15)  # 45 s before the clock's minute ends
    counts = [await limiter.count(QUOTA, "k", at) for _ in range(5)]
    assert [c.exceeded for c in counts] == [False, False, False, True, True]
    assert [c.remaining for c in counts] == [2, 1, 0, 0, 0]
    assert {c.reset for c in counts} == {45}  # the rest of the minute, not a minute from now
    assert counts[-1].headers() == {
        "RateLimit-Limit": "3",
        "RateLimit-Remaining": "0",
        "RateLimit-Reset": "45",
    }
    # The next minute starts a new count, however many were refused before.
    fresh = await limiter.count(QUOTA, "k", T0 + timedelta(minutes=1))
    assert fresh.used == 1 and not fresh.exceeded and fresh.reset == 60
    assert not (await limiter.state(QUOTA, "k", T0 + timedelta(minutes=1))).blocked(T0)


@pytest.fixture
async def redis_limiter() -> AsyncIterator[Limiter]:
    store = RedisStore.with_client(url=REDIS_URL, namespace=f"hotline-test-{uuid.uuid4().hex}")
    yield Limiter(store)
    await store.delete_all()
    await store._redis.aclose()


async def test_redis_and_memory_agree(redis_limiter: Limiter) -> None:
    memory = Limiter(MemoryStore())
    now = T0
    for step in range(12):
        now += timedelta(seconds=7 * step)
        for rule in (LOCK, DELAY, QUOTA):
            on_redis = await redis_limiter.strike(rule, "k", now)
            in_memory = await memory.strike(rule, "k", now)
            assert on_redis == in_memory, (rule.name, step)
            assert await redis_limiter.state(rule, "k", now) == on_redis
    await redis_limiter.clear(LOCK, "k")
    assert await redis_limiter.state(LOCK, "k", now) == CLEAN


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 400), min_size=1, max_size=20))
def test_the_state_survives_its_text_form(gaps: list[int]) -> None:
    state, now = CLEAN, T0
    for gap in gaps:
        now += timedelta(seconds=gap)
        state = advance(state, DELAY, now)
        assert State.load(state.dump()) == state
        assert state.strikes >= 1
