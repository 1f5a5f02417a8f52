"""Each test counts the senders' quota afresh in this process (tests that file reports through
`conversation.receive` directly, with the clock frozen at hours of their own)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar.stores.memory import MemoryStore

from hotline import limiter


@pytest.fixture(autouse=True)
def fresh_quota() -> Iterator[None]:
    limiter.use_store(MemoryStore())
    yield
    limiter.use_store(MemoryStore())
