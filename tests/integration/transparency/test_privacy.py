"""Nothing published reveals a reporter: reports filed through create_report with distinctive
names, phone numbers and e-mails (also typed into their own words) are searched for in every
page, the PDF's text, the JSON and the CSV. And citizen text cannot make the PDF fetch anything."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from hotline.tickets.lifecycle import Action
from hotline.tickets.privacy import Privacy
from hotline.tickets.service import redact
from hotline.transparency import publishing
from hotline.transparency.months import Month
from tests.integration.transparency.pdftext import pdf_text
from tests.integration.transparency.scenario import act, worker_stores_figures
from tests.support.factories import STAFF, at, file_report, freeze, make_directory
from tests.support.live_server import live_server
from tests.support.recording_http import RecordingServer

NAME = "Zulkarnaen Wibisono-Qx"
PHONE_TYPED = "0812 9988 7766"
EMAIL = "zulkarnaen.qx@contoh-pelapor.id"
# Every form in which the reporter's data could surface.
SECRETS = (
    "Zulkarnaen",
    "Wibisono",
    "9988",
    "81299887766",
    "contoh-pelapor",
    "zulkarnaen.qx",
    "rumah saya nomor 17",
)
REDACTED = "Jalan berlubang di depan pasar Wadaslintang, mohon segera ditambal."


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with live_server() as url:
        yield url


async def _reports(server: RecordingServer) -> dict[str, str]:
    d = await make_directory()
    refs = {}
    for privacy in (Privacy.PUBLIK, Privacy.ANONIM, Privacy.RAHASIA):
        freeze(at(2026, 8, 3))
        created = await file_report(
            name=NAME,
            phone=PHONE_TYPED,
            email=EMAIL,
            privacy=privacy,
            description=(
                f"Saya {NAME} ({PHONE_TYPED}, {EMAIL}), rumah saya nomor 17: jalan di depan "
                "pasar berlubang."
            ),
        )
        refs[privacy.value] = created.reference
        await act(at(2026, 8, 3, 4), created.ticket_id, Action.VERIFY)
        await act(at(2026, 8, 3, 5), created.ticket_id, Action.DISPATCH, agency_id=d.pupr)
        # What the verifier wrote for publication: the redacted text. One of them carries
        # markup a citizen could have typed, pointing at a local file and at a remote server.
        text = REDACTED
        if privacy is Privacy.ANONIM:
            text += (
                f' <img src="file:///etc/passwd"> <img src="{server.base_url}/leak.png">'
                f' <link rel="stylesheet" href="{server.base_url}/leak.css">'
            )
        await redact(created.ticket_id, text, actor=STAFF)
    return refs


def _assert_clean(where: str, text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked into {where}"


async def test_nothing_published_reveals_a_reporter(base: str) -> None:
    with RecordingServer() as server:
        refs = await _reports(server)
        freeze(at(2026, 9, 10))
        row = await publishing.published(Month(2026, 8)) or await publishing.publish(
            Month(2026, 8), by="test"
        )
        pdf = pdf_text(bytes(row["pdf"]))
        doc = bytes(row["figures_json"]).decode("utf-8")
        table = bytes(row["csv"]).decode("utf-8")
        for where, text in (("PDF", pdf), ("JSON", doc), ("CSV", table)):
            _assert_clean(where, text)
            # The redacted text is published (so the search above looks where it should) ...
            assert "Jalan berlubang di depan pasar" in text, where
            # ... and a confidential (rahasia) report never is, not even its reference.
            assert refs["publik"] in text and refs["anonim"] in text
            assert refs["rahasia"] not in text, where
        # The markup is text in the PDF, and it fetched nothing, local or remote.
        assert "file:///etc/passwd" in "".join(pdf.split()), pdf[-3000:]
        assert "root:" not in pdf
        assert server.paths == []

        await worker_stores_figures()
        async with httpx.AsyncClient(base_url=base, timeout=120) as http:
            for path in (
                "/transparansi",
                "/transparansi?lang=en",
                "/transparansi/2026-08",
                "/transparansi/2026-08?lang=en",
                "/transparansi/2026-09",
                "/transparansi/instansi/DPUPR",
                "/transparansi/arsip",
                "/transparansi/2026-08.json",
                "/transparansi/2026-08.csv",
                "/transparansi/2026-09.json",
                "/transparansi/2026-09.csv",
            ):
                response = await http.get(path)
                assert response.status_code == 200, path
                _assert_clean(path, response.text)
            page = (await http.get("/transparansi/2026-08")).text
            assert "Jalan berlubang di depan pasar" in page
            # Escaped, never markup: the citizen's <img> is shown as text.
            assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in page
            for path in ("/transparansi/2026-08.pdf", "/transparansi/2026-09.pdf"):
                response = await http.get(path)
                assert response.status_code == 200
                _assert_clean(path, pdf_text(response.content))
        assert server.paths == []
