"""Every role, and a stranger, against every console route and action, through the real app.

The table is the specification: 200/303 where the role may act, 403 where the role may not use
the page at all, 404 where the ticket is outside the staff member's scope (another agency's
report looks exactly like a report that does not exist), and per privacy level who may see the
reporter. Each role gets a fresh world and walks the table in order (some rows change state:
accept before assign, for instance).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hotline import clock
from hotline.accounts.service import create_api_key
from hotline.directory.tables import AgencySlaPolicy, SlaPolicy
from hotline.tickets import storage
from hotline.tickets.events import EventKind
from hotline.tickets.tables import Attachment, TicketEvent
from tests.integration.konsol.support import (
    World,
    client_for,
    csrf_token,
    make_world,
    post,
    sign_in,
)
from tests.support.factories import file_report
from tests.support.live_server import live_server

ROLES = ["verif", "petugas.pupr", "sup.pupr", "petugas.dinkes", "operator", "admin", None]

# (method, path template, form) -> expected status per role, in the order of ROLES.
# fmt: off
MATRIX: list[tuple[str, str, dict[str, str], tuple[int, ...]]] = [
    # method, path, form, and the answers for: verif, petugas, supervisor, dinkes, operator, admin, stranger
    ("GET", "/konsol/verifikasi", {}, (200, 403, 403, 403, 403, 403, 303)),
    ("GET", "/konsol/antrian", {}, (403, 200, 200, 200, 403, 403, 303)),
    ("GET", "/konsol/antrian?due=breached&assignee=me", {}, (403, 200, 200, 200, 403, 403, 303)),
    ("GET", "/konsol/supervisor", {}, (403, 403, 200, 403, 403, 403, 303)),
    ("GET", "/konsol/operator", {}, (403, 403, 403, 403, 200, 403, 303)),
    ("POST", "/konsol/operator/cari", {"telepon": "081234567890"}, (403, 403, 403, 403, 200, 403, 303)),
    # The call centre's roster is the coordinator's alone; staffing against it, any CALL_CENTRE.
    ("GET", "/konsol/pusat-panggilan/jadwal", {}, (403, 403, 403, 403, 403, 403, 303)),
    ("POST", "/konsol/pusat-panggilan/jadwal", {"petugas": "1", "tanggal": "2026-12-07", "mulai": "08:00", "selesai": "16:00"}, (403, 403, 403, 403, 403, 403, 303)),
    ("POST", "/konsol/pusat-panggilan/jadwal/salin", {"minggu": "2026-12-07"}, (403, 403, 403, 403, 403, 403, 303)),
    ("GET", "/konsol/pusat-panggilan/staf", {}, (200, 403, 403, 403, 403, 403, 303)),
    ("GET", "/konsol/admin", {}, (403, 403, 403, 403, 403, 200, 303)),
    ("GET", "/konsol/admin/users", {}, (403, 403, 403, 403, 403, 200, 303)),
    ("GET", "/konsol/admin/riwayat", {}, (403, 403, 403, 403, 403, 200, 303)),
    ("GET", "/konsol/admin/riwayat?user=1&dari=2026-01-01&sampai=2026-12-31&page=2", {}, (403, 403, 403, 403, 403, 200, 303)),
    ("GET", "/konsol/admin/perubahan", {}, (403, 403, 403, 403, 403, 200, 303)),
    ("GET", "/konsol/admin/penyelenggara", {}, (403, 403, 403, 403, 403, 200, 303)),
    ("POST", "/konsol/admin/penyelenggara", {"government": "Pemerintah Kabupaten Wonosobo", "unit": "Unit Layanan Pengaduan"}, (403, 403, 403, 403, 403, 303, 303)),
    ("GET", "/konsol/admin/pesan-gagal", {}, (200, 403, 403, 403, 403, 200, 303)),
    ("POST", "/konsol/admin/pesan-gagal/999999/ulang", {}, (303, 403, 403, 403, 403, 303, 303)),
    ("GET", "/konsol/pembaruan", {}, (200, 200, 200, 200, 403, 403, 401)),
    ("GET", "/konsol/tiket/{publik}", {}, (200, 200, 200, 404, 403, 403, 303)),
    ("GET", "/konsol/tiket/{dinkes}", {}, (200, 404, 404, 200, 403, 403, 303)),
    ("GET", "/konsol/tiket/{unrouted}", {}, (200, 404, 404, 404, 403, 403, 303)),
    ("GET", "/konsol/tiket/999999", {}, (404, 404, 404, 404, 403, 403, 303)),
    ("GET", "/konsol/lampiran/{recording}", {}, (200, 200, 200, 404, 403, 403, 303)),
    ("POST", "/konsol/tiket/{publik}/identitas", {}, (200, 200, 200, 404, 403, 403, 303)),
    ("POST", "/konsol/tiket/{anonim}/identitas", {}, (403, 403, 403, 404, 403, 403, 303)),
    ("POST", "/konsol/tiket/{rahasia}/identitas", {}, (200, 403, 403, 404, 403, 403, 303)),
    ("POST", "/konsol/tiket/{publik}/aksi/note", {"body": "Cek lokasi besok."}, (303, 303, 303, 404, 403, 403, 303)),
    ("POST", "/konsol/tiket/{publik}/pesan/999999/ulang", {}, (303, 303, 303, 404, 403, 403, 303)),
    ("POST", "/konsol/tiket/{publik}/aksi/accept", {}, (403, 303, 303, 404, 403, 403, 303)),
    ("POST", "/konsol/tiket/{publik}/aksi/accept", {}, (403, 409, 409, 404, 403, 403, 303)),
    ("POST", "/konsol/tiket/{publik}/aksi/assign", {"assignee": "{petugas2}"}, (403, 400, 303, 404, 403, 403, 303)),
    ("POST", "/konsol/tiket/{publik}/aksi/reply", {"body": "Sedang kami tangani."}, (403, 303, 303, 404, 403, 403, 303)),
    ("POST", "/konsol/tiket/{publik}/aksi/resolve", {"body": "Sudah diperbaiki."}, (403, 303, 303, 404, 403, 403, 303)),
    ("POST", "/konsol/tiket/{dinkes}/aksi/reply", {"body": "Sedang kami tangani."}, (403, 404, 404, 303, 403, 403, 303)),
    ("POST", "/konsol/tiket/{dinkes}/aksi/not_our_mandate", {"reason": "Urusan jalan."}, (403, 404, 404, 303, 403, 403, 303)),
    ("POST", "/konsol/tiket/{anonim}/aksi/request_info", {"body": "Di RT berapa?"}, (303, 303, 303, 404, 403, 403, 303)),
    ("POST", "/konsol/tiket/{rahasia}/aksi/transfer", {"agency": "{dinkes_agency}", "reason": "Salah instansi."}, (403, 303, 303, 404, 403, 403, 303)),
    ("POST", "/konsol/tiket/{unrouted}/aksi/correct", {"description": "Lubang besar di jalan desa.", "category": "JALAN-RUSAK"}, (303, 404, 404, 404, 403, 403, 303)),
    ("POST", "/konsol/tiket/{unrouted}/aksi/dispatch", {"agency": "{dinkes_agency}", "reason": "Dekat puskesmas."}, (303, 404, 404, 404, 403, 403, 303)),
    ("POST", "/konsol/tiket/{spam}/aksi/verify", {}, (303, 404, 404, 404, 403, 403, 303)),
    ("POST", "/konsol/tiket/{spam}/aksi/redact", {"public_description": "Jalan rusak."}, (303, 404, 404, 404, 403, 403, 303)),
    ("POST", "/konsol/tiket/{spam}/aksi/reject", {"reason": "spam"}, (303, 404, 404, 404, 403, 403, 303)),
    ("POST", "/konsol/tiket/{dupe}/aksi/merge", {"duplicate_of": "{publik_ref}"}, (303, 404, 404, 404, 403, 403, 303)),
    ("POST", "/konsol/operator/lapor", {"phone": "0812 1111 2222", "name": "Budi", "privacy": "publik", "category": "JALAN-RUSAK", "description": "Jalan rusak parah di dekat sekolah."}, (403, 403, 403, 403, 200, 403, 303)),
    ("GET", "/konsol/admin/agencies/baru", {}, (403, 403, 403, 403, 403, 200, 303)),
    ("GET", "/konsol/admin/agencies/{dinkes_agency}", {}, (403, 403, 403, 403, 403, 200, 303)),
    ("POST", "/konsol/admin/templates/baru", {"title": "Terima kasih", "body": "Terima kasih atas laporan Anda.", "active": "on"}, (403, 403, 403, 403, 403, 303, 303)),
    ("POST", "/konsol/admin/apikeys/baru", {"name": "Aplikasi kota", "requests_per_minute": "60"}, (403, 403, 403, 403, 403, 200, 303)),
    ("POST", "/konsol/admin/cabut-kunci/{apikey}", {}, (403, 403, 403, 403, 403, 303, 303)),
    ("POST", "/konsol/admin/hari-kalender/{calendar}", {"day": "2026-12-24", "note": "Cuti"}, (403, 403, 403, 403, 403, 303, 303)),
    ("POST", "/konsol/admin/hapus-hari-kalender/{calendar}", {"day": "2026-12-24"}, (403, 403, 403, 403, 403, 303, 303)),
    ("GET", "/konsol/admin/agency-policies", {}, (403, 403, 403, 403, 403, 200, 303)),
    ("POST", "/konsol/admin/agency-policies/baru", {"category": "{road}", "agency": "{dinkes_agency}", "sla_policy": "{policy}"}, (403, 403, 403, 403, 403, 303, 303)),
    ("POST", "/konsol/admin/agency-policies/{agency_policy}/hapus", {}, (403, 403, 403, 403, 403, 303, 303)),
    # A call's page (call centre) and its recordings: no role here may play one (the coordinator may).
    ("GET", "/konsol/pusat-panggilan/panggilan/CA0", {}, (404, 403, 403, 403, 403, 403, 303)),
    ("GET", "/konsol/pusat-panggilan/rekaman/RE0", {}, (403, 403, 403, 403, 403, 403, 303)),
    # Quality monitoring: a call agent sees their own evaluations and trends, nothing else.
    ("GET", "/konsol/pusat-panggilan/mutu", {}, (403, 403, 403, 403, 200, 403, 303)),
    ("GET", "/konsol/pusat-panggilan/mutu/tren", {}, (403, 403, 403, 403, 200, 403, 303)),
    ("GET", "/konsol/pusat-panggilan/mutu/kalibrasi", {}, (403, 403, 403, 403, 403, 403, 303)),
    ("POST", "/konsol/pusat-panggilan/mutu/tarik", {}, (403, 403, 403, 403, 403, 403, 303)),
    ("GET", "/konsol/pusat-panggilan/mutu/rekaman/{recording}", {}, (403, 403, 403, 403, 403, 403, 303)),
    ("GET", "/konsol/masuk", {}, (200, 200, 200, 200, 200, 200, 200)),
    ("POST", "/konsol/keluar", {}, (303, 303, 303, 303, 303, 303, 303)),
    ("GET", "/konsol/", {}, (303, 303, 303, 303, 303, 303, 303)),
]
# fmt: on


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with live_server() as base:
        yield base


async def _ids(world: World) -> dict[str, str]:
    stored = storage.store_bytes(b"RIFF....WAVEfmt fake recording", suffix=".wav")
    rows = await Attachment.insert(
        Attachment(
            ticket=world.publik.ticket_id,
            kind="recording",
            content_type="audio/wav",
            size=stored.size,
            sha256=stored.sha256,
            storage_path=stored.path,
            created_at=clock.now(),
        )
    ).returning(Attachment.id)
    spam = await file_report(description="Beli pulsa murah hubungi nomor ini sekarang juga.")
    dupe = await file_report(
        description="Jalan berlubang besar di depan pasar, sama seperti kemarin."
    )
    key = await create_api_key("Aplikasi lama")
    policy = await SlaPolicy.insert(SlaPolicy(name="Cepat", resolution="5 working_days")).returning(
        SlaPolicy.id
    )
    special = await AgencySlaPolicy.insert(
        AgencySlaPolicy(
            category=world.directory.road,
            agency=world.directory.pupr,
            sla_policy=policy[0]["id"],
        )
    ).returning(AgencySlaPolicy.id)
    return {
        "spam": str(spam.ticket_id),
        "dupe": str(dupe.ticket_id),
        "publik_ref": world.publik.reference,
        "calendar": str(world.directory.calendar),
        "apikey": str(key.id),
        "publik": str(world.publik.ticket_id),
        "anonim": str(world.anonim.ticket_id),
        "rahasia": str(world.rahasia.ticket_id),
        "unrouted": str(world.unrouted.ticket_id),
        "dinkes": str(world.dinkes.ticket_id),
        "recording": str(rows[0]["id"]),
        "petugas2": str(world.users["petugas2.pupr"]),
        "dinkes_agency": str(world.directory.dinkes),
        "road": str(world.directory.road),
        "policy": str(policy[0]["id"]),
        "agency_policy": str(special[0]["id"]),
    }


@pytest.mark.parametrize("role", ROLES, ids=[r or "stranger" for r in ROLES])
async def test_access_matrix(server: str, role: str | None) -> None:
    world = await make_world()
    ids = await _ids(world)
    if role is None:
        client = client_for(server)
        await csrf_token(client)  # a stranger with a browser: a CSRF cookie, no session
    else:
        client = await sign_in(server, role)
    column = ROLES.index(role)
    wrong = []
    for method, template, form, expected in MATRIX:
        path = template.format(**ids)
        data = {k: v.format(**ids) for k, v in form.items()}
        response = await (client.get(path) if method == "GET" else post(client, path, data))
        if response.status_code != expected[column]:
            wrong.append(
                f"{method} {template}: {response.status_code}, expected {expected[column]}"
            )
        if expected[column] == 303 and (role is None or template == "/konsol/"):
            # A stranger, and everyone after signing out, is sent to the sign-in page.
            assert response.headers["location"].startswith("/konsol/masuk")
    assert not wrong, f"{role or 'stranger'}:\n" + "\n".join(wrong)


async def test_identity_is_shown_only_where_allowed_and_every_look_is_recorded(server: str) -> None:
    world = await make_world()
    officer = await sign_in(server, "petugas.pupr")
    shown = await post(officer, f"/konsol/tiket/{world.publik.ticket_id}/identitas")
    assert shown.status_code == 200 and "Pelapor publik" in shown.text
    hidden = await post(officer, f"/konsol/tiket/{world.anonim.ticket_id}/identitas")
    assert hidden.status_code == 403 and "Pelapor anonim" not in hidden.text
    page = await officer.get(f"/konsol/tiket/{world.rahasia.ticket_id}")
    assert "Pelapor rahasia" not in page.text and "/identitas" not in page.text
    central = await sign_in(server, "verif")
    revealed = await post(central, f"/konsol/tiket/{world.rahasia.ticket_id}/identitas")
    assert "Pelapor rahasia" in revealed.text
    looks = await TicketEvent.select(TicketEvent.ticket, TicketEvent.actor).where(
        TicketEvent.kind == EventKind.IDENTITY_VIEWED.value
    )
    assert sorted((r["ticket"], r["actor"]) for r in looks) == sorted(
        [
            (world.publik.ticket_id, world.users["petugas.pupr"]),
            (world.rahasia.ticket_id, world.users["verif"]),
        ]
    )
