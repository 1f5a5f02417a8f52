"""Quotas over HTTP: an API key's requests_per_minute, shared by every replica through Redis;
reads without a key are limited per client address; the refusal is a 429 error list with
Retry-After.

A quota counts per minute of the project clock. The replicas run on the test's clock
(tests/support/server_clock.py), standing at 15 s into a minute: a check never straddles two
minutes, and the next minute comes when the test moves the clock (no sleeping, no timing)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from hotline.accounts.service import create_api_key
from tests.integration.open311.conftest import make_world
from tests.support.live_server import live_server
from tests.support.open311 import assert_same
from tests.support.server_clock import ServerClock

REDIS_URL = "redis://127.0.0.1:6379/0"
# Near the real time (the servers also date what they file), at a whole minute.
MINUTE = datetime.now(UTC).replace(second=0, microsecond=0)
AT = MINUTE + timedelta(seconds=15)  # 45 s before the minute ends


@pytest.fixture(scope="module")
def server_clock(tmp_path_factory: pytest.TempPathFactory) -> ServerClock:
    return ServerClock(Path(tmp_path_factory.mktemp("clock")) / "now", AT)


@pytest.fixture(scope="module")
def servers(server_clock: ServerClock) -> Iterator[tuple[str, str]]:
    """Two replicas sharing Redis and a clock, with a small quota for reads without a key."""
    env = {"HOTLINE_REDIS_URL": REDIS_URL, "HOTLINE_OPEN311_RATE_PER_MINUTE": "3"}
    with (
        live_server(server_clock, **env) as one,
        live_server(server_clock, **env) as two,
    ):
        yield one + "/open311/v2", two + "/open311/v2"


async def test_a_keys_quota_is_shared_by_the_replicas(
    servers: tuple[str, str], server_clock: ServerClock
) -> None:
    await make_world()
    one, two = servers
    server_clock.set(AT)
    key = (await create_api_key("terbatas", requests_per_minute=4)).key
    other = (await create_api_key("lain", requests_per_minute=4)).key
    async with httpx.AsyncClient(timeout=30) as client:
        codes = []
        for i in range(4):
            response = await client.get(
                f"{(one, two)[i % 2]}/services.json", params={"api_key": key}
            )
            codes.append(response.status_code)
            assert response.headers["RateLimit-Remaining"] == str(3 - i)
        assert codes == [200, 200, 200, 200]
        refused = await client.get(f"{two}/services.json", params={"api_key": key, "locale": "en"})
        assert refused.status_code == 429
        assert refused.headers["Retry-After"] == "45"  # the rest of the minute
        assert refused.json() == [
            {
                "code": 429,
                "description": "Too many requests: at most 4 a minute. Try again in 45 seconds.",
            }
        ]
        as_xml = await client.get(f"{one}/services.xml", params={"api_key": key})
        assert as_xml.status_code == 429
        assert as_xml.headers["Retry-After"] == "45"
        assert_same(
            [
                {
                    "code": 429,
                    "description": "Terlalu banyak permintaan: paling banyak 4 per menit. Coba lagi dalam 45 detik.",
                }
            ],
            as_xml.content,
            "errors",
        )
        # Another key has its own quota.
        assert (
            await client.get(f"{one}/services.json", params={"api_key": other})
        ).status_code == 200
        # The next minute, the key's quota starts again.
        server_clock.set(MINUTE + timedelta(minutes=1))
        again = await client.get(f"{two}/services.json", params={"api_key": key})
        assert again.status_code == 200
        assert again.headers["RateLimit-Remaining"] == "3"


async def test_posts_count_against_the_key(
    servers: tuple[str, str], server_clock: ServerClock
) -> None:
    await make_world()
    one, two = servers
    server_clock.set(AT)
    key = (await create_api_key("pengirim", requests_per_minute=1)).key
    fields = {
        "api_key": key,
        "service_code": "PJU-MATI",
        "address_string": "Jl. Kauman, Wonosobo",
        "description": "Lampu jalan mati sejak tiga malam, jalan gelap sekali.",
    }
    async with httpx.AsyncClient(timeout=30) as client:
        assert (await client.post(f"{one}/requests.json", data=fields)).status_code == 201
        refused = await client.post(f"{two}/requests.xml", data=fields)
        assert refused.status_code == 429
        assert "<code>429</code>" in refused.text


async def test_reads_without_a_key_are_limited_per_address(
    servers: tuple[str, str], server_clock: ServerClock
) -> None:
    await make_world()
    one, _ = servers
    server_clock.set(AT)
    # The address's count lives in Redis for two minutes, whatever counted in it before (a run of
    # these tests less than two minutes ago), so the first reads may already be refused.
    async with httpx.AsyncClient(timeout=30) as client:
        codes = [(await client.get(f"{one}/discovery.json")).status_code for _ in range(7)]
    # 3 a minute, and the minute cannot turn: at most 3 pass, and none after the first refusal.
    assert 429 in codes
    assert codes.count(200) <= 3
    assert 200 not in codes[codes.index(429) :]
