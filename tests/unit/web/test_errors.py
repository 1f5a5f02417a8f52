"""The one error renderer (hotline/web/errors.py) on a small app of its own: a bug is a 500 in
the route's declared form and the visitor's language, never a trace; our errors keep their
status, message and headers. The whole app's errors are tested over HTTP in
tests/integration/test_errors.py and test_database_away.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar import Litestar, Router, get, route
from litestar.testing import TestClient

from hotline.errors import Conflict, RateLimited
from hotline.i18n import N_
from hotline.ivr.routes import twiml_error
from hotline.web.errors import EXCEPTION_HANDLERS, Page, problem, renders
from hotline.web.templating import template_config


@route("/bug", http_method=["GET", "POST"])
async def bug() -> None:
    raise RuntimeError("a bug: the visitor must not see this")


@get("/busy")
async def busy() -> None:
    raise RateLimited(N_("Too many requests"), limit=3, retry_after=42)


@route("/taken", http_method=["GET", "POST"])
async def taken() -> None:
    raise Conflict(N_("This cannot be done"))


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient[Litestar]]:
    app = Litestar(
        route_handlers=[
            Router("/halaman", route_handlers=[bug, busy, taken], opt=renders(Page())),
            Router("/api", route_handlers=[bug, busy], opt=renders(problem)),
            Router("/ivr", route_handlers=[bug, taken], opt=renders(twiml_error)),
        ],
        exception_handlers=EXCEPTION_HANDLERS,
        template_config=template_config(),
    )
    with TestClient(app) as test_client:
        yield test_client


def test_a_bug_on_a_page_is_a_500_page_in_the_visitors_language(client: TestClient) -> None:
    page = client.get("/halaman/bug")
    assert page.status_code == 500
    assert page.headers["content-type"].startswith("text/html")
    assert '<html lang="id">' in page.text and "Terjadi kesalahan" in page.text
    assert "a bug" not in page.text
    english = client.get("/halaman/bug", headers={"Accept-Language": "en"})
    assert "Something went wrong on our side" in english.text


def test_a_bug_under_an_api_is_a_json_problem(client: TestClient) -> None:
    response = client.get("/api/bug", headers={"Accept": "text/html"})  # the route decides
    assert response.status_code == 500
    assert response.json()["error"] == "InternalError"
    assert "a bug" not in response.text


def test_a_spent_quota_says_when_to_come_back(client: TestClient) -> None:
    for path in ("/halaman/busy", "/api/busy"):
        response = client.get(path)
        assert response.status_code == 429
        assert response.headers["retry-after"] == "42"
        assert response.headers["ratelimit-limit"] == "3"
        assert response.headers["ratelimit-reset"] == "42"


def test_our_errors_keep_their_status_and_message(client: TestClient) -> None:
    page = client.get("/halaman/taken", headers={"Accept-Language": "en"})
    assert page.status_code == 409 and "This cannot be done" in page.text
    assert page.headers["cache-control"] == "no-store"


def test_a_bug_on_the_phone_line_is_the_spoken_apology_not_a_500(client: TestClient) -> None:
    # Twilio plays TwiML only from a 2xx; on a 5xx it says "an application error" and hangs up.
    answer = client.post("/ivr/bug")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/xml")
    assert "<Say" in answer.text and "<Record" in answer.text
    refused = client.post("/ivr/taken")
    assert refused.status_code == 409 and "<Response" in refused.text
