"""The clock: `pinned` dates what one task does (a spooled IVR request replayed late) without
moving the time of anything else served meanwhile."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from hotline import clock

CALLED_AT = datetime(2026, 3, 20, 1, 0, tzinfo=UTC)


async def test_a_pinned_time_stays_in_its_own_task() -> None:
    started, release = asyncio.Event(), asyncio.Event()
    seen: list[datetime] = []

    async def another_request() -> None:
        started.set()
        await release.wait()
        seen.append(clock.now())

    other = asyncio.create_task(another_request())
    await started.wait()
    with clock.pinned(CALLED_AT):
        assert clock.now() == CALLED_AT
        await asyncio.sleep(0)
        assert clock.now() == CALLED_AT  # across awaits
        release.set()
        await other
    assert abs(seen[0] - datetime.now(UTC)) < timedelta(minutes=1)  # the real time, meanwhile
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(minutes=1)  # and after the block


def test_a_pinned_time_wins_over_a_replaced_clock_and_is_undone_on_error() -> None:
    later = CALLED_AT + timedelta(days=2)
    clock.set_clock(lambda: later)
    try:
        try:
            with clock.pinned(CALLED_AT):
                assert clock.now() == CALLED_AT
                raise RuntimeError("the replay failed")
        except RuntimeError:
            pass
        assert clock.now() == later
    finally:
        clock.set_clock(None)
