"""Text answers are gzipped for clients that accept it, and nothing else is: the pages are light
on a phone's slow connection, and what is already compressed (PDF, photos) or must answer the
phone line fast (TwiML) is sent as it is. And the site has an icon."""

from __future__ import annotations

import gzip
from collections.abc import Iterator

import httpx
import pytest

from tests.integration.citizen.world import wonosobo
from tests.support.live_server import live_server


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with live_server() as base:
        yield base


def _raw(base: str, path: str, encoding: str | None) -> tuple[httpx.Response, bytes]:
    """The answer and its body as sent, not decoded: its size is what travelled."""
    headers = {"Accept": "text/html", "Accept-Encoding": encoding or "identity"}
    with httpx.Client(base_url=base, timeout=30) as client:
        request = client.build_request("GET", path, headers=headers)
        response = client.send(request, stream=True)
        try:
            return response, b"".join(response.iter_raw())
        finally:
            response.close()


async def test_pages_are_gzipped_for_clients_that_accept_it(server: str) -> None:
    await wonosobo()
    plain, plain_body = _raw(server, "/lapor", None)
    zipped, zipped_body = _raw(server, "/lapor", "gzip, deflate, br")
    assert plain.status_code == zipped.status_code == 200
    assert "content-encoding" not in plain.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in zipped.headers.get("vary", "").lower()
    # The same page (its form's one-time values aside), a quarter of its size or less.
    body = gzip.decompress(zipped_body)
    assert body.startswith(b"<!doctype html>") and b"Buat laporan" in body
    assert abs(len(body) - len(plain_body)) < 200
    assert len(zipped_body) * 4 < len(body)
    # The security headers survive compression.
    assert "default-src 'self'" in zipped.headers["content-security-policy"]


def test_the_phone_line_and_small_answers_are_not_compressed(server: str) -> None:
    health, _ = _raw(server, "/health", "gzip")
    assert health.status_code == 200 and "content-encoding" not in health.headers
    ivr, _ = _raw(server, "/ivr/voice", "gzip")  # unsigned: refused, but never compressed
    assert "content-encoding" not in ivr.headers


def test_the_icon(server: str) -> None:
    with httpx.Client(base_url=server, timeout=30) as client:
        moved = client.get("/favicon.ico")
        assert moved.status_code == 301 and moved.headers["location"] == "/static/favicon.svg"
        icon = client.get("/static/favicon.svg")
        assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg")
        page = client.get("/lacak")
        assert '<link rel="icon" href="/static/favicon.svg"' in page.text
