"""Two replicas of `hotline serve` sharing Redis (HOTLINE_REDIS_URL): a session made on one holds
on the other, a sign-out on one ends it on both, and nothing is kept in the database store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hotline.accounts.tables import StoredValue
from tests.integration.konsol.support import client_for, make_user, post, sign_in
from tests.support.factories import make_directory
from tests.support.live_server import live_server

REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture(scope="module")
def replicas() -> Iterator[tuple[str, str]]:
    with live_server(HOTLINE_REDIS_URL=REDIS) as one, live_server(HOTLINE_REDIS_URL=REDIS) as two:
        yield one, two


async def test_a_session_holds_across_replicas_and_ends_everywhere(
    replicas: tuple[str, str],
) -> None:
    one, two = replicas
    await make_directory()
    await make_user("petugas.pupr", "petugas", "DPUPR")
    first = await sign_in(one, "petugas.pupr")
    second = client_for(two)
    second.cookies.update(first.cookies)
    assert (await second.get("/konsol/antrian")).status_code == 200
    assert await StoredValue.count() == 0  # the session is in Redis, not in the database
    assert (await post(second, "/konsol/keluar")).status_code == 303
    gone = await first.get("/konsol/antrian")
    assert gone.status_code == 303 and gone.headers["location"].startswith("/konsol/masuk")
