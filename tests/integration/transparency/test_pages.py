"""/transparansi over HTTP against the real `hotline serve`: the overview, a month's page in both
languages, its PDF, CSV and JSON, an agency's page, and clear errors for what does not exist."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import httpx
import pytest
from pypdf import PdfReader

from hotline.tickets.tables import Ticket
from tests.integration.transparency.pdftext import pdf_text
from tests.integration.transparency.scenario import build_august, worker_stores_figures
from tests.support.live_server import live_server


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    # The server's clock is the real one: August 2026 is a past month for it.
    with live_server() as url:
        yield url


async def test_month_page_in_both_languages(base: str) -> None:
    august = await build_august()
    # One invented report: the month's pages say the data is invented.
    await Ticket.update({Ticket.is_demo: True}).where(Ticket.id == august.tickets["A"])
    await worker_stores_figures()
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        assert "Data contoh" not in (await http.get("/transparansi/2026-07")).text
        page = await http.get("/transparansi/2026-08")
        assert page.status_code == 200, page.text
        html = page.text
        assert 'lang="id"' in html
        assert "Penanganan pengaduan Agustus 2026" in html
        # Babel, Indonesian: 8 of 11 deadlines is 72,7%; shares are always shown with counts.
        assert "72,7%" in html and "8 dari 11" in html
        assert "Dinas PUPR" in html
        assert "terlalu sedikit untuk dinilai" in html  # 6 deadlines < 10
        assert "<svg" in html and "<table" in html
        assert "Data contoh: semua laporan di server ini hanya rekaan." in html

        english = await http.get("/transparansi/2026-08", params={"lang": "en"})
        assert "Complaint handling in August 2026" in english.text
        assert "72.7%" in english.text and "8 of 11" in english.text
        assert "too few to judge" in english.text


async def test_month_files(base: str) -> None:
    await build_august()
    await worker_stores_figures()
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        data = (await http.get("/transparansi/2026-08.json")).json()
        assert data["month"] == "2026-08"
        assert data["figures"]["total"]["received"] == 5
        assert data["figures"]["total"]["sla"]["all"] == {"met": 8, "decided": 11, "rate": 0.7273}

        response = await http.get("/transparansi/2026-08.csv")
        assert response.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        total = {
            r["measure"]: r["value"]
            for r in rows
            if r["section"] == "figures" and r["dimension"] == "total"
        }
        assert total["received"] == "5" and total["closed_unresolved"] == "1"
        assert total["resolved"] == "1"

        response = await http.get("/transparansi/2026-08.pdf")
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(response.content))
        assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4
        text = pdf_text(response.content)
        assert "Penanganan pengaduan Agustus 2026" in text
        assert "Daftar isi" in text and "Ringkasan" in text
        assert "Dinas PUPR" in text and "72,7%" in text
        assert "Cara angka dihitung" in text
        # Page numbers in the running footer: "2 / N" on the second page.
        pages = len(reader.pages)
        assert f"2 / {pages}" in pdf_text(response.content)


async def test_overview_and_agency_page(base: str) -> None:
    await build_august()
    await worker_stores_figures()
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        page = await http.get("/transparansi")
        assert page.status_code == 200
        assert "Agustus 2026" in page.text
        assert page.text.count('href="/transparansi/20') >= 12

        agency = await http.get("/transparansi/instansi/DPUPR")
        assert agency.status_code == 200 and "Dinas PUPR" in agency.text

        missing = await http.get("/transparansi/instansi/NOPE")
        assert missing.status_code == 404 and "Tidak ada instansi" in missing.text


@pytest.mark.parametrize(
    "path", ["/transparansi/2026-13", "/transparansi/2099-01", "/transparansi/x.pdf"]
)
async def test_unknown_months_are_404_pages(base: str, path: str) -> None:
    async with httpx.AsyncClient(base_url=base) as http:
        response = await http.get(path)
        assert response.status_code == 404
        assert "Tidak ada laporan untuk bulan ini" in response.text


async def test_every_breakdown_adds_up_to_the_month(base: str) -> None:
    # Issue 15, item 15: agencies showed 0 "closed without resolution" while the month showed
    # some, and their "received" rows summed to less than the total. C was rejected before any
    # dispatch; F was still waiting for verification at the end of August (rejected in September).
    await build_august()
    await worker_stores_figures()
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        data = (await http.get("/transparansi/2026-08.json")).json()["figures"]
        total = data["total"]
        for dimension in ("agency", "category", "channel"):
            rows = data["by"][dimension].values()
            for figure in ("received", "resolved", "closed_unresolved", "verified"):
                assert sum(r[figure] for r in rows) == total[figure], (dimension, figure)
            assert sum(r["backlog"]["count"] for r in rows) == total["backlog"]["count"]
        agencies = data["by"]["agency"]
        assert agencies["_closed_before_dispatch"]["received"] == 1  # C
        assert agencies["_closed_before_dispatch"]["closed_unresolved"] == 1
        assert agencies["_not_dispatched"]["received"] == 1  # F, open at the end of August
        assert agencies["_not_dispatched"]["backlog"]["count"] == 1

        html = (await http.get("/transparansi/2026-08")).text
        assert "Belum didisposisikan (di unit pusat)" in html
        assert "Ditutup sebelum didisposisikan" in html
        assert "Baris-baris ini dijumlahkan menjadi total bulan ini" in html
        assert "/transparansi/instansi/_" not in html  # these rows are no agency's page
        ranking = html.split('class="data ranking"', 1)[1].split("</table>", 1)[0]
        assert "Belum didisposisikan" not in ranking and "Ditutup sebelum" not in ranking
