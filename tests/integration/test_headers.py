"""The security headers, through the real app (hotline/web/security.py, docs/DECISIONS.md).

The walk reads the app's own route table: every GET route, its path parameters filled with ids
of real rows, fetched by a stranger, a signed-in reporter on /lacak and every console role. A
route added later is walked without editing this test (a new *kind* of path parameter needs a
value in VALUES, and the test says so).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import httpx
import pytest
from litestar.routes import HTTPRoute

from hotline import clock
from hotline.app import create_app
from hotline.konsol.admin.entities import ENTITIES
from hotline.tickets import storage
from hotline.tickets.tables import Attachment
from tests.integration.citizen.conftest import GENEROUS
from tests.integration.konsol.support import (
    ACCOUNTS,
    PASSWORD,
    World,
    client_for,
    csrf_token,
    make_world,
    post,
    sign_in,
)
from tests.support.live_server import live_server

ABSURD = "99999999999999999999"
PARAM = re.compile(r"{(\w+):\w+}")
# Inline code: a <script> without src or an on…="…" attribute; a <style> element or a style="…"
# attribute. A page carrying what its own policy refuses would break in the browser.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>|\son[a-z]+\s*=", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style[\s>]|\sstyle\s*=", re.IGNORECASE)
# The transparency pages' charts are matplotlib SVG, styled inline (hotline/web/security.py).
INLINE_STYLE_ALLOWED = ("/transparansi",)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with live_server(**GENEROUS) as base:
        yield base


@dataclass
class Visitors:
    world: World
    attachment: int
    clients: dict[str, httpx.AsyncClient]


async def _attachment(ticket_id: int) -> int:
    stored = storage.store_bytes(b"RIFF....WAVEfmt fake recording", suffix=".wav")
    rows = await Attachment.insert(
        Attachment(
            ticket=ticket_id,
            kind="recording",
            content_type="audio/wav",
            size=stored.size,
            sha256=stored.sha256,
            storage_path=stored.path,
            created_at=clock.now(),
        )
    ).returning(Attachment.id)
    return int(rows[0]["id"])


async def _reporter(server: str, reference: str, pin: str) -> httpx.AsyncClient:
    client = client_for(server)
    token = await csrf_token(client, "/lacak")
    signed = await client.post(
        "/lacak", data={"reference": reference, "pin": pin, "_csrf_token": token}
    )
    assert signed.status_code == 303, signed.text
    return client


@pytest.fixture
async def visitors(server: str) -> AsyncIterator[Visitors]:
    world = await make_world()
    attachment = await _attachment(world.publik.ticket_id)
    stranger = client_for(server)
    await csrf_token(stranger)
    clients = {"stranger": stranger}
    clients["reporter"] = await _reporter(server, world.publik.reference, world.publik.pin)
    for username in ACCOUNTS:
        clients[username] = await sign_in(server, username)
    yield Visitors(world, attachment, clients)
    for client in clients.values():
        await client.aclose()


def _values(v: Visitors) -> dict[str, list[str]]:
    """Real values for each kind of path parameter the app has."""
    return {
        "ticket_id": [str(v.world.publik.ticket_id)],
        "attachment_id": [str(v.attachment)],
        "item_id": [str(v.world.directory.dinkes)],
        "slug": list(ENTITIES),
        "ref": [v.world.publik.reference],
        "service_request_id": [v.world.publik.reference],
        "service_code": ["JALAN-RUSAK"],
        "code": ["DPUPR"],
        "name": [clock.now().strftime("%Y-%m")],  # /transparansi/{month}, /ivr/audio/…/{name}
        "locale": ["id"],
        "rest": ["tidak-ada"],
        "file_path": ["hotline.css"],
        "path": ["openapi.json"],  # /schema/{path}
        # Quality monitoring (none exist in this world: their pages answer 404 or 403).
        "call_sid": ["CA0000000000000000000000000000000"],
        "evaluation_id": ["1"],
        "session_id": ["1"],
        # A roster's shift and a survey (none exist in this world: 404).
        "shift_id": ["1"],
        "recording_sid": ["RE" + "0" * 32],
        "token": ["tidak-ada"],
    }


def get_paths(values: dict[str, list[str]]) -> dict[str, list[str]]:
    """Every GET route of the app, with the URLs that walk it."""
    app = create_app()
    walked: dict[str, list[str]] = {}
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or "GET" not in route.methods:
            continue
        names = PARAM.findall(route.path)
        missing = [n for n in names if n not in values]
        assert not missing, f"{route.path}: give {missing} a real value in _values()"
        urls = []
        for combo in itertools.product(*(values[n] for n in names)):
            url = route.path
            for name, value in zip(names, combo, strict=True):
                url = re.sub(r"{" + name + r":\w+}", value, url)
            urls.append(url)
        walked[route.path] = urls
    return walked


def _check(url: str, who: str, response: httpx.Response) -> list[str]:
    wrong = []
    h = response.headers
    where = f"{who} GET {url} ({response.status_code})"
    if h.get("x-content-type-options") != "nosniff":
        wrong.append(f"{where}: no nosniff")
    if url.startswith(("/konsol", "/lacak")) and h.get("cache-control") != "no-store":
        wrong.append(f"{where}: Cache-Control {h.get('cache-control')!r}")
    if not h.get("content-type", "").startswith("text/html"):
        return wrong
    csp = {
        d.strip().split(" ", 1)[0]: d.strip()
        for d in h.get("content-security-policy", "").split(";")
    }
    if csp.get("default-src") != "default-src 'self'":
        wrong.append(f"{where}: CSP default-src {csp.get('default-src')!r}")
    if csp.get("frame-ancestors") != "frame-ancestors 'none'":
        wrong.append(f"{where}: CSP frame-ancestors {csp.get('frame-ancestors')!r}")
    if csp.get("script-src") != "script-src 'self'":
        wrong.append(f"{where}: CSP {csp.get('script-src')!r}")
    style_src = csp.get("style-src", "")
    if "'unsafe-inline'" in style_src and not url.startswith(INLINE_STYLE_ALLOWED):
        wrong.append(f"{where}: CSP {style_src!r}")
    if found := INLINE_SCRIPT.search(response.text):
        wrong.append(f"{where}: inline script the CSP refuses: {found.group(0)!r}")
    if "'unsafe-inline'" not in style_src and (found := INLINE_STYLE.search(response.text)):
        wrong.append(f"{where}: inline style the CSP refuses: {found.group(0)!r}")
    if h.get("x-frame-options") != "DENY":
        wrong.append(f"{where}: X-Frame-Options {h.get('x-frame-options')!r}")
    if h.get("referrer-policy") not in ("no-referrer", "same-origin"):
        wrong.append(f"{where}: Referrer-Policy {h.get('referrer-policy')!r}")
    return wrong


async def test_every_html_response_of_every_get_route_has_the_security_headers(
    visitors: Visitors,
) -> None:
    walked = get_paths(_values(visitors))
    assert "/konsol/tiket/{ticket_id:int}" in walked and "/lapor" in walked
    wrong: list[str] = []
    pages_seen: set[str] = set()
    for route, urls in walked.items():
        for url, (who, client) in itertools.product(urls, visitors.clients.items()):
            response = await client.get(url)
            html = response.headers.get("content-type", "").startswith("text/html")
            if html and response.status_code == 200:
                pages_seen.add(route)
            wrong += _check(url, who, response)
    assert not wrong, "\n".join(wrong)
    # The walk reached real pages, not only sign-in redirects and error pages.
    for route in (
        "/",
        "/lapor",
        "/lacak",
        "/konsol/tiket/{ticket_id:int}",
        "/konsol/admin/{slug:str}",
    ):
        assert route in pages_seen, route


async def test_console_and_the_reporters_pages_are_never_stored(visitors: Visitors) -> None:
    officer = visitors.clients["petugas.pupr"]
    ticket = visitors.world.publik.ticket_id
    responses = [
        await officer.get("/konsol/antrian"),
        await officer.get(f"/konsol/tiket/{ticket}"),
        await officer.get(f"/konsol/lampiran/{visitors.attachment}"),
        await post(officer, f"/konsol/tiket/{ticket}/identitas"),  # shows the reporter's name
        await visitors.clients["stranger"].get("/konsol/masuk"),
        await visitors.clients["reporter"].get("/lacak"),
    ]
    assert [r.status_code for r in responses] == [200] * len(responses)
    assert "Pelapor publik" in responses[3].text
    assert "Jalan berlubang" in responses[5].text  # the reporter's own words
    for response in responses:
        assert response.headers["cache-control"] == "no-store", response.url


async def test_an_absurd_id_is_not_found(visitors: Visitors) -> None:
    verifier = visitors.clients["verif"]
    admin = visitors.clients["admin"]
    for client, path in [
        (verifier, f"/konsol/tiket/{ABSURD}"),
        (verifier, "/konsol/tiket/9999999999"),  # past PostgreSQL's integer, within SQLite's
        (verifier, f"/konsol/lampiran/{ABSURD}"),
        (admin, f"/konsol/admin/agencies/{ABSURD}"),
        (visitors.clients["reporter"], f"/lacak/lampiran/{ABSURD}"),
    ]:
        response = await client.get(path)
        assert response.status_code == 404, (path, response.status_code)
    acted = await post(verifier, f"/konsol/tiket/{ABSURD}/aksi/note", {"body": "Cek lokasi."})
    assert acted.status_code == 404
    # Ids in queries and forms: no such thing, never a 500.
    for query in ("category", "page"):
        listed = await verifier.get(f"/konsol/verifikasi?{query}={ABSURD}")
        assert listed.status_code == 200, (query, listed.status_code)
    officer = visitors.clients["petugas.pupr"]
    assert (await officer.get(f"/konsol/antrian?assignee={ABSURD}")).status_code == 200


def _cookie(response: httpx.Response, name: str) -> str:
    found = [c for c in response.headers.get_list("set-cookie") if c.startswith(name + "=")]
    assert found, (name, response.headers.get_list("set-cookie"))
    return found[0]


async def _form_post(client: httpx.AsyncClient, path: str, data: dict[str, str]) -> httpx.Response:
    """A form post by a browser that got its CSRF cookie over https (a client over plain http
    would not send a Secure cookie back, so it is sent by hand)."""
    form = await client.get(path)
    csrf = _cookie(form, "hotline_csrf").split(";")[0]
    token = re.search(r'name="_csrf_token" value="([^"]+)"', form.text)
    assert token
    return await client.post(
        path, data={**data, "_csrf_token": token.group(1)}, headers={"Cookie": csrf}
    )


async def test_cookies_are_secure_under_an_https_public_url() -> None:
    world = await make_world()
    with live_server(HOTLINE_PUBLIC_URL="https://hotline.example.go.id") as base:
        async with client_for(base) as client:
            assert "Secure" in _cookie(await client.get("/lacak"), "hotline_csrf")
            staff = await _form_post(
                client, "/konsol/masuk", {"username": "verif", "password": PASSWORD}
            )
            assert staff.status_code == 303
            assert "Secure" in _cookie(staff, "hotline_konsol")
            publik = world.publik
            reporter = await _form_post(
                client, "/lacak", {"reference": publik.reference, "pin": publik.pin}
            )
            assert reporter.status_code == 303
            assert "Secure" in _cookie(reporter, "hotline_lacak")
    with live_server() as base:  # plain http, as in development: no Secure, or nothing works
        async with client_for(base) as client:
            assert "Secure" not in _cookie(await client.get("/lacak"), "hotline_csrf")
