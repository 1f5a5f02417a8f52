"""The one clock. Everything that needs "now" asks here, so tests can move time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

_now: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731


def now() -> datetime:
    return _now()


def set_clock(fn: Callable[[], datetime] | None) -> None:
    """Replace the clock (tests, demo seeding); None restores the wall clock."""
    global _now
    _now = fn if fn is not None else (lambda: datetime.now(UTC))
