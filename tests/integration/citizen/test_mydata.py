"""The right of access (UU 27/2022 PDP) through the real server: the signed-in reporter
downloads everything held about them and their report, as JSON and as a printable page, in
Indonesian or English, never cached; and nothing of another reporter."""

from __future__ import annotations

import json

from hotline.citizen.intake import add_to_report
from hotline.citizen.uploads import CleanFile, Kind
from hotline.tickets.lifecycle import Action
from hotline.tickets.service import perform, reply
from tests.integration.citizen.world import Citizen, wonosobo
from tests.support.factories import STAFF, file_report


async def _two_reporters() -> tuple:
    world = await wonosobo()
    mine = await file_report(
        name="Sri Lestari",
        phone="0812 7777 0001",
        email="sri.lestari@example.com",
        description="Lampu jalan mati di depan rumah Bu Sri, gang Melati.",
    )
    await add_to_report(
        mine.ticket_id,
        "Foto lampu terlampir",
        [CleanFile(Kind.PHOTO, "lampu.jpg", "image/jpeg", ".jpg", b"\xff\xd8\xff lampu")],
    )
    await perform(mine.ticket_id, Action.DISPATCH, actor=STAFF, agency_id=world.pupr)
    await reply(
        mine.ticket_id, "Rahasia petugas: rumah dekat kantor desa", actor=STAFF, public=False
    )
    await reply(mine.ticket_id, "Petugas akan datang hari Senin.", actor=STAFF, public=True)
    other = await file_report(
        name="Bambang Orang Lain",
        phone="0813 8888 0002",
        email="bambang.lain@example.com",
        description="Sampah menumpuk di pasar Kertek, kata Pak Bambang.",
    )
    return mine, other


def _no_one_else(text: str) -> None:
    for foreign in ("Bambang", "0002", "bambang.lain", "Kertek"):
        assert foreign not in text, foreign


async def test_the_reporter_downloads_their_data_and_nobody_elses(citizen: Citizen) -> None:
    mine, _ = await _two_reporters()
    # Not signed in: the sign-in page, no data.
    for path in ("/lacak/data-saya", "/lacak/data-saya.json"):
        refused = citizen.http.get(path)
        assert refused.status_code == 401 and "Sri Lestari" not in refused.text
        assert refused.headers["cache-control"] == "no-store"

    assert citizen.sign_in(mine.reference, mine.pin).status_code == 303
    assert "/lacak/data-saya" in citizen.http.get("/lacak").text

    got = citizen.http.get("/lacak/data-saya.json")
    assert got.status_code == 200
    assert got.headers["cache-control"] == "no-store"
    assert got.headers["content-type"].startswith("application/json")
    assert "attachment" in got.headers["content-disposition"]
    data = json.loads(got.text)
    assert data["reporter"]["name"] == "Sri Lestari"
    assert data["reporter"]["phone"] == "+6281277770001"
    assert data["reporter"]["email"] == "sri.lestari@example.com"
    assert data["report"]["reference"] == mine.reference
    assert "gang Melati" in data["report"]["description"]
    assert data["report"]["privacy_label"] == "Publik"
    assert data["report"]["status_label"] == "Diteruskan ke instansi"
    texts = [e["text"] for e in data["history"]]
    assert "Petugas akan datang hari Senin." in texts
    assert "Foto lampu terlampir" in texts
    # Internal notes are listed as events, without their text.
    assert "internal_note" in [e["kind"] for e in data["history"]]
    assert not any("kantor desa" in x for x in texts)
    assert [f["filename"] for f in data["attachments"]] == ["lampu.jpg"]
    assert data["messages"] and {m["to"] for m in data["messages"]} <= {
        "+6281277770001",
        "sri.lestari@example.com",
    }
    assert data["retention"]["months_after_closure"] == 24
    _no_one_else(got.text)

    printable = citizen.http.get("/lacak/data-saya")
    assert printable.status_code == 200
    assert printable.headers["cache-control"] == "no-store"
    assert '<html lang="id">' in printable.text
    assert "Data Anda" in printable.text
    assert "Sri Lestari" in printable.text and "sri.lestari@example.com" in printable.text
    assert "gang Melati" in printable.text and "Petugas akan datang hari Senin." in printable.text
    assert "kantor desa" not in printable.text and "kantor desa" not in got.text
    _no_one_else(printable.text)


async def test_the_download_in_english(english: Citizen) -> None:
    _, other = await _two_reporters()
    assert english.sign_in(other.reference, other.pin).status_code == 303
    page = english.http.get("/lacak/data-saya?lang=en")
    assert page.status_code == 200 and '<html lang="en">' in page.text
    assert "Your data: report" in page.text and "Bambang Orang Lain" in page.text
    assert "Sri Lestari" not in page.text and "gang Melati" not in page.text
    data = english.http.get("/lacak/data-saya.json?lang=en").json()
    assert data["language"] == "en" and data["report"]["privacy_label"] == "Public"
    assert data["reporter"]["name"] == "Bambang Orang Lain"
