"""The IVR's admission gate: at most `size` webhooks in their database work, the rest in order."""

from __future__ import annotations

import asyncio

from hotline.ivr.webhook import Gate


async def _burst(gate: Gate, n: int) -> tuple[int, list[int]]:
    """`n` webhooks arriving one after the other while the first ones still work: the most that
    were in at once, and the order they were let in."""
    inside = peak = 0
    admitted: list[int] = []

    async def webhook(i: int) -> None:
        nonlocal inside, peak
        async with gate():
            admitted.append(i)
            inside += 1
            peak = max(peak, inside)
            await asyncio.sleep(0.001 * (n - i))  # the first ones work longest
            inside -= 1

    tasks = []
    for i in range(n):
        tasks.append(asyncio.create_task(webhook(i)))
        await asyncio.sleep(0)  # each one reaches the gate before the next arrives
    await asyncio.gather(*tasks)
    return peak, admitted


def test_no_more_than_size_at_once_and_first_come_first_served() -> None:
    peak, admitted = asyncio.run(_burst(Gate(3), 12))
    assert peak == 3
    assert admitted == list(range(12))


def test_one_semaphore_per_event_loop() -> None:
    # Each test (and each uvicorn worker) runs its own loop: a semaphore with waiters from an
    # earlier, closed loop must not be reused (asyncio would refuse it in the new one).
    gate = Gate(1)
    for _ in range(3):
        peak, admitted = asyncio.run(_burst(gate, 4))
        assert (peak, admitted) == (1, [0, 1, 2, 3])
    assert len(gate._by_loop) == 1  # the closed loops' semaphores were let go
