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
    csrf_token,
    make_user,
    post,
    sign_in,
)
from tests.support.factories import make_directory
from tests.support.live_server import live_server

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


def _signed_in(client: httpx.Client) -> bool:
    response = client.get("/konsol/antrian")
    return response.status_code == 200


async def test_login_issues_a_new_session_id_and_ignores_a_planted_one(
    server: str, officer: int
) -> None:
    client = httpx.Client(base_url=server, timeout=20)
    client.cookies.set(COOKIE, "planted-by-an-attacker", domain="127.0.0.1", path="/konsol")
    token = csrf_token(client)
    response = client.post(
        "/konsol/masuk",
        data={"username": "petugas.pupr", "password": PASSWORD, "_csrf_token": token},
    )
    assert response.status_code == 303
    issued = response.cookies.get(COOKIE)
    assert issued and issued != "planted-by-an-attacker"
    attacker = httpx.Client(base_url=server, timeout=20)
    attacker.cookies.set(COOKIE, "planted-by-an-attacker", domain="127.0.0.1", path="/konsol")
    assert not _signed_in(attacker)
    # Signing in again replaces the session: the earlier id stops working.
    again = sign_in(server, "petugas.pupr")
    assert _signed_in(again)
    first = httpx.Client(base_url=server, timeout=20)
    first.cookies.set(COOKIE, issued, domain="127.0.0.1", path="/konsol")
    assert _signed_in(first)
    relogin = post(first, "/konsol/masuk", {"username": "petugas.pupr", "password": PASSWORD})
    assert relogin.status_code == 303 and relogin.cookies.get(COOKIE) != issued
    replay = httpx.Client(base_url=server, timeout=20)
    replay.cookies.set(COOKIE, issued, domain="127.0.0.1", path="/konsol")
    assert not _signed_in(replay)


async def test_logout_ends_the_session_on_the_server(server: str, officer: int) -> None:
    client = sign_in(server, "petugas.pupr")
    sid = client.cookies.get(COOKIE)
    assert await StoredValue.count() == 1
    response = post(client, "/konsol/keluar")
    assert response.status_code == 303 and response.headers["location"] == "/konsol/masuk"
    assert await StoredValue.count() == 0
    # A copy of the cookie taken before logout is worth nothing.
    replay = httpx.Client(base_url=server, timeout=20)
    replay.cookies.set(COOKIE, sid, domain="127.0.0.1", path="/konsol")
    assert replay.get("/konsol/antrian").headers["location"].startswith("/konsol/masuk")


async def test_a_disabled_account_is_signed_out_at_once(server: str, officer: int) -> None:
    await make_user("admin", "admin")
    client = sign_in(server, "petugas.pupr")
    admin = sign_in(server, "admin")
    edit = post(
        admin,
        f"/konsol/admin/users/{officer}",
        {"role": "petugas", "agency": "DPUPR", "display_name": "Petugas", "email": ""},
    )  # no "active" box: disabled
    assert edit.status_code == 303
    assert (await User.select(User.active).where(User.id == officer).first())["active"] is False
    assert not _signed_in(client)
    assert await StoredValue.count() == 1  # only the admin's session is left
    token = csrf_token(client)
    denied = client.post(
        "/konsol/masuk",
        data={"username": "petugas.pupr", "password": PASSWORD, "_csrf_token": token},
    )
    assert denied.status_code == 401 and "dinonaktifkan" in denied.text


async def _age_session(*, idle: timedelta = timedelta(0), age: timedelta = timedelta(0)) -> None:
    """Move the one stored session back in time, as if the officer had left it that long."""
    row = await StoredValue.select().first()
    data = json.loads(bytes(row["value"]))
    now = clock.now()
    data["last_seen"] = (now - idle).isoformat()
    data["created_at"] = (now - max(age, idle)).isoformat()
    await StoredValue.update({StoredValue.value: json.dumps(data).encode()}).where(
        StoredValue.id == row["id"]
    )


async def test_idle_and_absolute_timeouts(server: str, officer: int) -> None:
    client = sign_in(server, "petugas.pupr")
    await _age_session(idle=timedelta(minutes=29))
    assert _signed_in(client)
    await _age_session(idle=timedelta(minutes=31))
    assert not _signed_in(client)
    assert await StoredValue.count() == 0

    busy = sign_in(server, "petugas.pupr")
    # Active a minute ago, but signed in eleven hours ago: past the 10-hour absolute limit.
    await _age_session(idle=timedelta(minutes=1), age=timedelta(hours=11))
    assert not _signed_in(busy)


async def test_the_store_entry_itself_expires(server: str, officer: int) -> None:
    client = sign_in(server, "petugas.pupr")
    await StoredValue.update({StoredValue.expires_at: clock.now() - timedelta(seconds=1)}).where(
        StoredValue.id > 0
    )
    assert not _signed_in(client)


async def test_wrong_passwords_lock_the_account(server: str, officer: int) -> None:
    client = httpx.Client(base_url=server, timeout=20)
    for _ in range(4):
        wrong = post(client, "/konsol/masuk", {"username": "petugas.pupr", "password": "salah"})
        assert wrong.status_code == 401 and "salah" in wrong.text.lower()
    locked = post(client, "/konsol/masuk", {"username": "petugas.pupr", "password": "salah"})
    assert locked.status_code == 429
    # Even the right password is refused while the lock holds.
    right = post(client, "/konsol/masuk", {"username": "petugas.pupr", "password": PASSWORD})
    assert right.status_code == 429 and COOKIE not in right.cookies


async def test_every_form_needs_the_csrf_token(server: str, officer: int) -> None:
    client = sign_in(server, "petugas.pupr")
    no_token = client.post("/konsol/keluar")
    assert no_token.status_code == 403
    forged = client.post("/konsol/keluar", data={"_csrf_token": "forged"})
    assert forged.status_code == 403
    assert _signed_in(client)
    stranger = httpx.Client(base_url=server, timeout=20)
    login = stranger.post("/konsol/masuk", data={"username": "petugas.pupr", "password": PASSWORD})
    assert login.status_code == 403 and COOKIE not in login.cookies


def test_failed_logins_from_one_address_are_limited() -> None:
    with live_server(HOTLINE_KONSOL_LOGIN_FAILURES="3") as base:
        client = httpx.Client(base_url=base, timeout=20)
        for name in ("a", "b", "c"):
            assert (
                post(client, "/konsol/masuk", {"username": name, "password": "x"}).status_code
                == 401
            )
        blocked = post(client, "/konsol/masuk", {"username": "d", "password": "x"})
        assert blocked.status_code == 429
