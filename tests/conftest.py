"""Test set-up shared by every test: which database engine, and a fresh database per test.

The engine is chosen by HOTLINE_TEST_ENGINE (sqlite | postgres), so the same suite runs on both
(`make test`, `make test-postgres`). Every test database is built by running the real
migrations once per session; each integration test then starts from that empty, migrated
database (SQLite: a copy of the migrated file; PostgreSQL: TRUNCATE of every table).
The environment is set before anything from hotline is imported.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from pathlib import Path

ENGINE = os.environ.get("HOTLINE_TEST_ENGINE", "sqlite")
TMP = Path(tempfile.mkdtemp(prefix="hotline-test-"))
PG_BASE = os.environ.get("HOTLINE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
PG_NAME = f"hotline_test_{os.getpid()}"

if ENGINE == "postgres":
    os.environ["HOTLINE_DATABASE_URL"] = f"{PG_BASE}/{PG_NAME}"
else:
    os.environ["HOTLINE_DATABASE_URL"] = f"sqlite:///{TMP}/test.sqlite3"
os.environ["HOTLINE_SECRET_KEY"] = "test-secret-key-not-for-production"
# Plain http, as the test servers are reached (http://127.0.0.1:port): under an https public URL
# every cookie is Secure, and neither httpx nor the browser sends those back over http. The test
# of Secure cookies (tests/integration/test_headers.py) starts its own https-configured server.
os.environ["HOTLINE_PUBLIC_URL"] = "http://hotline.example.go.id"
os.environ["HOTLINE_ATTACHMENTS_DIR"] = str(TMP / "attachments")
for name in list(os.environ):
    # A developer's own HOTLINE_* settings must not leak into the tests.
    if name.startswith("HOTLINE_") and name not in {
        "HOTLINE_DATABASE_URL",
        "HOTLINE_SECRET_KEY",
        "HOTLINE_PUBLIC_URL",
        "HOTLINE_ATTACHMENTS_DIR",
        "HOTLINE_TEST_ENGINE",
        "HOTLINE_TEST_POSTGRES",
    }:
        del os.environ[name]

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

pytest_plugins = ["tests.support.browser"]

# Property tests assert behaviour, not the machine's speed: Hypothesis's per-example deadline
# (200 ms) failed them on a busy two-core machine although every example was right.
settings.register_profile("hotline", deadline=None)
settings.load_profile("hotline")


async def _admin_pg(sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(f"{PG_BASE}/postgres")
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def pytest_configure(config: pytest.Config) -> None:
    if ENGINE == "postgres":
        asyncio.run(_admin_pg(f'DROP DATABASE IF EXISTS "{PG_NAME}"'))
        asyncio.run(_admin_pg(f'CREATE DATABASE "{PG_NAME}"'))


def pytest_unconfigure(config: pytest.Config) -> None:
    if ENGINE == "postgres":
        asyncio.run(_admin_pg(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)'))
    shutil.rmtree(TMP, ignore_errors=True)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "postgres_only" in item.keywords and ENGINE != "postgres":
            # Said plainly in the report, and run for real by `make test-postgres`.
            item.add_marker(pytest.mark.skip(reason="PostgreSQL only: runs in make test-postgres"))
