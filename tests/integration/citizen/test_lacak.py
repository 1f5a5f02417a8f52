"""/lacak through the real server: PIN sign-in and its throttle (the stranger is locked, not the
reporter), the public timeline, adding information, rating and disputing an answer."""

from __future__ import annotations

import io
import random
import re

import httpx
from PIL import Image

from hotline import clock
from hotline.citizen import tracking
from hotline.directory.tables import RoutingRule
from hotline.tickets import storage
from hotline.tickets.events import EventKind
from hotline.tickets.lifecycle import Action
from hotline.tickets.privacy import Privacy
from hotline.tickets.service import WORKER, CreatedReport, perform, reply
from hotline.tickets.tables import Attachment, Ticket, TicketClock, TicketEvent
from tests.integration.citizen.world import Citizen, World, errors_on, jpeg_with_gps, wonosobo
from tests.support.factories import STAFF, file_report
from tests.support.live_server import live_server


async def _at_agency(world: World, **kwargs: object) -> CreatedReport:
    created = await file_report(**kwargs)  # type: ignore[arg-type]
    await perform(created.ticket_id, Action.VERIFY, actor=STAFF)
    await perform(created.ticket_id, Action.DISPATCH, actor=STAFF, agency_id=world.pupr)
    await perform(created.ticket_id, Action.ACCEPT, actor=STAFF)
    return created


async def _status(ticket_id: int) -> str:
    row = await Ticket.select(Ticket.status).where(Ticket.id == ticket_id).first()
    assert row is not None
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


def _from(server: str, address: str, lang: str = "en-GB,en;q=0.8") -> Citizen:
    """A citizen at another address: the test server trusts X-Forwarded-For from 127.0.0.1,
    as it trusts the reverse proxy in production."""
    person = Citizen(server, lang=lang)
    person.http.headers["X-Forwarded-For"] = address
    return person


def _shape(response: httpx.Response, reference: str) -> tuple[int, str]:
    """A refusal as a stranger sees it, without what differs on every page (the form's tokens)
    and the reference they typed themselves."""
    body = re.sub(r'(name="(?:_csrf_token|nonce)" value=")[^"]*"', r"\1…", response.text)
    return response.status_code, body.replace(reference, "REF")


async def test_a_strangers_wrong_pins_lock_the_stranger_not_the_reporter(server: str) -> None:
    await wonosobo()
    created = await file_report()
    wrong = "000000" if created.pin != "000000" else "111111"
    stranger = _from(server, "10.20.0.1")
    refusals = [stranger.sign_in(created.reference, wrong) for _ in range(5)]
    # The stranger is now locked out of this report: even the right PIN is refused ...
    refusals.append(stranger.sign_in(created.reference, created.pin))
    assert tracking.COOKIE not in refusals[-1].headers.get("set-cookie", "")
    # ... and an unknown reference, from a clean client, reads exactly the same.
    newcomer = _from(server, "10.20.0.2")
    refusals.append(newcomer.sign_in("2600000000", wrong))
    typed = [created.reference] * 6 + ["2600000000"]
    shapes = {_shape(r, ref) for r, ref in zip(refusals, typed, strict=True)}
    assert len(shapes) == 1
    status, body = shapes.pop()
    assert status == 404
    assert "The reference or the PIN is not right. After several wrong tries, wait 30" in body
    # The typed reference stays in the form, the PIN does not.
    assert f'value="{created.reference}"' in refusals[-2].text
    assert created.pin not in refusals[-2].text
    # The reporter, on their own phone, opens the report at once.
    owner = _from(server, "10.20.0.3")
    opened = owner.sign_in(created.reference, created.pin)
    assert opened.status_code == 303 and tracking.COOKIE in opened.headers.get("set-cookie", "")
    for person in (stranger, newcomer, owner):
        person.close()


async def test_a_report_guessed_from_many_addresses_slows_down_but_opens_for_its_owner(
    server: str,
) -> None:
    await wonosobo()
    created = await file_report()
    wrong = "000000" if created.pin != "000000" else "111111"
    strangers = [_from(server, f"10.30.0.{n}") for n in range(10)]
    for stranger in strangers:
        assert stranger.sign_in(created.reference, wrong).status_code == 404
    # The report now makes clients that have failed wait (a growing delay) ...
    late = strangers[0].sign_in(created.reference, created.pin)
    assert late.status_code == 404
    # ... never a clean one: the owner's right PIN opens it.
    owner = _from(server, "10.30.1.1")
    assert owner.sign_in(created.reference, created.pin).status_code == 303
    events = await TicketEvent.select(TicketEvent.kind, TicketEvent.public).where(
        TicketEvent.ticket == created.ticket_id
    )
    assert {"kind": EventKind.PIN_LOCKED.value, "public": False} in events
    for person in [*strangers, owner]:
        person.close()


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
    assert photo is not None
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
    assert ticket is not None
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


