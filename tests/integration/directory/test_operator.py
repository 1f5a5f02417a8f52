"""Who runs the service, over the real app (issue 17): an admin sets it in the console, and every
place a citizen or an official looks names it with the number to call: each layout's header and
footer, the receipt, the SMS and e-mail, the phone line's welcome, the PDF cover, Open311's
discovery. A bad number is refused in Indonesian and English, keeping what was typed."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image
from pypdf import PdfReader

from hotline.directory.tables import AdminChange, ServiceOperator
from hotline.notify.tables import OutboxMessage
from tests.integration.citizen.conftest import GENEROUS
from tests.integration.citizen.world import Citizen, wonosobo
from tests.integration.ivr.helpers import ALWAYS_OPEN, AUTH_TOKEN, PUBLIC_URL
from tests.integration.konsol.support import csrf_token, make_user, sign_in
from tests.integration.transparency.pdftext import pdf_text
from tests.integration.transparency.scenario import build_august, worker_stores_figures
from tests.support.live_server import live_server
from tests.support.twilio_caller import TwilioCaller

LOGO_SVG = (
    Path(__file__).resolve().parents[3] / "hotline/demo/data/wonosobo-logo.svg"
).read_bytes()
TWILIO_NUMBER = "+62286300000"  # what the hotline number falls back to
WONOSOBO = {
    "government": "Pemerintah Kabupaten Wonosobo",
    "unit": "Dinas Komunikasi dan Informatika — Unit Layanan Pengaduan",
    "hotline_phone": "0286 321000",
    "message_phone": "0812 2600 1234",
    "address": "Jl. Sumbing No. 2, Wonosobo 56311",
    "approver_name": "Drs. Budi Santoso, M.Si.",
    "approver_position": "Kepala Dinas Komunikasi dan Informatika",
    **{f"open_{d}": "07:30" for d in range(5)},
    **{f"close_{d}": "16:00" for d in range(5)},
}
NAME = "Pemerintah Kabupaten Wonosobo"
TEL = 'href="tel:+62286321000"'


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with live_server(HOTLINE_TWILIO_NUMBER=TWILIO_NUMBER, **GENEROUS, **ALWAYS_OPEN) as base:
        yield base


async def fetch(url: str, **kwargs: Any) -> httpx.Response:
    async with httpx.AsyncClient(timeout=60) as http:
        return await http.get(url, **kwargs)


def png(size: int = 32) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (size, size), (11, 79, 138)).save(out, format="PNG")
    return out.getvalue()


async def admin(server: str) -> httpx.AsyncClient:
    await make_user("admin", "admin")
    return await sign_in(server, "admin")


@asynccontextmanager
async def signed_in_admin(server: str) -> AsyncIterator[httpx.AsyncClient]:
    client = await admin(server)
    try:
        yield client
    finally:
        await client.aclose()


async def submit(
    client: httpx.AsyncClient,
    fields: dict[str, str],
    logo: tuple[str, bytes, str] | None = None,
    lang: str = "",
) -> httpx.Response:
    path = "/konsol/admin/penyelenggara"
    token = await csrf_token(client, path)
    return await client.post(
        path + (f"?lang={lang}" if lang else ""),
        data={**fields, "_csrf_token": token},
        files={"logo": logo} if logo else {"logo": ("", b"", "application/octet-stream")},
    )


async def configure(server: str, logo: tuple[str, bytes, str] | None = None) -> None:
    async with signed_in_admin(server) as client:
        saved = await submit(client, WONOSOBO, logo or ("logo.svg", LOGO_SVG, "image/svg+xml"))
        assert saved.status_code == 303, saved.text[:2000]


def header_and_footer(page: str) -> tuple[str, str]:
    """The page's header and footer (the console's carry a class; a page may have no footer)."""
    header = re.search(r"<header[^>]*>(.*?)</header>", page, re.S)
    footer = re.search(r"<footer[^>]*>(.*?)</footer>", page, re.S)
    assert header is not None, "no header"
    return header.group(1), footer.group(1) if footer else ""


async def test_nothing_configured_keeps_the_generic_texts(server: str) -> None:
    page = (await fetch(server + "/")).text
    header, footer = header_and_footer(page)
    # The hotline number is HOTLINE_TWILIO_NUMBER's, in both; no government is named.
    assert 'href="tel:+62286300000"' in header and "(0286) 300000" in footer
    assert "Pemerintah" not in page
    discovery = (await fetch(server + "/open311/v2/discovery.json")).json()
    assert discovery["contact"].startswith("Layanan pengaduan masyarakat, http")
    # The phone line says what it said before.
    caller = TwilioCaller(server, auth_token=AUTH_TOKEN, public_url=PUBLIC_URL)
    try:
        call = caller.call()
        call.start()
        assert "Selamat datang di layanan pengaduan masyarakat pemerintah kabupaten." in call.says
    finally:
        caller.close()


async def test_an_admin_sets_the_operator_and_every_page_shows_it(server: str) -> None:
    async with signed_in_admin(server) as client:
        form = await client.get("/konsol/admin/penyelenggara")
        assert form.status_code == 200 and "Penyelenggara layanan" in form.text
        saved = await submit(client, WONOSOBO, ("logo.svg", LOGO_SVG, "image/svg+xml"))
        assert saved.status_code == 303, saved.text[:2000]
        again = await client.get("/konsol/admin/penyelenggara")
        # Numbers are stored in E.164 and shown as they are dialled in Indonesia.
        assert 'value="(0286) 321000"' in again.text and 'value="0812-2600-1234"' in again.text
        # The console names the operator in its header, without the citizen's contact block.
        header, footer = header_and_footer(again.text)
        assert NAME in header and "tel:" not in header and NAME not in footer
    row = await ServiceOperator.select().first()
    assert row is not None and row["hotline_phone"] == "+62286321000"
    assert row["message_phone"] == "+6281226001234"
    change = await AdminChange.select().where(AdminChange.entity == "operator").first()
    assert change is not None and change["actor"] == "admin"

    for path in ("/", "/lapor", "/lacak", "/laporan", "/transparansi"):
        page = await fetch(server + path, headers={"Accept-Language": "id"})
        assert page.status_code == 200, path
        header, footer = header_and_footer(page.text)
        assert NAME in header and TEL in header, path
        assert NAME in footer and TEL in footer and 'href="tel:+6281226001234"' in footer, path
        assert "Jl. Sumbing No. 2, Wonosobo 56311" in footer
        assert "Senin–Jumat 07.30–16.00" in footer
        assert re.search(r'<img src="/penyelenggara/logo\?v=[0-9a-f]{16}"', header), path
    english = (await fetch(server + "/?lang=en")).text
    assert "Monday–Friday 07:30–16:00" in header_and_footer(english)[1]

    logo = await fetch(server + re.findall(r'src="(/penyelenggara/logo[^"]+)"', english)[0])
    assert logo.status_code == 200 and logo.content == LOGO_SVG
    assert logo.headers["content-type"].startswith("image/svg+xml")
    assert "default-src 'none'" in logo.headers["content-security-policy"]

    discovery = (await fetch(server + "/open311/v2/discovery.json")).json()
    assert NAME in discovery["contact"] and "(0286) 321000" in discovery["contact"]
    assert "Unit Layanan Pengaduan" in discovery["key_service"]
    xml = (await fetch(server + "/open311/v2/discovery.xml")).text
    assert f"<contact>{NAME}" in xml


async def test_a_bad_number_is_refused_in_both_languages_keeping_what_was_typed(
    server: str,
) -> None:
    typed = {**WONOSOBO, "hotline_phone": "12345", "address": "Jl. Sumbing No. 2 (ketikan saya)"}
    async with signed_in_admin(server) as client:
        refused = await submit(client, typed)
        assert refused.status_code == 400
        assert "Masukkan nomor telepon seperti (0286) 321000" in refused.text
        # Nothing typed is lost: every field comes back as it was written.
        assert 'value="12345"' in refused.text
        assert 'value="Jl. Sumbing No. 2 (ketikan saya)"' in refused.text
        assert f'value="{NAME}"' in refused.text and 'value="07:30"' in refused.text

        english = await submit(client, typed, lang="en")
        assert english.status_code == 400
        assert "Enter a phone number such as (0286) 321000" in english.text

        # An SVG that runs a script is no logo; a closing time before the opening one is refused.
        script = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
        bad = await submit(
            client,
            {**WONOSOBO, "open_0": "16:00", "close_0": "07:30", "government": ""},
            ("logo.svg", script, "image/svg+xml"),
        )
        assert bad.status_code == 400
        assert "tanpa skrip atau tautan ke luar" in bad.text
        assert "Jam tutup harus setelah jam buka." in bad.text
        assert "Isian ini wajib diisi." in bad.text
    assert await ServiceOperator.count() == 0  # nothing half-saved


async def test_the_receipt_sms_and_e_mail_name_the_operator_and_the_number(server: str) -> None:
    await wonosobo()
    await configure(server)
    citizen = Citizen(server)
    try:
        sent = citizen.file_report(
            {
                "privacy": "publik",
                "name": "Siti Rahayu",
                "phone": "0812 3456 7890",
                "email": "siti@example.org",
                "sms_consent": "1",
            }
        )
        assert sent.status_code == 303, sent.text[:2000]
        receipt = citizen.http.get("/lapor/terkirim").text
    finally:
        citizen.close()
    call = receipt.split('class="operator-call"', 1)[1].split("</p>", 1)[0]
    assert f"Telepon hotline {NAME}" in call and TEL in call and "(0286) 321000" in call

    messages = {r["channel"]: r for r in await OutboxMessage.select()}
    assert messages["sms"]["body"].endswith(f"{NAME}, hotline (0286) 321000")
    email = messages["email"]["body"]
    assert "\n-- \n" + NAME + "\nDinas Komunikasi dan Informatika" in email
    assert "Hotline: (0286) 321000" in email and "WhatsApp/SMS: 0812-2600-1234" in email
    assert "Jam layanan: Senin–Jumat 07.30–16.00" in email


async def test_the_phone_line_welcomes_in_the_operators_name(server: str) -> None:
    caller = TwilioCaller(server, auth_token=AUTH_TOKEN, public_url=PUBLIC_URL)
    try:
        await configure(server)
        after = caller.call()
        after.start()
        assert f"Selamat datang di layanan pengaduan masyarakat {NAME}." in after.says
    finally:
        caller.close()


async def test_the_pdf_cover_names_the_issuer_with_a_place_for_the_approving_official(
    server: str,
) -> None:
    await build_august()
    await worker_stores_figures()
    await configure(server, ("logo.png", png(), "image/png"))
    async with httpx.AsyncClient(base_url=server, timeout=120) as http:
        response = await http.get("/transparansi/2026-08.pdf")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    cover = pdf_text(response.content).split("\f", 1)[0]
    assert NAME in cover
    assert "Diterbitkan oleh Dinas Komunikasi dan Informatika — Unit Layanan Pengaduan" in cover
    assert "Hotline: (0286) 321000" in cover
    assert "Disahkan oleh" in cover and "Drs. Budi Santoso, M.Si." in cover
    assert "Kepala Dinas Komunikasi dan Informatika" in cover
    # The logo is on the cover: written inline, read by the renderer that fetches nothing else.
    assert len(reader.pages[0].images) == 1
