"""The real app over HTTP: health, readiness, the home page in both languages, the API schema."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.support.live_server import free_port, live_server


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with live_server() as base:
        yield base


def test_health_and_readiness(server: str) -> None:
    assert httpx.get(server + "/health").json() == {"status": "ok"}
    ready = httpx.get(server + "/health/ready")
    assert ready.status_code == 200 and ready.json()["database"] == "ok"


def test_home_page_is_indonesian_by_default_and_english_on_request(server: str) -> None:
    page = httpx.get(server + "/")
    assert page.status_code == 200
    assert '<html lang="id">' in page.text
    assert "Laporkan masalah layanan publik" in page.text
    english = httpx.get(server + "/?lang=en")
    assert '<html lang="en">' in english.text
    assert "Report a problem with a public service" in english.text
    assert "hotline_lang=en" in english.headers.get("set-cookie", "")
    by_header = httpx.get(server + "/", headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert '<html lang="en">' in by_header.text


def test_openapi_schema_is_served(server: str) -> None:
    schema = httpx.get(server + "/schema/openapi.json").json()
    assert schema["info"]["title"] == "Hotline"
    assert "/health/ready" in schema["paths"]


def test_unknown_path_is_a_json_404(server: str) -> None:
    response = httpx.get(server + "/tidak-ada")
    assert response.status_code == 404
    assert response.json()["error"] == "NotFoundException"


def test_not_ready_when_the_database_is_unreachable() -> None:
    dead = f"postgresql://postgres@127.0.0.1:{free_port()}/nowhere"
    with live_server(HOTLINE_DATABASE_URL=dead, HOTLINE_SECRET_KEY="x" * 20) as base:
        assert httpx.get(base + "/health").status_code == 200
        ready = httpx.get(base + "/health/ready", timeout=10)
        assert ready.status_code == 503
        assert ready.json()["status"] == "unavailable"
