"""/lacak through the real server: PIN sign-in and lockout, the public timeline, adding
information, rating and disputing an answer."""

from __future__ import annotations

import io
import re

from PIL import Image

from hotline import clock
from hotline.citizen import tracking
from hotline.tickets import storage
from hotline.tickets.events import EventKind
from hotline.tickets.lifecycle import Action
from hotline.tickets.privacy import Privacy
from hotline.tickets.service import WORKER, CreatedReport, perform, reply
from hotline.tickets.tables import Attachment, Ticket, TicketEvent
from tests.integration.citizen.world import Citizen, World, errors_on, jpeg_with_gps, wonosobo
from tests.support.factories import STAFF, file_report


async def _at_agency(world: World, **kwargs: object) -> CreatedReport:
    created = await file_report(**kwargs)  # type: ignore[arg-type]
    await perform(created.ticket_id, Action.VERIFY, actor=STAFF)
    await perform(created.ticket_id, Action.DISPATCH, actor=STAFF, agency_id=world.pupr)
    await perform(created.ticket_id, Action.ACCEPT, actor=STAFF)
    return created


async def _status(ticket_id: int) -> str:
    row = await Ticket.select(Ticket.status).where(Ticket.id == ticket_id).first()
    return str(row["status"])


async def test_the_right_pin_opens_the_public_timeline_without_internal_notes(
    citizen: Citizen,
) -> None:
    world = await wonosobo()
    created = await _at_agency(world)
    await reply(
        created.ticket_id,
        "Catatan internal: pelapor kerabat kepala desa",
        actor=STAFF,
        public=False,
    )
    await reply(
        created.ticket_id, "Tim kami akan survei lokasi hari Kamis.", actor=STAFF, public=True
    )

    signed_in = citizen.sign_in(created.reference, created.pin)
    assert signed_in.status_code == 303
    assert signed_in.headers["location"] == "/lacak?ok=masuk"
    cookie = signed_in.headers["set-cookie"]
    assert cookie.startswith(tracking.COOKIE + "=")
    assert "HttpOnly" in cookie and "Path=/lacak" in cookie and "SameSite=lax" in cookie
    assert created.pin not in cookie and created.pin not in signed_in.headers["location"]

    page = citizen.http.get("/lacak?ok=masuk")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert f"Laporan {created.reference}" in page.text
    assert '<strong id="status">Sedang diproses</strong>' in page.text
    assert "Dinas Pekerjaan Umum dan Penataan Ruang" in page.text
    assert "Jalan berlubang besar di depan pasar" in page.text  # their own words
    assert "Tim kami akan survei lokasi hari Kamis." in page.text
    assert "Catatan internal" not in page.text and "kerabat" not in page.text
    # The running deadlines, in the agency's zone; the first response was given by the reply.
    assert re.search(r"Diselesaikan paling lambat <strong>[^<]+ WIB</strong>", page.text)
    assert "Tanggapan pertama instansi" not in page.text

    # Signing out ends it; the page asks for the PIN again.
    citizen.post("/lacak/keluar", {})
    assert "Buka laporan" in citizen.http.get("/lacak").text


async def test_wrong_pins_lock_the_reference_even_for_the_right_pin(english: Citizen) -> None:
    await wonosobo()
    created = await file_report()
    wrong = "000000" if created.pin != "000000" else "111111"
    for _ in range(4):
        refused = english.sign_in(created.reference, wrong)
        assert refused.status_code == 404
        assert "The reference or the PIN is not right." in refused.text
    # An unknown reference is refused in the same words: it tells nothing about what exists.
    unknown = english.sign_in("2600000000", wrong)
    assert unknown.status_code == 404 and "The reference or the PIN is not right." in unknown.text
    locked = english.sign_in(created.reference, wrong)
    assert locked.status_code == 429
    assert "Too many wrong PINs. Try again in 30 minutes." in locked.text
    still = english.sign_in(created.reference, created.pin)
    assert still.status_code == 429 and tracking.COOKIE not in still.headers.get("set-cookie", "")
    # The typed reference stays in the form, the PIN does not.
    assert f'value="{created.reference}"' in still.text and created.pin not in still.text
    events = await TicketEvent.select(TicketEvent.kind, TicketEvent.public).where(
        TicketEvent.ticket == created.ticket_id
    )
    assert {"kind": EventKind.PIN_LOCKED.value, "public": False} in events


