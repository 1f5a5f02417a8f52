"""The console's test world: the directory of tests/support/factories.py, one account per role
(and per agency for officers), reports at every privacy level, and a signed-in HTTP client."""

from __future__ import annotations

import re
from dataclasses import dataclass

import httpx

from hotline.accounts.service import create_user
from hotline.tickets.channels import Channel
from hotline.tickets.privacy import Privacy
from hotline.tickets.service import CreatedReport
from tests.support.factories import Directory, file_report, make_directory

PASSWORD = "kata-sandi-rahasia-2026"
CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')

# username -> (role, agency code or None)
ACCOUNTS = {
    "verif": ("verifikator", None),
    "petugas.pupr": ("petugas", "DPUPR"),
    "petugas2.pupr": ("petugas", "DPUPR"),
    "petugas.dinkes": ("petugas", "DINKES"),
    "sup.pupr": ("supervisor", "DPUPR"),
    "operator": ("operator", None),
    "admin": ("admin", None),
}


@dataclass
class World:
    directory: Directory
    users: dict[str, int]
    publik: CreatedReport  # with DPUPR
    anonim: CreatedReport  # with DPUPR
    rahasia: CreatedReport  # with DPUPR
    unrouted: CreatedReport  # in verification
    dinkes: CreatedReport  # with DINKES


async def make_world() -> World:
    from hotline.tickets.lifecycle import Action
    from hotline.tickets.service import perform
    from tests.support.factories import STAFF

    directory = await make_directory()
    users = {}
    for username, (role, agency) in ACCOUNTS.items():
        users[username] = await create_user(
            username=username,
            password=PASSWORD,
            role=role,
            agency_code=agency,
            display_name=username.title(),
        )
    reports = {}
    for privacy in Privacy:
        report = await file_report(privacy=privacy, name=f"Pelapor {privacy.value}")
        await perform(report.ticket_id, Action.DISPATCH, actor=STAFF, agency_id=directory.pupr)
        reports[privacy] = report
    unrouted = await file_report(channel=Channel.TELEPON, category=None)
    dinkes = await file_report(name="Pelapor Dinkes")
    await perform(dinkes.ticket_id, Action.DISPATCH, actor=STAFF, agency_id=directory.dinkes)
    return World(
        directory,
        users,
        reports[Privacy.PUBLIK],
        reports[Privacy.ANONIM],
        reports[Privacy.RAHASIA],
        unrouted,
        dinkes,
    )


def csrf_token(client: httpx.Client, path: str = "/konsol/masuk") -> str:
    page = client.get(path)
    found = CSRF.search(page.text)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def sign_in(base: str, username: str, password: str = PASSWORD) -> httpx.Client:
    client = httpx.Client(base_url=base, follow_redirects=False, timeout=20)
    token = csrf_token(client)
    response = client.post(
        "/konsol/masuk",
        data={"username": username, "password": password, "_csrf_token": token},
    )
    assert response.status_code == 303, (username, response.status_code, response.text[:500])
    return client


def post(client: httpx.Client, path: str, data: dict[str, str] | None = None) -> httpx.Response:
    """A form post as the browser makes it: with the CSRF token of the console."""
    token = client.cookies.get("hotline_csrf") or csrf_token(client, "/konsol/masuk")
    return client.post(path, data={**(data or {}), "_csrf_token": _form_token(client, token)})


def _form_token(client: httpx.Client, cookie_token: str) -> str:
    # Litestar checks the form token against the cookie; a token from any page of this browser
    # session matches it.
    return csrf_token(client, "/konsol/masuk")
