"""/lapor through the real server: the form, its errors in both languages, uploads, the receipt."""

from __future__ import annotations

import io
import re

from PIL import Image

from hotline.citizen.tables import WebSubmission
from hotline.db.tx import is_sqlite
from hotline.notify.outbox import concerning
from hotline.notify.tables import OutboxMessage
from hotline.tickets import pins, storage
from hotline.tickets.messages import about
from hotline.tickets.tables import Attachment, Reporter, Ticket
from tests.integration.citizen.world import (
    Citizen,
    errors_on,
    jpeg_with_gps,
    ticket_by_reference,
    wonosobo,
)

SECRET = "test-secret-key-not-for-production"


async def test_the_form_speaks_indonesian_first_english_on_request_and_stays_small(
    citizen: Citizen, english: Citizen
) -> None:
    await wonosobo()
    page = citizen.http.get("/lapor")
    assert page.status_code == 200
    assert '<html lang="id">' in page.text and "Buat laporan" in page.text
    # Categories grouped, every kecamatan and desa of Wonosobo from the regions table.
    assert '<optgroup label="Infrastruktur">' in page.text
    assert (
        "<dt>Jalan rusak atau berlubang</dt><dd>Keterangan jalan rusak atau berlubang.</dd>"
        in page.text
    )
    assert ">Wadaslintang<" in page.text and ">Kalibawang<" in page.text
    assert page.text.count('data-kecamatan="33.07.') == 15
    assert page.text.count('<option value="33.07.') == 15 + 265
    # A slow connection: the whole page, desa list included, is under 100 KB.
    assert len(page.content) < 100_000
    # Every field has a label; the honeypot is hidden from people and from the keyboard.
    for field_id in re.findall(r'<(?:input|select|textarea)[^>]* id="([\w-]+)"', page.text):
        assert f'for="{field_id}"' in page.text, field_id
    assert 'name="website" tabindex="-1"' in page.text
    # The page depends on the language and the session; sent gzipped, also on the encoding.
    vary = {v.strip() for v in page.headers["vary"].split(",")}
    assert vary == {"Accept-Language", "Cookie", "Accept-Encoding"}
    in_english = english.http.get("/lapor").text
    assert in_english.count("File a report") >= 2
    assert "<dt>Damaged road</dt><dd>About damaged road.</dd>" in in_english
    switched = citizen.http.get("/lapor?lang=en")
    assert '<html lang="en">' in switched.text and "Who may see your report?" in switched.text
    assert "hotline_lang=en" in switched.headers.get("set-cookie", "")


async def test_errors_are_shown_beside_their_fields_in_the_citizens_language(
    citizen: Citizen, english: Citizen
) -> None:
    await wonosobo()
    empty = {"category": "", "description": "pendek", "privacy": "", "consent": ""}
    rejected = citizen.file_report(empty)
    assert rejected.status_code == 400
    errors = errors_on(rejected.text)
    assert errors["category"] == "Pilih kategori laporan."
    assert errors["description"] == "Jelaskan masalahnya paling sedikit 10 karakter."
    assert errors["privacy"] == "Pilih siapa yang boleh melihat laporan Anda."
    assert errors["consent"] == "Setujui pemrosesan data Anda agar laporan dapat kami tangani."
    # The summary at the top links to each field; the fields point at their messages.
    assert 'role="alert"' in rejected.text and '<a href="#category">' in rejected.text
    assert 'aria-describedby="description-hint description-error"' in rejected.text
    assert "<title>Kesalahan:" in rejected.text

    in_english = english.file_report(empty)
    errors = errors_on(in_english.text)
    assert errors["category"] == "Choose what the report is about."
    assert errors["description"] == "Describe the problem in at least 10 characters."
    assert (
        errors["consent"]
        == "Agree to the processing of your data so that we can handle the report."
    )

    # A public report needs a name and a way to reach the reporter.
    public = english.file_report({"privacy": "publik", "phone": "12", "name": ""})
    errors = errors_on(public.text)
    assert errors["phone"] == "This is not a valid phone number, e.g. 0812 3456 7890."
    assert errors["name"] == "A public report needs your name."
    wrong_desa = citizen.file_report({"kecamatan": "33.07.01", "desa": "33.07.09.1002"})
    assert errors_on(wrong_desa.text)["desa"] == (
        "Pilih desa yang berada di kecamatan yang Anda pilih."
    )
    assert await Ticket.count() == 0


