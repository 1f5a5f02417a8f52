"""Throwaway PostgreSQL databases for the benchmarks, and the settings every benchmark's server
shares."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from contextlib import contextmanager

import asyncpg

PG_BASE = os.environ.get("HOTLINE_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
SECRET_KEY = "bench-secret-key-0123456789"  # noqa: S105  (a benchmark's own throwaway data)


async def _admin(sql: str) -> None:
    conn = await asyncpg.connect(f"{PG_BASE}/postgres")
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@contextmanager
def postgres(name: str) -> Iterator[str]:
    """A new, empty database `name` on PG_BASE for the length of the block (one left over by an
    interrupted run is dropped first); its URL."""
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{PG_BASE}/{name}"
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
