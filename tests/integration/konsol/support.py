"""The console's test world: the directory of tests/support/factories.py, one account per role
(and per agency for officers), reports at every privacy level, and a signed-in HTTP client."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import httpx

from hotline import clock
from hotline.accounts.service import hash_password
from hotline.accounts.tables import User
from hotline.directory.tables import Agency
from hotline.tickets.channels import Channel
from hotline.tickets.privacy import Privacy
from hotline.tickets.service import CreatedReport
from tests.support.factories import Directory, file_report, make_directory
from tests.support.rows import one

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
        users[username] = await make_user(username, role, agency)
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


@lru_cache(maxsize=1)
def password_hash() -> str:
    # argon2id is slow on purpose (seconds on a busy test machine): hash the test password once.
    return hash_password(PASSWORD)


async def make_user(username: str, role: str, agency_code: str | None = None) -> int:
    agency = None
    if agency_code:
        agency = (await one(Agency.select(Agency.id).where(Agency.code == agency_code).first()))[
            "id"
        ]
    rows = await User.insert(
        User(
            username=username,
            display_name=username.title(),
            password_hash=password_hash(),
            role=role,
            agency=agency,
            created_at=clock.now(),
        )
    ).returning(User.id)
    return int(rows[0]["id"])


async def csrf_token(client: httpx.AsyncClient, path: str = "/konsol/masuk") -> str:
    page = await client.get(path)
    found = CSRF.search(page.text)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def client_for(base: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=base, follow_redirects=False, timeout=30)


async def sign_in(base: str, username: str, password: str = PASSWORD) -> httpx.AsyncClient:
    client = client_for(base)
    token = await csrf_token(client)
    response = await client.post(
        "/konsol/masuk",
        data={"username": username, "password": password, "_csrf_token": token},
    )
    assert response.status_code == 303, (username, response.status_code, response.text[:500])
    return client


async def post(
    client: httpx.AsyncClient, path: str, data: dict[str, str] | None = None
) -> httpx.Response:
    """A form post as the browser makes it, with the CSRF token its pages carry."""
    token = await csrf_token(client)
    return await client.post(path, data={**(data or {}), "_csrf_token": token})
