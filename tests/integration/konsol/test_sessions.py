"""Staff sessions through the real app: fixation, logout, a disabled account, idle and absolute
expiry, lockout and CSRF. The session store is the database (no Redis in these tests)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest

from hotline import clock
from hotline.accounts.tables import StoredValue, User
from tests.integration.konsol.support import (
    PASSWORD,
    client_for,
    csrf_token,
    make_user,
    post,
    sign_in,
)
from tests.support.factories import make_directory
from tests.support.live_server import live_server
from tests.support.rows import one

COOKIE = "hotline_konsol"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    # A generous per-address limit: these tests fail logins on purpose and share one server.
    with live_server(HOTLINE_KONSOL_LOGIN_FAILURES="1000") as base:
        yield base


@pytest.fixture
async def officer() -> int:
    await make_directory()
    return await make_user("petugas.pupr", "petugas", "DPUPR")


async def _signed_in(client: httpx.AsyncClient) -> bool:
    response = await client.get("/konsol/antrian")
    return response.status_code == 200


async def test_login_issues_a_new_session_id_and_ignores_a_planted_one(
    server: str, officer: int
) -> None:
    client = client_for(server)
    client.cookies.set(COOKIE, "planted-by-an-attacker", domain="127.0.0.1", path="/konsol")
    token = await csrf_token(client)
    response = await client.post(
        "/konsol/masuk",
        data={"username": "petugas.pupr", "password": PASSWORD, "_csrf_token": token},
    )
    assert response.status_code == 303
    issued = response.cookies.get(COOKIE)
    assert issued and issued != "planted-by-an-attacker"
    attacker = client_for(server)
    attacker.cookies.set(COOKIE, "planted-by-an-attacker", domain="127.0.0.1", path="/konsol")
    assert not await _signed_in(attacker)
    # Signing in again replaces the session: the earlier id stops working.
    again = await sign_in(server, "petugas.pupr")
    assert await _signed_in(again)
    first = client_for(server)
    first.cookies.set(COOKIE, issued, domain="127.0.0.1", path="/konsol")
    assert await _signed_in(first)
    relogin = await post(first, "/konsol/masuk", {"username": "petugas.pupr", "password": PASSWORD})
    assert relogin.status_code == 303 and relogin.cookies.get(COOKIE) != issued
    replay = client_for(server)
    replay.cookies.set(COOKIE, issued, domain="127.0.0.1", path="/konsol")
    assert not await _signed_in(replay)


async def test_logout_ends_the_session_on_the_server(server: str, officer: int) -> None:
    client = await sign_in(server, "petugas.pupr")
    sid = client.cookies.get(COOKIE)
    assert sid is not None
    assert await StoredValue.count() == 1
    response = await post(client, "/konsol/keluar")
    assert response.status_code == 303 and response.headers["location"] == "/konsol/masuk"
    assert await StoredValue.count() == 0
    # A copy of the cookie taken before logout is worth nothing.
    replay = client_for(server)
    replay.cookies.set(COOKIE, sid, domain="127.0.0.1", path="/konsol")
    assert (await replay.get("/konsol/antrian")).headers["location"].startswith("/konsol/masuk")


async def test_a_disabled_account_is_signed_out_at_once(server: str, officer: int) -> None:
    await make_user("admin", "admin")
    client = await sign_in(server, "petugas.pupr")
    admin = await sign_in(server, "admin")
    edit = await post(
        admin,
        f"/konsol/admin/users/{officer}",
        {"role": "petugas", "agency": "DPUPR", "display_name": "Petugas", "email": ""},
    )  # no "active" box: disabled
    assert edit.status_code == 303
    assert (await one(User.select(User.active).where(User.id == officer).first()))[
        "active"
    ] is False
    assert not await _signed_in(client)
    assert await StoredValue.count() == 1  # only the admin's session is left
    token = await csrf_token(client)
    denied = await client.post(
        "/konsol/masuk",
        data={"username": "petugas.pupr", "password": PASSWORD, "_csrf_token": token},
    )
    assert denied.status_code == 401 and "dinonaktifkan" in denied.text


async def _age_session(*, idle: timedelta = timedelta(0), age: timedelta = timedelta(0)) -> None:
    """Move the one stored session back in time, as if the officer had left it that long."""
    row = await StoredValue.select().first()
    assert row is not None
    data = json.loads(bytes(row["value"]))
    now = clock.now()
    data["last_seen"] = (now - idle).isoformat()
    data["created_at"] = (now - max(age, idle)).isoformat()
    await StoredValue.update({StoredValue.value: json.dumps(data).encode()}).where(
        StoredValue.id == row["id"]
    )


async def test_idle_and_absolute_timeouts(server: str, officer: int) -> None:
    client = await sign_in(server, "petugas.pupr")
    await _age_session(idle=timedelta(minutes=29))
    assert await _signed_in(client)
    await _age_session(idle=timedelta(minutes=31))
    assert not await _signed_in(client)
    assert await StoredValue.count() == 0

    busy = await sign_in(server, "petugas.pupr")
    # Active a minute ago, but signed in eleven hours ago: past the 10-hour absolute limit.
    await _age_session(idle=timedelta(minutes=1), age=timedelta(hours=11))
    assert not await _signed_in(busy)


async def test_the_store_entry_itself_expires(server: str, officer: int) -> None:
    client = await sign_in(server, "petugas.pupr")
    await StoredValue.update({StoredValue.expires_at: clock.now() - timedelta(seconds=1)}).where(
        StoredValue.id > 0
    )
    assert not await _signed_in(client)


async def test_wrong_passwords_lock_the_address_out_of_the_account(
    server: str, officer: int
) -> None:
    client = client_for(server)
    client.headers["X-Forwarded-For"] = "10.50.0.1"  # another address than the other tests'
    for _ in range(4):
        wrong = await post(
            client, "/konsol/masuk", {"username": "petugas.pupr", "password": "salah"}
        )
        assert wrong.status_code == 401 and "salah" in wrong.text.lower()
    locked = await post(client, "/konsol/masuk", {"username": "petugas.pupr", "password": "salah"})
    assert locked.status_code == 429
    # Even the right password is refused from that address while the lock holds ...
    right = await post(client, "/konsol/masuk", {"username": "petugas.pupr", "password": PASSWORD})
    assert right.status_code == 429 and COOKIE not in right.cookies
    # ... but not from the officer's own (tests/integration/konsol/test_access_audit.py has more).
    await sign_in(server, "petugas.pupr")


async def test_every_form_needs_the_csrf_token(server: str, officer: int) -> None:
    client = await sign_in(server, "petugas.pupr")
    no_token = await client.post("/konsol/keluar")
    assert no_token.status_code == 403
    forged = await client.post("/konsol/keluar", data={"_csrf_token": "forged"})
    assert forged.status_code == 403
    assert await _signed_in(client)
    stranger = client_for(server)
    login = await stranger.post(
        "/konsol/masuk", data={"username": "petugas.pupr", "password": PASSWORD}
    )
    assert login.status_code == 403 and COOKIE not in login.cookies


async def test_failed_logins_from_one_address_are_limited() -> None:
    with live_server(HOTLINE_KONSOL_LOGIN_FAILURES="3") as base:
        client = client_for(base)
        for name in ("a", "b"):
            failed = await post(client, "/konsol/masuk", {"username": name, "password": "x"})
            assert failed.status_code == 401
        # The failure that reaches the limit already says so.
        third = await post(client, "/konsol/masuk", {"username": "c", "password": "x"})
        assert third.status_code == 429
        blocked = await post(client, "/konsol/masuk", {"username": "d", "password": "x"})
        assert blocked.status_code == 429
