"""The one clock. Everything that needs "now" asks here, so tests can move time, and a request
handled late (one replayed from the IVR's spool) can be handled at the time it was made."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

_now: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731
# Set by `pinned` for one task (and what it awaits), never process-wide: other requests served
# meanwhile keep the real time.
_pinned: ContextVar[datetime | None] = ContextVar("hotline_clock_pinned", default=None)


def now() -> datetime:
    pinned = _pinned.get()
    return pinned if pinned is not None else _now()


def set_clock(fn: Callable[[], datetime] | None) -> None:
    """Replace the clock (tests, demo seeding); None restores the wall clock."""
    global _now
    _now = fn if fn is not None else (lambda: datetime.now(UTC))


@contextmanager
def pinned(instant: datetime) -> Iterator[None]:
    """Within this block, in this task, now() is `instant`: what a request does when it is
    handled late is dated when the citizen made it (a report's SLA clock starts then)."""
    token = _pinned.set(instant)
    try:
        yield
    finally:
        _pinned.reset(token)