async def test_a_rejected_form_keeps_what_was_typed_and_says_the_files_must_be_chosen_again(
    citizen: Citizen,
) -> None:
    await wonosobo()
    typed = {
        "description": "Lampu jalan mati sejak seminggu & gelap <sekali>",
        "location": "Jl. Pasar No. 3, RT 02/RW 01",
        "latitude": "-7.6",
        "longitude": "109.78",
        "name": "Siti Rahayu",
        "phone": "0812 3456 7890",
        "email": "bukan-email",
        "desa": "",
        "kecamatan": "33.07.04",
        "privacy": "publik",
    }
    page = citizen.file_report(typed, files=[("jalan.jpg", jpeg_with_gps(), "image/jpeg")])
    assert page.status_code == 400
    assert errors_on(page.text) == {"email": "Alamat email tidak valid."}
    assert "Lampu jalan mati sejak seminggu &amp; gelap &lt;sekali&gt;</textarea>" in page.text
    for value in ("Jl. Pasar No. 3, RT 02/RW 01", "-7.6", "109.78", "Siti Rahayu", "bukan-email"):
        assert f'value="{value}"' in page.text
    assert '<option value="33.07.04" selected>' in page.text
    assert '<option value="JALAN-RUSAK" selected>' in page.text
    assert 'value="publik" checked' in page.text
    assert "berkas yang Anda pilih tidak disimpan: silakan pilih lagi" in page.text
    assert await Ticket.count() == 0


async def test_filing_with_a_photo_gives_reference_and_pin_once_and_strips_the_exif(
    citizen: Citizen,
) -> None:
    await wonosobo()
    photo = jpeg_with_gps()
    assert Image.open(io.BytesIO(photo)).getexif().get_ifd(0x8825)  # the input has GPS
    sent = citizen.file_report(
        {
            "privacy": "publik",
            "name": "Siti Rahayu",
            "phone": "0812 3456 7890",
            "desa": "33.07.01.2001",
            "sms_consent": "1",
        },
        files=[("jalan.jpg", photo, "image/jpeg"), ("surat.pdf", PDF, "application/pdf")],
    )
    assert sent.status_code == 303
    assert sent.headers["location"] == "/lapor/terkirim"
    receipt_cookie = sent.headers["set-cookie"]
    assert "HttpOnly" in receipt_cookie and "Path=/lapor" in receipt_cookie

    page = citizen.http.get("/lapor/terkirim")
    assert page.headers["cache-control"] == "no-store"
    reference, pin = _codes(page.text)
    assert pin is not None
    # The PIN is nowhere but on this page: not in a URL, not in a cookie.
    assert pin not in sent.headers["location"] and pin not in receipt_cookie
    # What happens next and by when: the verification deadline, in WIB, in Indonesian.
    assert re.search(
        r"Diperiksa unit pengaduan paling lambat <strong>\w+, \d+ \w+ 20\d\d pukul \d\d\.\d\d WIB",
        page.text,
    )

    ticket = await ticket_by_reference(reference)
    assert ticket["channel"] == "web" and ticket["privacy"] == "publik"
    assert pins.pin_matches(pin, ticket["pin_hash"], SECRET)
    reporter = await Reporter.select().where(Reporter.id == ticket["reporter"]).first()
    assert reporter is not None
    assert reporter["phone"] == "+6281234567890" and reporter["locale"] == "id"
    attachments = (
        await Attachment.select().where(Attachment.ticket == ticket["id"]).order_by(Attachment.id)
    )
    assert [(a["kind"], a["filename"], a["content_type"]) for a in attachments] == [
        ("photo", "jalan.jpg", "image/jpeg"),
        ("document", "surat.pdf", "application/pdf"),
    ]
    stored = Image.open(io.BytesIO(storage.read_bytes(attachments[0]["storage_path"])))
    assert stored.format == "JPEG" and stored.size == (64, 48)
    assert not stored.getexif() and "exif" not in stored.info
    assert storage.read_bytes(attachments[1]["storage_path"]) == PDF
    assert await WebSubmission.count().where(WebSubmission.ticket == ticket["id"]) == 1
    # The SMS says the reference, never the PIN (it was on screen).
    sms = await OutboxMessage.select().where(concerning(about(ticket["id"])))
    assert sms and all(reference in m["body"] and pin not in m["body"] for m in sms)

    # A refresh shows the reference again, the PIN never again.
    again_ref, again_pin = _codes(citizen.http.get("/lapor/terkirim").text)
    assert (again_ref, again_pin) == (reference, None)


async def test_the_same_form_sent_twice_files_one_report(citizen: Citizen) -> None:
    await wonosobo()
    fields = citizen.form_fields("/lapor")
    data = {
        **fields,
        "category": "SAMPAH",
        "kecamatan": "33.07.09",
        "description": "Sampah tidak diangkut selama dua minggu di ujung gang.",
        "privacy": "rahasia",
        "consent": "1",
    }
    first = citizen.http.post("/lapor", data=data)
    second = citizen.http.post("/lapor", data=data)
    assert first.status_code == second.status_code == 303
    assert await Ticket.count() == 1
    reference, pin = citizen.receipt()
    assert pin is not None and (await ticket_by_reference(reference))["privacy"] == "rahasia"


