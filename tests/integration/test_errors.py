"""Errors over HTTP, through the real app: unknown addresses, typed in capitals or not, as a
browser (an HTML page in the visitor's language, in the site's layout) and as an API client (a
JSON problem); each area's errors in its declared form (hotline/web/errors.py)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.support.live_server import live_server

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with live_server() as base:
        yield base


def test_an_unknown_address_is_an_indonesian_page_for_a_browser(server: str) -> None:
    page = httpx.get(server + "/tidak-ada", headers=BROWSER)
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert '<html lang="id">' in page.text
    assert "Halaman tidak ditemukan" in page.text
    assert 'href="/lapor"' in page.text  # the site's layout: its menu, a way on
    assert page.headers["cache-control"] == "no-store"


def test_the_page_follows_the_visitors_language(server: str) -> None:
    english = {**BROWSER, "Accept-Language": "en-GB,en;q=0.8"}
    page = httpx.get(server + "/tidak-ada", headers=english)
    assert page.status_code == 404
    assert '<html lang="en">' in page.text and "Page not found" in page.text
    asked = httpx.get(server + "/tidak-ada?lang=en", headers=BROWSER)
    assert "Page not found" in asked.text


def test_an_api_client_gets_a_json_problem(server: str) -> None:
    response = httpx.get(server + "/tidak-ada", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.json()["error"] == "NotFoundException"


@pytest.mark.parametrize(
    ("typed", "target"),
    [
        ("/Lapor", "/lapor"),
        ("/LACAK", "/lacak"),
        ("/Transparansi?lang=en", "/transparansi?lang=en"),
    ],
)
def test_addresses_people_type_are_matched_whatever_the_case(
    server: str, typed: str, target: str
) -> None:
    moved = httpx.get(server + typed, headers=BROWSER)
    assert moved.status_code == 301
    assert moved.headers["location"] == target
    assert httpx.get(server + typed, headers=BROWSER, follow_redirects=True).status_code == 200


def test_a_form_posted_to_a_capitalised_address_keeps_its_method(server: str) -> None:
    moved = httpx.post(server + "/LAPOR", data={"description": "x"}, headers=BROWSER)
    assert moved.status_code == 308 and moved.headers["location"] == "/lapor"


def test_an_unknown_address_in_capitals_is_still_a_404(server: str) -> None:
    assert httpx.get(server + "/Tidak-Ada", headers=BROWSER).status_code == 404


def test_each_area_renders_its_errors_in_its_own_form(server: str) -> None:
    # The transparency pages: their layout, in English when asked.
    month = httpx.get(server + "/transparansi/1999-13?lang=en", headers=BROWSER)
    assert month.status_code == 404 and "There is no report for this month." in month.text
    assert 'href="/transparansi"' in month.text
    # The console without a session: back to its sign-in form, with where it was going.
    console = httpx.get(server + "/konsol/verifikasi", headers=BROWSER)
    assert console.status_code == 303
    assert console.headers["location"] == "/konsol/masuk?next=/konsol/verifikasi"
    # ... but its JSON poll gets a problem it can read.
    poll = httpx.get(server + "/konsol/pembaruan", headers={"Accept": "application/json"})
    assert poll.status_code == 401 and poll.json()["error"] == "NotSignedIn"
    # Open311: the spec's error list, in the format of the extension, whatever the Accept.
    xml = httpx.get(server + "/open311/v2/requests/123.xml", headers=BROWSER)
    assert xml.status_code == 404 and xml.text.lstrip().startswith("<?xml")
    assert "<errors>" in xml.text
    json = httpx.get(server + "/open311/v2/nothing.json", headers=BROWSER)
    assert json.status_code == 404 and json.json()[0]["code"] == 404


def test_an_unknown_address_inside_an_area_answers_in_that_areas_form(server: str) -> None:
    console = httpx.get(server + "/konsol/tidak-ada", headers=BROWSER)
    assert console.status_code == 404 and "/static/konsol.css" in console.text
    assert 'href="/konsol/masuk"' in console.text
    citizen = httpx.get(server + "/lacak/tidak-ada", headers=BROWSER)
    assert citizen.status_code == 404 and "/static/citizen.css" in citizen.text
    # An API client still gets a problem there; Open311's clients always get its error list.
    assert httpx.get(server + "/lacak/tidak-ada").json()["error"] == "NotFoundException"
    api = httpx.get(server + "/open311/tidak-ada", headers=BROWSER)
    assert api.status_code == 404 and api.json()[0]["code"] == 404
