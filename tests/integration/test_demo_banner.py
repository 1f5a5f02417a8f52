"""A demo server (`hotline serve --demo`) says on every page that its data is invented, the
console's sign-in and the citizen's forms included; a real server says it nowhere."""

from __future__ import annotations

from typing import Any, cast

import httpx
import pytest

from hotline.app import create_app
from hotline.web import demo
from tests.integration.citizen.world import wonosobo

BANNER = "Data contoh: semua laporan di server ini hanya rekaan."
PAGES = ("/", "/lapor", "/lacak", "/laporan", "/transparansi", "/konsol/masuk", "/tidak-ada")


@pytest.mark.parametrize("demo_server", [True, False])
async def test_the_banner_is_on_every_page_of_a_demo_server(
    demo_server: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    await wonosobo()
    monkeypatch.setattr(demo, "_demo_server", demo_server)
    # In this process, without the app's start and stop: they would open and close the
    # database pool the tests share (PostgreSQL).
    transport = httpx.ASGITransport(app=cast(Any, create_app()))
    async with httpx.AsyncClient(transport=transport, base_url="http://hotline.test") as client:
        for path in PAGES:
            page = await client.get(path, headers={"Accept": "text/html", "Accept-Language": "id"})
            assert page.status_code in (200, 404), path
            assert (BANNER in page.text) is demo_server, path
