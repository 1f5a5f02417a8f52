"""`one(query)`: the row a test expects to exist, or a failure that says which query found none."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any


async def one(query: Awaitable[dict[str, Any] | None]) -> dict[str, Any]:
    row = await query
    assert row is not None, f"no row for {query}"
    return row
