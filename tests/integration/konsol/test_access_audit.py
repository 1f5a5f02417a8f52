"""Staff sign-in through the real app: failed sign-ins lock the address that fails, not the
officer; many failures from many addresses lock the account and tell the admin; every sign-in,
failure, sign-out and expired session is in the access audit, which the admin reads with the
identity reads at /konsol/admin/riwayat (filtered by account and date, in pages).

Other addresses are X-Forwarded-For headers, which the server trusts from 127.0.0.1 as it
trusts its reverse proxy in production."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from hotline import clock
from hotline.accounts.tables import AccessEvent, StoredValue, User
from hotline.notify.tables import OutboxMessage
from hotline.tickets.tables import TicketEvent
from tests.integration.konsol.support import (
    PASSWORD,
    client_for,
    csrf_token,
    make_user,
    make_world,
    post,
    sign_in,
)
from tests.support.factories import make_directory
from tests.support.live_server import live_server

ACCOUNT_FAILURES = 8  # the account-wide lock, low for the test (50 in production)
WRONG = "tebakan-salah-123"
NEW_PASSWORD = "kata-sandi-baru-2026"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with live_server(HOTLINE_LOGIN_ACCOUNT_FAILURES=str(ACCOUNT_FAILURES)) as base:
        yield base


def _at(base: str, address: str, agent: str = "Mozilla/5.0 (Uji)") -> httpx.AsyncClient:
    client = client_for(base)
    client.headers["X-Forwarded-For"] = address
    client.headers["User-Agent"] = agent
    return client


async def _try(client: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    return await post(client, "/konsol/masuk", {"username": username, "password": password})


async def _events(kind: str) -> list[dict]:
    return (
        await AccessEvent.select()
        .where(AccessEvent.kind == kind)
        .order_by(AccessEvent.id)
        .output(load_json=True)
    )


async def test_a_stranger_cannot_lock_an_officer_out_from_another_address(server: str) -> None:
    await make_directory()
    officer = await make_user("petugas.satu", "petugas", "DPUPR")
    stranger = _at(server, "10.40.0.1", "Penebak/1.0")
    answers = [(await _try(stranger, "petugas.satu", WRONG)).status_code for _ in range(5)]
    assert answers == [401, 401, 401, 401, 429]
    refused = await _try(stranger, "petugas.satu", PASSWORD)  # the right password, locked address
    assert refused.status_code == 429 and "hotline_konsol" not in refused.cookies
    assert "Terlalu banyak kegagalan masuk" in refused.text
    for _ in range(3):  # hammering a locked sign-in is audited once, not once a request
        assert (await _try(stranger, "petugas.satu", WRONG)).status_code == 429
    # The officer, at the office, signs in as usual.
    office = _at(server, "10.40.0.2")
    assert (await _try(office, "petugas.satu", PASSWORD)).status_code == 303

    failed = await _events("sign_in_failed")
    assert len(failed) == 6
    assert {(e["staff"], e["username"], e["address"], e["user_agent"]) for e in failed} == {
        (officer, "petugas.satu", "10.40.0.1", "Penebak/1.0")
    }
    assert [e["data"]["reason"] for e in failed] == ["bad_credentials"] * 5 + ["locked"]
    [signed_in] = await _events("sign_in")
    assert (signed_in["staff"], signed_in["address"]) == (officer, "10.40.0.2")
    # Never a password in the audit, and a name that is no account is not kept either (it may
    # be a password typed into the wrong field).
    await _try(_at(server, "10.40.0.3"), WRONG, WRONG)
    unknown = (await _events("sign_in_failed"))[-1]
    assert unknown["staff"] is None and unknown["username"] == ""
    dump = json.dumps(await AccessEvent.select(), default=str)
    assert WRONG not in dump and PASSWORD not in dump
    assert not await _events("account_locked")


async def test_many_failures_from_many_addresses_lock_the_account_and_tell_the_admin(
    server: str,
) -> None:
    await make_directory()
    officer = await make_user("petugas.dua", "petugas", "DPUPR")
    admin = await make_user("admin.dua", "admin")
    await User.update({User.email: "admin@pemkab.example.go.id"}).where(User.id == admin)
    for n in range(ACCOUNT_FAILURES):
        # Four tries from each address: under the per-address lock, as a campaign would.
        client = _at(server, f"10.41.0.{n // 4}")
        await _try(client, "petugas.dua", WRONG)
    # Now even the right password from an address that never failed is refused ...
    clean = _at(server, "10.41.9.9")
    locked = await _try(clean, "petugas.dua", PASSWORD)
    assert locked.status_code == 429 and "hotline_konsol" not in locked.cookies
    # ... the admin is told: an entry in the access history and an e-mail ...
    [entry] = await _events("account_locked")
    assert entry["staff"] == officer and entry["address"] == "10.41.0.1"
    [mail] = await OutboxMessage.select().where(
        OutboxMessage.recipient == "admin@pemkab.example.go.id"
    )
    assert mail["channel"] == "email" and "petugas.dua" in mail["subject"]
    assert "/konsol/admin/riwayat" in mail["body"] and PASSWORD not in mail["body"]
    page = await (await sign_in(server, "admin.dua")).get("/konsol/admin/riwayat")
    assert "Akun dikunci setelah banyak kegagalan masuk" in page.text
    # ... and other accounts are not affected.
    assert (await _try(clean, "admin.dua", PASSWORD)).status_code == 303
    # The admin sets a new password: the account lock is lifted and the officer signs in.
    admin_session = await sign_in(server, "admin.dua")
    edit = await post(
        admin_session,
        f"/konsol/admin/users/{officer}",
        {
            "role": "petugas",
            "agency": "DPUPR",
            "display_name": "Petugas Dua",
            "email": "",
            "active": "on",
            "password": NEW_PASSWORD,
        },
    )
    assert edit.status_code == 303
    assert (await _try(clean, "petugas.dua", NEW_PASSWORD)).status_code == 303


async def _age_session(user_id: int, idle: timedelta) -> None:
    """Move this account's stored session back in time, as if left open that long."""
    for row in await StoredValue.select():
        data = json.loads(bytes(row["value"]))
        if data["user_id"] != user_id:
            continue
        data["last_seen"] = (clock.now() - idle).isoformat()
        data["created_at"] = (clock.now() - idle).isoformat()
        await StoredValue.update({StoredValue.value: json.dumps(data).encode()}).where(
            StoredValue.id == row["id"]
        )


