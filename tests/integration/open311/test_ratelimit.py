"""Quotas over HTTP: an API key's requests_per_minute, shared by every replica through Redis;
reads without a key are limited per client address; the refusal is a 429 error list with
Retry-After.

A quota counts per clock minute, so each check runs inside one minute: if the minute turned
while it ran, it runs again with a fresh key (no sleeping, no timing asserted)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterator

import httpx
import pytest

from hotline.accounts.service import create_api_key
from tests.integration.open311.conftest import make_world
from tests.support.live_server import live_server
from tests.support.open311 import assert_same

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[str, str]]:
    """Two replicas sharing Redis, with a small quota for reads without a key."""
    env = {"HOTLINE_REDIS_URL": REDIS_URL, "HOTLINE_OPEN311_RATE_PER_MINUTE": "3"}
    with live_server(**env) as one, live_server(**env) as two:
        yield one + "/open311/v2", two + "/open311/v2"


async def within_one_minute(check: Callable[[], Awaitable[None]]) -> None:
    for _ in range(3):
        minute = int(time.time() // 60)
        try:
            await check()
        except AssertionError:
            if int(time.time() // 60) != minute:
                continue  # the window turned mid-check: the counts started again
            raise
        return
    raise AssertionError("the minute turned during every attempt")


async def test_a_keys_quota_is_shared_by_the_replicas(servers: tuple[str, str]) -> None:
    await make_world()
    one, two = servers

    async def check() -> None:
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
            refused = await client.get(
                f"{two}/services.json", params={"api_key": key, "locale": "en"}
            )
            assert refused.status_code == 429
            seconds = int(refused.headers["Retry-After"])
            assert 1 <= seconds <= 60
            assert refused.json() == [
                {
                    "code": 429,
                    "description": f"Too many requests: at most 4 a minute. Try again in {seconds} seconds.",
                }
            ]
            as_xml = await client.get(f"{one}/services.xml", params={"api_key": key})
            assert as_xml.status_code == 429
            assert_same(
                [
                    {
                        "code": 429,
                        "description": f"Terlalu banyak permintaan: paling banyak 4 per menit. Coba lagi dalam {as_xml.headers['Retry-After']} detik.",
                    }
                ],
                as_xml.content,
                "errors",
            )
            # Another key has its own quota.
            assert (
                await client.get(f"{one}/services.json", params={"api_key": other})
            ).status_code == 200

    await within_one_minute(check)


async def test_posts_count_against_the_key(servers: tuple[str, str]) -> None:
    await make_world()
    one, two = servers

    async def check() -> None:
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

    await within_one_minute(check)


async def test_reads_without_a_key_are_limited_per_address(servers: tuple[str, str]) -> None:
    await make_world()
    one, _ = servers
    # The address's count lives in Redis for the whole minute, whatever ran before in it.
    async with httpx.AsyncClient(timeout=30) as client:
        codes = [(await client.get(f"{one}/discovery.json")).status_code for _ in range(7)]
    # 3 a minute: at most 6 pass even if the minute turns once during the 7 requests.
    assert 429 in codes
    assert codes.count(200) <= 6