async def test_information_with_a_photo_answers_a_request_and_resumes_the_report(
    citizen: Citizen,
) -> None:
    world = await wonosobo()
    created = await _at_agency(world)
    await perform(
        created.ticket_id, Action.REQUEST_INFO, actor=STAFF, body="Mohon kirim foto lubangnya."
    )
    citizen.sign_in(created.reference, created.pin)
    page = citizen.http.get("/lacak")
    assert "Instansi menunggu informasi tambahan dari Anda" in page.text
    assert "Mohon kirim foto lubangnya." in page.text

    empty = citizen.post("/lacak/tambah", {"body": "  "})
    assert empty.status_code == 400
    assert errors_on(empty.text) == {"body": "Tuliskan informasinya atau pilih foto."}
    fake = citizen.post(
        "/lacak/tambah",
        {"body": "Ini fotonya"},
        files={"photo": ("lubang.jpg", b"MZ\x90\x00not a photo", "image/jpeg")},
    )
    assert fake.status_code == 400 and "lubang.jpg bukan foto" in fake.text
    assert "Ini fotonya</textarea>" in fake.text  # what was typed is kept

    added = citizen.post(
        "/lacak/tambah",
        {"body": "Lubangnya sekitar 1 meter, ini fotonya."},
        files={"photo": ("lubang.jpg", jpeg_with_gps(), "image/jpeg")},
    )
    assert added.status_code == 303 and added.headers["location"] == "/lacak?ok=info"
    assert await _status(created.ticket_id) == "diproses"  # back where it was paused from
    photo = await Attachment.select().where(Attachment.ticket == created.ticket_id).first()
    assert photo["filename"] == "lubang.jpg" and photo["public"] is False
    assert not Image.open(io.BytesIO(storage.read_bytes(photo["storage_path"]))).getexif()
    page = citizen.http.get("/lacak?ok=info")
    assert "informasi Anda sudah ditambahkan" in page.text
    # The reporter can see the photo as it was stored; nobody else can.
    link = f'<a href="/lacak/lampiran/{photo["id"]}">lubang.jpg</a>'
    assert link in page.text
    served = citizen.http.get(f"/lacak/lampiran/{photo['id']}")
    assert served.status_code == 200 and served.headers["content-type"] == "image/jpeg"
    assert served.content == storage.read_bytes(photo["storage_path"])
    assert served.headers["cache-control"] == "no-store"
    assert served.headers["x-content-type-options"] == "nosniff"
    stranger = Citizen(citizen.http.base_url.__str__())
    assert stranger.http.get(f"/lacak/lampiran/{photo['id']}").status_code == 404
    stranger.close()
    assert "Lubangnya sekitar 1 meter, ini fotonya." in page.text and "(Anda)" in page.text


async def test_rating_an_answer_confirms_it(english: Citizen) -> None:
    world = await wonosobo()
    created = await _at_agency(world, locale="en")
    english.sign_in(created.reference, created.pin)
    assert "Is the problem resolved?" not in english.http.get("/lacak").text  # not answered yet
    await perform(created.ticket_id, Action.ANSWER, actor=STAFF, body="The hole was patched.")
    page = english.http.get("/lacak")
    assert "The hole was patched." in page.text and "Is the problem resolved?" in page.text

    no_rating = english.post("/lacak/nilai", {"comment": "ok"})
    assert no_rating.status_code == 400
    assert errors_on(no_rating.text) == {"rating": "Choose a rating from 1 to 5."}
    rated = english.post("/lacak/nilai", {"rating": "4", "comment": "Fast, thank you."})
    assert rated.status_code == 303
    ticket = await Ticket.select().where(Ticket.id == created.ticket_id).first()
    assert (ticket["status"], ticket["rating"], ticket["rating_comment"]) == (
        "selesai",
        4,
        "Fast, thank you.",
    )
    after = english.http.get("/lacak").text
    assert "Rating: 4 of 5. Fast, thank you." in after
    assert "Confirm and rate" not in after  # rated once
    assert "Not resolved yet: reopen the report" in after  # can still say it is not