async def test_the_reporter_withdraws_their_report(citizen: Citizen) -> None:
    world = await wonosobo()
    created = await _at_agency(world)
    citizen.sign_in(created.reference, created.pin)
    page = citizen.http.get("/lacak")
    assert 'action="/lacak/tarik"' in page.text
    unconfirmed = citizen.post("/lacak/tarik", {"reason": "Sudah diperbaiki warga."})
    assert unconfirmed.status_code == 400
    assert errors_on(unconfirmed.text) == {
        "confirm": "Centang kotak untuk memastikan Anda menarik laporan ini."
    }
    assert "Sudah diperbaiki warga." in unconfirmed.text  # nothing typed is lost
    assert await _status(created.ticket_id) == "diproses"
    done = citizen.post("/lacak/tarik", {"reason": "Sudah diperbaiki warga.", "confirm": "1"})
    assert done.status_code == 303
    assert await _status(created.ticket_id) == "diarsipkan"
    page = citizen.http.get("/lacak?ok=ditarik")
    assert "Laporan Anda sudah ditarik" in page.text
    # Archived, so it cannot be withdrawn again, and its deadlines stopped.
    assert 'action="/lacak/tarik"' not in page.text
    running = await TicketClock.count().where(
        (TicketClock.ticket == created.ticket_id) & TicketClock.stopped_at.is_null()
    )
    assert running == 0


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
    assert ticket is not None
    assert (ticket["status"], ticket["rating"]) == ("selesai", 2)


async def test_with_redis_the_lock_holds_on_every_replica() -> None:
    """HOTLINE_REDIS_URL set: failures counted by one replica lock the client on the other.
    The stranger's address is fresh for every run, as the Redis server outlives the test."""
    await wonosobo()
    created = await file_report()
    wrong = "000000" if created.pin != "000000" else "111111"
    address = f"10.{random.randrange(64, 250)}.{random.randrange(256)}.{random.randrange(256)}"
    env = {"HOTLINE_REDIS_URL": "redis://127.0.0.1:6379/0"}
    with live_server(**env) as one, live_server(**env) as two:
        first, second = _from(one, address), _from(two, address)
        for person in (first, second, first, second, first):
            assert person.sign_in(created.reference, wrong).status_code == 404
        # Five failures across the replicas: the right PIN is refused on both ...
        for person in (first, second):
            refused = person.sign_in(created.reference, created.pin)
            assert refused.status_code == 404
        # ... and the reporter elsewhere is let in by either.
        owner = _from(two, "10.255.255.254")
        assert owner.sign_in(created.reference, created.pin).status_code == 303
        for person in (first, second, owner):
            person.close()


async def test_an_automatic_dispatch_is_the_systems_under_a_named_rule(citizen: Citizen) -> None:
    # A confident rule's dispatch was recorded as done by the reporter, and /lacak said "(Anda)"
    # beside it (issue 15, item 6). The system did it, under a rule the history names.
    world = await wonosobo(confident=True)
    rule = await RoutingRule.select(RoutingRule.id).where(RoutingRule.agency == world.dlh).first()
    assert rule is not None
    await RoutingRule.update({RoutingRule.note: "Sampah: langsung ke DLH"}).where(
        RoutingRule.id == rule["id"]
    )
    assert citizen.file_report({"category": "SAMPAH"}).status_code == 303
    reference, pin = citizen.receipt()
    assert pin is not None
    ticket = await Ticket.select(Ticket.id).where(Ticket.reference == reference).first()
    assert ticket is not None
    dispatch = (
        await TicketEvent.select()
        .where((TicketEvent.ticket == ticket["id"]) & (TicketEvent.to_status == "didisposisikan"))
        .output(load_json=True)
        .first()
    )
    assert dispatch is not None
    assert dispatch["actor_type"] == "system" and dispatch["actor"] is None
    assert dispatch["data"]["reason"] == "routing_rule"
    assert dispatch["data"]["rule"] == rule["id"]
    assert dispatch["data"]["rule_note"] == "Sampah: langsung ke DLH"

    assert citizen.sign_in(reference, pin).status_code == 303
    page = citizen.http.get("/lacak").text
    entry = re.search(
        r"<li><time>[^<]*</time><strong>Diteruskan ke instansi</strong>(.*?)</li>", page, re.S
    )
    assert entry, page
    assert "(Anda)" not in entry.group(1)
    assert (
        f"Diteruskan otomatis ke Dinas Lingkungan Hidup oleh aturan rute #{rule['id']}."
        in entry.group(1)
    )
