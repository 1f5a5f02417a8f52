"""The console's pages over HTTP: queue order and filters, live signature, supervisor, operator,
administration with its change history, and the call recording served only to staff."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from hotline import clock
from hotline.directory.tables import AdminChange, Agency, Region, RoutingRule
from hotline.tickets import storage
from hotline.tickets.events import EventKind
from hotline.tickets.lifecycle import Action
from hotline.tickets.privacy import Privacy
from hotline.tickets.service import find_by_reference, perform
from hotline.tickets.tables import Attachment, Ticket, TicketClock, TicketEvent
from tests.integration.konsol.support import client_for, make_user, post, sign_in
from tests.support.factories import STAFF, file_report, make_directory
from tests.support.live_server import live_server
from tests.support.rows import one


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with live_server() as base:
        yield base


def _references(html: str) -> list[str]:
    return re.findall(r'class="row-link" href="/konsol/tiket/\d+">(\d+)<', html)


async def test_agency_queue_is_sorted_by_next_deadline_and_filters(server: str) -> None:
    directory = await make_directory()
    await make_user("petugas.pupr", "petugas", "DPUPR")
    reports = [await file_report(description=f"Laporan jalan rusak nomor {i}.") for i in range(3)]
    for r in reports:
        await perform(r.ticket_id, Action.DISPATCH, actor=STAFF, agency_id=directory.pupr)
    # Make the last one the most urgent: its first-response clock is already overdue.
    await TicketClock.update({TicketClock.due_at: clock.now().replace(year=2020)}).where(
        (TicketClock.ticket == reports[2].ticket_id) & (TicketClock.kind == "first_response")
    )
    officer = await sign_in(server, "petugas.pupr")
    page = await officer.get("/konsol/antrian")
    order = _references(page.text)
    assert order[0] == reports[2].reference and set(order) == {r.reference for r in reports}
    assert "Terlambat" in page.text
    breached = await officer.get("/konsol/antrian?due=breached")
    assert _references(breached.text) == [reports[2].reference]
    await perform(reports[0].ticket_id, Action.ACCEPT, actor=STAFF)
    accepted = await officer.get("/konsol/antrian?status=diproses")
    assert _references(accepted.text) == [reports[0].reference]
    assert _references((await officer.get("/konsol/antrian?kecamatan=33.07.99")).text) == []


async def test_the_live_signature_changes_when_the_queue_does(server: str) -> None:
    directory = await make_directory()
    await make_user("petugas.pupr", "petugas", "DPUPR")
    officer = await sign_in(server, "petugas.pupr")
    before = (await officer.get("/konsol/pembaruan")).json()["signature"]
    assert (await officer.get("/konsol/pembaruan")).json()["signature"] == before
    report = await file_report()
    await perform(report.ticket_id, Action.DISPATCH, actor=STAFF, agency_id=directory.pupr)
    after = (await officer.get("/konsol/pembaruan")).json()["signature"]
    assert after != before
    # Another agency's work does not disturb this queue.
    other = await file_report()
    await perform(other.ticket_id, Action.DISPATCH, actor=STAFF, agency_id=directory.dinkes)
    assert (await officer.get("/konsol/pembaruan")).json()["signature"] == after


async def test_supervisor_sees_load_breaches_and_each_officers_work(server: str) -> None:
    directory = await make_directory()
    officer_id = await make_user("petugas.pupr", "petugas", "DPUPR")
    await make_user("sup.pupr", "supervisor", "DPUPR")
    late = await file_report()
    await perform(late.ticket_id, Action.DISPATCH, actor=STAFF, agency_id=directory.pupr)
    await perform(late.ticket_id, Action.ACCEPT, actor=STAFF)
    await Ticket.update({Ticket.assignee: officer_id}).where(Ticket.id == late.ticket_id)
    await TicketClock.update({TicketClock.due_at: clock.now().replace(year=2020)}).where(
        (TicketClock.ticket == late.ticket_id) & (TicketClock.kind == "resolution")
    )
    supervisor = await sign_in(server, "sup.pupr")
    page = await supervisor.get("/konsol/supervisor")
    assert page.status_code == 200
    assert "1 laporan terbuka" in page.text
    overdue = page.text.split("Terlambat (")[1].split("</table>")[0]
    assert late.reference in overdue
    officers = page.text.split("Pekerjaan terbuka tiap petugas")[1]
    assert re.search(r"Petugas\.Pupr</a></td><td>1</td><td>1</td>", officers)


async def test_operator_files_for_a_caller_and_finds_only_what_privacy_allows(server: str) -> None:
    await make_directory()
    await make_user("operator", "operator")
    public = await file_report(phone="0812 7777 8888", name="Warga Publik")
    anonymous = await file_report(phone="0812 7777 8888", privacy=Privacy.ANONIM)
    confidential = await file_report(phone="0812 7777 8888", privacy=Privacy.RAHASIA)
    agent = await sign_in(server, "operator")
    popped = await agent.get("/konsol/operator?telepon=081277778888")
    assert 'value="081277778888"' in popped.text
    assert await TicketEvent.count().where(TicketEvent.kind == "identity_viewed") == 0
    found = await post(agent, "/konsol/operator/cari", {"telepon": "0812-7777-8888"})
    assert public.reference in found.text
    assert anonymous.reference not in found.text and confidential.reference not in found.text
    looks = await TicketEvent.select(TicketEvent.ticket).where(
        TicketEvent.kind == EventKind.IDENTITY_VIEWED.value
    )
    assert [r["ticket"] for r in looks] == [public.ticket_id]
    bad = await post(agent, "/konsol/operator/cari", {"telepon": "12"})
    assert bad.status_code == 400 and "Nomor telepon tidak valid" in bad.text

    missing = await post(agent, "/konsol/operator/lapor", {"phone": "0812 1111 2222"})
    assert missing.status_code == 400 and 'value="0812 1111 2222"' in missing.text
    filed = await post(
        agent,
        "/konsol/operator/lapor",
        {
            "phone": "0812 1111 2222",
            "name": "Budi",
            "privacy": "publik",
            "category": "JALAN-RUSAK",
            "region": "33.07.01",
            "description": "Jalan rusak parah di dekat sekolah dasar.",
            "sms_consent": "on",
        },
    )
    assert filed.status_code == 200
    reference = re.search(r"Nomor referensi: <strong>(\d+)</strong>", filed.text)
    assert reference is not None
    ticket = await find_by_reference(reference.group(1))
    assert ticket["channel"] == "operator"
    created = await TicketEvent.select(TicketEvent.actor).where(
        (TicketEvent.ticket == ticket["id"]) & (TicketEvent.kind == "created")
    )
    assert created[0]["actor"] is not None


async def test_admin_changes_are_recorded_and_records_are_deactivated(server: str) -> None:
    directory = await make_directory()
    await make_user("admin", "admin")
    admin = await sign_in(server, "admin")
    new = await post(
        admin,
        "/konsol/admin/agencies/baru",
        {
            "code": "DISHUB",
            "name": "Dinas Perhubungan",
            "calendar": str(directory.calendar),
            "active": "on",
        },
    )
    assert new.status_code == 303
    dishub = await Agency.select().where(Agency.code == "DISHUB").first()
    assert dishub is not None
    again = await post(
        admin,
        "/konsol/admin/agencies/baru",
        {"code": "DISHUB", "name": "Lagi", "calendar": str(directory.calendar)},
    )
    assert again.status_code == 400 and "Nilai ini sudah dipakai" in again.text
    off = await post(
        admin,
        f"/konsol/admin/agencies/{dishub['id']}",
        {"name": "Dinas Perhubungan", "calendar": str(directory.calendar)},
    )
    assert off.status_code == 303
    assert (await one(Agency.select(Agency.active).where(Agency.id == dishub["id"]).first()))[
        "active"
    ] is False
    # A second active rule for the same category and region naming another agency is refused.
    conflict = await post(
        admin,
        "/konsol/admin/rules/baru",
        {"category": str(directory.road), "agency": str(directory.dinkes), "active": "on"},
    )
    assert conflict.status_code == 400 and "bertentangan" in conflict.text
    assert await RoutingRule.count() == 1
    desa = await post(
        admin,
        "/konsol/admin/regions/baru",
        {"code": "33.07.01.2001", "name": "Desa Baru", "level": "desa", "active": "on"},
    )
    assert desa.status_code == 303
    made = await Region.select(Region.parent).where(Region.code == "33.07.01.2001").first()
    assert made is not None
    assert made["parent"] == directory.region
    day = await post(
        admin,
        f"/konsol/admin/hari-kalender/{directory.calendar}",
        {"day": "2026-12-01", "note": "Hari jadi kabupaten"},
    )
    assert day.status_code == 303
    key_page = await post(admin, "/konsol/admin/apikeys/baru", {"name": "Aplikasi desa"})
    assert re.search(r'<code id="api-key">hk_[\w-]+</code>', key_page.text)
    changes = await AdminChange.select(
        AdminChange.actor, AdminChange.entity, AdminChange.action
    ).order_by(AdminChange.id)
    assert [(c["actor"], c["entity"], c["action"]) for c in changes] == [
        ("admin", "agencies", "create"),
        ("admin", "agencies", "update"),
        ("admin", "regions", "create"),
        ("admin", "calendar", "set_day"),
        ("admin", "apikeys", "create"),
    ]
    history = await admin.get("/konsol/admin/perubahan")
    assert "DISHUB" in history.text and "Dinas Perhubungan" in history.text


async def test_recordings_are_served_to_staff_only(server: str) -> None:
    await make_directory()
    await make_user("verif", "verifikator")
    report = await file_report()
    stored = storage.store_bytes(b"ID3 fake mp3 recording", suffix=".mp3")
    rows = await Attachment.insert(
        Attachment(
            ticket=report.ticket_id,
            kind="recording",
            content_type="audio/mpeg",
            size=stored.size,
            sha256=stored.sha256,
            storage_path=stored.path,
            created_at=clock.now(),
        )
    ).returning(Attachment.id)
    verifier = await sign_in(server, "verif")
    page = await verifier.get(f"/konsol/tiket/{report.ticket_id}")
    assert f'<audio controls preload="none" src="/konsol/lampiran/{rows[0]["id"]}">' in page.text
    audio = await verifier.get(f"/konsol/lampiran/{rows[0]['id']}")
    assert audio.content == b"ID3 fake mp3 recording"
    assert audio.headers["content-type"] == "audio/mpeg"
    assert "no-store" in audio.headers["cache-control"]
    anonymous = await client_for(server).get(f"/konsol/lampiran/{rows[0]['id']}")
    assert anonymous.status_code == 303
    # An officer of an agency the report was never sent to: as if it did not exist.
    await make_user("petugas.pupr", "petugas", "DPUPR")
    outsider = await sign_in(server, "petugas.pupr")
    assert (await outsider.get(f"/konsol/lampiran/{rows[0]['id']}")).status_code == 404