async def test_an_html_file_named_jpg_is_refused_and_nothing_is_filed(citizen: Citizen) -> None:
    await wonosobo()
    page = citizen.file_report(
        files=[("foto.jpg", b"<!doctype html><script>alert(1)</script>", "image/jpeg")]
    )
    assert page.status_code == 400
    assert errors_on(page.text)["files"] == (
        "foto.jpg bukan foto (JPEG, PNG, WebP) atau dokumen PDF, sehingga tidak diterima."
    )
    assert await Ticket.count() == 0 and await Attachment.count() == 0


async def test_an_oversize_file_is_a_clear_error(english: Citizen) -> None:
    await wonosobo()
    # The test server allows 1 MB per file (HOTLINE_CITIZEN_MAX_FILE_MB=1).
    big = jpeg_with_gps() + b"\0" * (1024 * 1024)
    page = english.file_report(files=[("besar.jpg", big, "image/jpeg")])
    assert page.status_code == 400
    assert errors_on(page.text)["files"] == "besar.jpg is larger than 1 MB, the limit per file."
    assert await Ticket.count() == 0


async def test_a_filled_honeypot_files_nothing(citizen: Citizen) -> None:
    await wonosobo()
    page = citizen.file_report({"website": "http://spam.example"})
    assert page.status_code == 400
    assert "Formulir tidak dapat dikirim. Silakan coba lagi." in page.text
    assert await Ticket.count() == 0


async def test_a_post_without_the_csrf_token_is_refused_with_a_clear_page(
    citizen: Citizen, english: Citizen
) -> None:
    await wonosobo()
    fields = citizen.form_fields("/lapor")
    del fields["_csrf_token"]
    refused = citizen.http.post("/lapor", data={**fields, "description": "x" * 20})
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("text/html")
    assert "Formulir ini tidak dapat diterima" in refused.text
    assert "Pemeriksaan keamanan formulir gagal" in refused.text
    english.form_fields("/lacak")
    refused = english.http.post("/lacak", data={"reference": "2600000000", "pin": "123456"})
    assert refused.status_code == 403 and "This form could not be accepted" in refused.text
    assert await Ticket.count() == 0


def _codes(html: str) -> tuple[str, str | None]:
    ref = re.search(r'<dd id="reference">(\d+)<', html)
    pin = re.search(r'<dd id="pin">(\d+)<', html)
    assert ref, html
    return ref.group(1), pin.group(1) if pin else None


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


FAIL_SQLITE = """
CREATE TRIGGER citizen_test_fail BEFORE INSERT ON web_submission
BEGIN SELECT RAISE(ABORT, 'storage unavailable'); END
"""
FAIL_POSTGRES = (
    "CREATE FUNCTION citizen_test_fail() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'storage unavailable'; END $$ LANGUAGE plpgsql",
    "CREATE TRIGGER citizen_test_fail BEFORE INSERT ON web_submission "
    "FOR EACH ROW EXECUTE FUNCTION citizen_test_fail()",
)


async def test_a_database_failure_while_filing_loses_nothing_typed_and_files_nothing(
    citizen: Citizen,
) -> None:
    """The last write of the report fails in the database: the ticket, its event, its clock
    and its outbox rows written before it in the same transaction are gone too, and the citizen
    gets the form back as typed."""
    await wonosobo()
    sqlite = is_sqlite()
    statements = (FAIL_SQLITE,) if sqlite else FAIL_POSTGRES
    for sql in statements:
        await Ticket.raw(sql)
    try:
        page = citizen.file_report(
            {
                "description": "Jembatan kayu di dusun kami patah sebagian.",
                "phone": "0812 3456 7890",
            }
        )
    finally:
        await Ticket.raw(
            "DROP TRIGGER citizen_test_fail" + ("" if sqlite else " ON web_submission")
        )
        if not sqlite:
            await Ticket.raw("DROP FUNCTION citizen_test_fail()")
    assert page.status_code == 400
    assert "Kami belum dapat menyimpan laporan Anda" in page.text
    assert "Jembatan kayu di dusun kami patah sebagian.</textarea>" in page.text
    assert 'value="0812 3456 7890"' in page.text
    assert await Ticket.count() == 0
    assert await OutboxMessage.count() == 0
    # Once the database is well again, the same form files normally.
    assert citizen.file_report().status_code == 303


async def test_a_report_a_confident_rule_dispatches_says_which_agency_and_its_deadlines(
    english: Citizen,
) -> None:
    await wonosobo(confident=True)
    assert english.file_report({"category": "SAMPAH"}).status_code == 303
    page = english.http.get("/lapor/terkirim")
    assert "sent to Dinas Lingkungan Hidup" in page.text
    assert "went straight to the agency responsible" in page.text
    assert re.search(r"First response from the agency by <strong>[^<]+ WIB</strong>", page.text)
    assert re.search(r"Resolved by <strong>[^<]+ WIB</strong>", page.text)
    assert "Checked by the hotline unit" not in page.text
