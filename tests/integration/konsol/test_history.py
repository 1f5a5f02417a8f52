"""The ticket page tells who did what and where the report went (issue 15, items 6 and 8): an
automatic dispatch names the system and its routing rule; a transfer names both agencies; each
deadline row names the agency whose clock it is."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest

from hotline.directory.tables import RoutingRule
from hotline.tickets.lifecycle import Action
from hotline.tickets.service import perform
from tests.integration.konsol.support import make_user, sign_in
from tests.support.factories import STAFF, file_report, make_directory
from tests.support.live_server import live_server


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with live_server() as base:
        yield base


def _history(page: str) -> list[str]:
    timeline = page.split('id="timeline"', 1)[1].split("</ol>", 1)[0]
    return [
        " ".join(html.unescape(re.sub(r"<[^>]+>", " ", item)).split())
        for item in re.findall(r"<li[^>]*>(.*?)</li>", timeline, re.S)
    ]


def _deadlines(page: str) -> list[list[str]]:
    table = page.split("<h2>Batas waktu</h2>", 1)[1].split("</table>", 1)[0]
    return [
        [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split()) for cell in row]
        for row in (re.findall(r"<td[^>]*>(.*?)</td>", r, re.S) for r in table.split("<tr>")[2:])
    ]


async def test_an_automatic_dispatch_names_the_system_and_its_rule(server: str) -> None:
    d = await make_directory()
    rule = await RoutingRule.select(RoutingRule.id).where(RoutingRule.agency == d.pupr).first()
    assert rule is not None
    await RoutingRule.update(
        {RoutingRule.confident: True, RoutingRule.note: "Jalan kabupaten"}
    ).where(RoutingRule.id == rule["id"])
    await make_user("verif", "verifikator")
    created = await file_report()
    client = await sign_in(server, "verif")
    page = (await client.get(f"/konsol/tiket/{created.ticket_id}")).text
    (dispatch,) = [line for line in _history(page) if "Diteruskan ke instansi" in line]
    assert f"Sistem (aturan rute #{rule['id']}: Jalan kabupaten)" in dispatch
    assert "Pelapor" not in dispatch
    assert "Diteruskan ke Dinas PUPR" in dispatch
    await client.aclose()


async def test_a_transfer_names_both_agencies_and_each_clock_its_owner(server: str) -> None:
    d = await make_directory()
    await make_user("verif", "verifikator")
    created = await file_report()
    await perform(created.ticket_id, Action.DISPATCH, actor=STAFF, agency_id=d.pupr)
    await perform(
        created.ticket_id,
        Action.TRANSFER,
        actor=STAFF,
        agency_id=d.dinkes,
        reason="Urusan kesehatan lingkungan",
    )
    client = await sign_in(server, "verif")
    page = (await client.get(f"/konsol/tiket/{created.ticket_id}")).text
    history = _history(page)
    assert any("Diteruskan ke Dinas PUPR" in line for line in history), history
    (transfer,) = [line for line in history if "Dipindahkan dari" in line]
    assert "Dipindahkan dari Dinas PUPR ke Agency DINKES" in transfer
    assert "Urusan kesehatan lingkungan" in transfer
    owners = {(row[0], row[1]) for row in _deadlines(page)}
    assert owners == {
        ("Verifikasi", "Agency ULP"),
        ("Tanggapan pertama", "Dinas PUPR"),
        ("Tanggapan pertama", "Agency DINKES"),
        ("Penyelesaian", "Dinas PUPR"),
    }, owners
    await client.aclose()