def _rows(html: str) -> list[str]:
    table = html.split('<table id="access-history">')[1].split("</table>")[0]
    return re.findall(r"<tr><td>(.*?)</tr>", table, re.S)


async def test_sign_in_out_expiry_and_identity_reads_are_on_the_admins_history(
    server: str,
) -> None:
    world = await make_world()
    verifier = await sign_in(server, "verif")
    shown = await post(verifier, f"/konsol/tiket/{world.publik.ticket_id}/identitas")
    assert shown.status_code == 200
    await post(verifier, "/konsol/keluar")
    officer = await sign_in(server, "petugas.pupr")
    await _age_session(world.users["petugas.pupr"], timedelta(minutes=45))
    assert (await officer.get("/konsol/antrian")).status_code == 303  # expired: sign in again

    kinds = [
        (e["kind"], e["staff"])
        for e in await AccessEvent.select().order_by(AccessEvent.id)
        if e["kind"] != "sign_in_failed"
    ]
    assert kinds == [
        ("sign_in", world.users["verif"]),
        ("sign_out", world.users["verif"]),
        ("sign_in", world.users["petugas.pupr"]),
        ("session_expired", world.users["petugas.pupr"]),
    ]
    assert await TicketEvent.count().where(TicketEvent.kind == "identity_viewed") == 1

    admin = await sign_in(server, "admin")
    everything = _rows((await admin.get("/konsol/admin/riwayat")).text)
    text = "\n".join(everything)
    for label in ("Masuk", "Keluar", "Sesi berakhir", "Membaca identitas pelapor"):
        assert label in text, label
    assert world.publik.reference in text
    # Filtered by account: only the verifier's sign-in, identity read and sign-out.
    only = _rows((await admin.get(f"/konsol/admin/riwayat?user={world.users['verif']}")).text)
    assert len(only) == 3 and all("Verif" in r for r in only)
    # Filtered by date (days in the admin's zone, WIB): nothing after the last day or before the
    # first, everything between them.
    wib = ZoneInfo("Asia/Jakarta")
    days = {e["at"].astimezone(wib).date() for e in await AccessEvent.select(AccessEvent.at)}
    days |= {e["at"].astimezone(wib).date() for e in await TicketEvent.select(TicketEvent.at)}
    first, last = min(days), max(days)
    later = (await admin.get(f"/konsol/admin/riwayat?dari={last + timedelta(days=1)}")).text
    assert "Tidak ada yang tercatat" in later
    earlier = (await admin.get(f"/konsol/admin/riwayat?sampai={first - timedelta(days=1)}")).text
    assert "Tidak ada yang tercatat" in earlier
    between = _rows((await admin.get(f"/konsol/admin/riwayat?dari={first}&sampai={last}")).text)
    assert len(between) == len(everything)


async def test_the_history_comes_in_pages(server: str) -> None:
    await make_directory()
    officer = await make_user("petugas.tiga", "petugas", "DPUPR")
    await make_user("admin.tiga", "admin")
    start = clock.now() - timedelta(hours=2)
    await AccessEvent.insert(
        *(
            AccessEvent(
                at=start + timedelta(minutes=n),
                kind="sign_in_failed",
                staff=officer,
                username="petugas.tiga",
                address=f"10.42.0.{n}",
                data={"reason": "bad_credentials"},
            )
            for n in range(60)
        )
    )
    admin = await sign_in(server, "admin.tiga")
    first = await admin.get(f"/konsol/admin/riwayat?user={officer}")
    rows = _rows(first.text)
    assert len(rows) == 50 and "10.42.0.59" in rows[0]  # newest first
    assert f'href="/konsol/admin/riwayat?user={officer}&amp;page=2"' in first.text
    second = _rows((await admin.get(f"/konsol/admin/riwayat?user={officer}&page=2")).text)
    assert len(second) == 10 and "10.42.0.0" in second[-1]


async def test_a_non_admin_cannot_read_the_history(server: str) -> None:
    await make_directory()
    await make_user("verif.empat", "verifikator")
    verifier = await sign_in(server, "verif.empat")
    assert (await verifier.get("/konsol/admin/riwayat")).status_code == 403
    stranger = client_for(server)
    await csrf_token(stranger)
    response = await stranger.get("/konsol/admin/riwayat")
    assert response.status_code == 303 and response.headers["location"].startswith("/konsol/masuk")