async def test_not_resolved_reopens_the_report(citizen: Citizen) -> None:
    world = await wonosobo()
    created = await _at_agency(world, privacy=Privacy.ANONIM, name="", phone="", email="")
    await perform(created.ticket_id, Action.ANSWER, actor=STAFF, body="Sudah ditambal.")
    citizen.sign_in(created.reference, created.pin)
    short = citizen.post("/lacak/belum-selesai", {"reason": "belum"})
    assert short.status_code == 400
    assert errors_on(short.text) == {
        "reason": "Jelaskan paling sedikit 10 karakter apa yang belum selesai."
    }
    reopened = citizen.post(
        "/lacak/belum-selesai", {"reason": "Lubangnya muncul lagi setelah hujan."}
    )
    assert reopened.status_code == 303
    assert await _status(created.ticket_id) == "diproses"
    page = citizen.http.get("/lacak?ok=dibuka")
    assert "Laporan dibuka kembali" in page.text
    assert "Lubangnya muncul lagi setelah hujan." in page.text


async def test_a_forged_cookie_opens_nothing(citizen: Citizen) -> None:
    world = await wonosobo()
    mine = await file_report()
    other = await _at_agency(world, description="Laporan orang lain yang tidak boleh terbaca.")
    theirs = await Attachment.insert(
        Attachment(
            ticket=other.ticket_id,
            kind="photo",
            filename="rumah.jpg",
            content_type="image/jpeg",
            storage_path=storage.store_bytes(jpeg_with_gps(), suffix=".jpg").path,
            created_at=clock.now(),
        )
    ).returning(Attachment.id)
    citizen.sign_in(mine.reference, mine.pin)
    # Signed in to one's own report, another report's file stays out of reach.
    assert citizen.http.get(f"/lacak/lampiran/{theirs[0]['id']}").status_code == 404
    value = citizen.http.cookies[tracking.COOKIE]
    _, expires, nonce, signature = value.split(".")
    citizen.http.cookies.set(
        tracking.COOKIE, f"{other.ticket_id}.{expires}.{nonce}.{signature}", path="/lacak"
    )
    page = citizen.http.get("/lacak")
    assert "Buka laporan" in page.text and "orang lain" not in page.text
    acted = citizen.post("/lacak/tambah", {"body": "Mencoba menulis ke laporan lain"})
    assert acted.status_code == 401
    assert (
        await TicketEvent.count().where(
            (TicketEvent.ticket == other.ticket_id)
            & (TicketEvent.kind == EventKind.INFO_ADDED.value)
        )
        == 0
    )


async def test_an_answer_closed_by_the_timeout_can_still_be_rated(citizen: Citizen) -> None:
    world = await wonosobo()
    created = await _at_agency(world)
    await perform(created.ticket_id, Action.ANSWER, actor=STAFF, body="Sudah diperbaiki.")
    await perform(created.ticket_id, Action.AUTO_CLOSE, actor=WORKER)
    citizen.sign_in(created.reference, created.pin)
    page = citizen.http.get("/lacak")
    assert '<strong id="status">Selesai</strong>' in page.text
    assert "Konfirmasi dan beri nilai" in page.text
    assert citizen.post("/lacak/nilai", {"rating": "2"}).status_code == 303
    ticket = await Ticket.select().where(Ticket.id == created.ticket_id).first()
    assert (ticket["status"], ticket["rating"]) == ("selesai", 2)
