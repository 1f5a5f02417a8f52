"""The month's satisfaction index, computed by the worker with the month's figures, published on
/transparansi/<month>, in the open data (JSON, CSV) and the PDF, small samples marked and an
agency with fewer than 5 respondents withheld."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime

import httpx
import pytest

from hotline.satisfaction.elements import ELEMENTS
from hotline.satisfaction.tables import Survey
from hotline.transparency import monthly
from hotline.transparency.months import Month
from tests.integration.transparency.pdftext import pdf_text
from tests.support.factories import at, file_report, freeze, make_agency, make_directory
from tests.support.live_server import live_server


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with live_server() as url:
        yield url


async def _answered(agency: int, answers: dict[str, int | None], when: datetime) -> None:
    freeze(when)
    created = await file_report()
    await Survey.insert(
        Survey(
            ticket=created.ticket_id,
            token=f"t{created.ticket_id}",
            agency=agency,
            invited_at=when,
            submitted_at=when,
            channel="web",
            **{e.value: answers.get(e.value) for e in ELEMENTS},  # type: ignore[arg-type]
        )
    )


def _all(value: int) -> dict[str, int | None]:
    return {e.value: value for e in ELEMENTS}


async def _august() -> None:
    d = await make_directory()
    dlh = await make_agency(code="DLH", calendar=d.calendar, name="Dinas Lingkungan Hidup")
    for _ in range(6):  # PUPR: all 4, costs not applicable -> 100, A
        await _answered(d.pupr, {**_all(4), "u4": None}, at(2026, 8, 10))
    for _ in range(5):  # DLH: all 3 -> 75, C
        await _answered(dlh, _all(3), at(2026, 8, 11))
    for _ in range(2):  # DINKES: two answers only: withheld, and DLH with it (the smallest other)
        await _answered(d.dinkes, _all(2), at(2026, 8, 12))
    # Answered in September: not August's.
    await _answered(d.pupr, _all(1), at(2026, 9, 1, 3))
    await monthly.recompute(Month(2026, 8), now=at(2026, 9, 2))


async def test_the_months_index_is_stored_and_published(base: str) -> None:
    await _august()
    stored = await monthly.stored(Month(2026, 8))
    k = stored["ikm"]
    # By hand: eight elements (43/13 each: 6×4 + 5×3 + 2×2 over 13) and costs (19/7: DLH and
    # DINKES only), equal weights: (8 × 43/13 + 19/7) / 9 × 25 = 81.04 -> B.
    assert k["service"]["respondents"] == 13
    assert k["service"]["ikm"] == 81.04 and k["service"]["band"] == "B"
    assert k["service"]["nrr"]["u4"] == 2.71 and k["service"]["answers"]["u4"] == 7
    assert k["by_agency"]["DPUPR"]["ikm"] == 100.0 and k["by_agency"]["DPUPR"]["band"] == "A"
    assert k["by_agency"]["DINKES"]["ikm"] == 50.0  # stored; withheld when published

    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        page = (await http.get("/transparansi/2026-08")).text
        assert "Indeks Kepuasan Masyarakat (IKM)" in page
        assert "81,04 dari 100, mutu B (Baik), dari 13 responden" in page
        assert "PermenPAN-RB No. 14/2017" in page
        assert "Sampel kecil (kurang dari 30 responden)" in page
        assert page.count("Tidak dipublikasikan: kurang dari 5 responden") == 2
        assert "50,00" not in page and "75,00" not in page

        # The agency's page: its index month by month, withheld as on the month page.
        pupr = (await http.get("/transparansi/instansi/DPUPR")).text
        assert "100,00 (A)" in pupr and "sampel kecil: 6 responden" in pupr
        dinkes = (await http.get("/transparansi/instansi/DINKES")).text
        assert "tidak dipublikasikan: 2 responden" in dinkes and "50,00" not in dinkes

        doc = (await http.get("/transparansi/2026-08.json")).json()
        published = doc["figures"]["ikm"]
        assert published["service"]["ikm"] == 81.04
        assert published["by_agency"]["DPUPR"]["small_sample"] is True
        assert published["by_agency"]["DINKES"] == {
            "respondents": 2, "ikm": None, "band": None, "small_sample": True,
            "nrr": {}, "answers": {}, "withheld": True,
        }  # fmt: skip
        assert published["by_agency"]["DLH"]["withheld"] is True
        assert doc["figures"]["total"]["received"] == 13  # the existing fields are unchanged

        raw = (await http.get("/transparansi/2026-08.csv")).content.decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(raw)))
        ikm = {(r["dimension"], r["key"], r["measure"]): r for r in rows if r["section"] == "ikm"}
        assert ikm[("service", "", "ikm")]["value"] == "81.04"
        assert ikm[("agency", "DPUPR", "band")]["value"] == "A"
        assert "small sample" in ikm[("agency", "DPUPR", "ikm")]["note"]
        assert ikm[("agency", "DINKES", "ikm")]["value"] == ""
        assert "withheld" in ikm[("agency", "DINKES", "ikm")]["note"]

        pdf = await http.get("/transparansi/2026-08.pdf")
        assert pdf.status_code == 200
        text = pdf_text(pdf.content)
        assert "Indeks Kepuasan Masyarakat (IKM)" in text
        assert "81,04" in text and "Sampel kecil" in text
        assert "PermenPAN-RB No. 14/2017" in text
