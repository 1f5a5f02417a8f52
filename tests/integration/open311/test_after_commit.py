"""Nothing after the commit turns a saved report into an error (issue 16): the database goes away
the moment the report's transaction has committed (the app reaches PostgreSQL through a TCP
proxy that cuts every connection right after answering that COMMIT), and the client still gets
201 with its reference. Before, the notice read the directory after the commit and the POST
answered 500, so a client without an Idempotency-Key filed the report again."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from hotline.tickets.tables import Ticket
from tests.integration.open311.conftest import World
from tests.integration.open311.test_post import form
from tests.support.live_server import live_server
from tests.support.tcp_proxy import TcpProxy

pytestmark = pytest.mark.postgres_only


@pytest.fixture(scope="module")
def proxy() -> Iterator[TcpProxy]:
    target = urlsplit(os.environ["HOTLINE_DATABASE_URL"])
    with TcpProxy(target.hostname or "127.0.0.1", target.port or 5432) as p:
        yield p


@pytest.fixture(scope="module")
def proxied_server(proxy: TcpProxy) -> Iterator[str]:
    target = urlsplit(os.environ["HOTLINE_DATABASE_URL"])
    through_proxy = target._replace(netloc=f"{target.username}@127.0.0.1:{proxy.port}").geturl()
    with live_server(
        HOTLINE_DATABASE_URL=through_proxy, HOTLINE_OPEN311_RATE_PER_MINUTE="100000"
    ) as base:
        yield base + "/open311/v2"


@pytest.fixture
async def proxied_api(proxied_server: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=proxied_server, timeout=30) as client:
        yield client


async def test_the_database_lost_after_the_commit_still_answers_201(
    proxied_api: httpx.AsyncClient, proxy: TcpProxy, world: World
) -> None:
    proxy.cut_after(b'INSERT INTO "open311_submission"', b"COMMIT")
    try:
        response = await proxied_api.post("/requests.json", data=form(world))
    finally:
        proxy.restore()
    assert response.status_code == 201, response.text
    (answer,) = response.json()
    reference = answer["service_request_id"]
    # The receipt, from what the transaction returned; who has it could not be read just now.
    assert reference in answer["service_notice"] and "PIN" in answer["service_notice"]
    assert [t["reference"] for t in await Ticket.select(Ticket.reference)] == [reference]
