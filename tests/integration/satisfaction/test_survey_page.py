"""/survei/<token> through the real server: nine questions, validation keeping what was
chosen (id and en), one answer per report."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hotline.satisfaction.tables import Survey
from tests.integration.citizen.world import Citizen
from tests.integration.satisfaction.world import invited
from tests.support.factories import make_directory
from tests.support.live_server import live_server

ALL_FOUR = {f"u{n}": "4" for n in range(1, 10)}


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with live_server() as base:
        yield base


@pytest.fixture
def citizen(server: str) -> Iterator[Citizen]:
    person = Citizen(server)
    yield person
    person.close()


def _post(citizen: Citizen, token: str, answers: dict[str, str]) -> object:
    fields = citizen.form_fields(f"/survei/{token}")
    return citizen.http.post(f"/survei/{token}", data={**fields, **answers})


async def test_the_survey_is_answered_once(citizen: Citizen) -> None:
    d = await make_directory()
    created, token = await invited(d)

    page = citizen.http.get(f"/survei/{token}")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert page.text.count('type="radio"') == 9 * 5  # 1–4 and "not applicable" each
    assert "Biaya/tarif" in page.text and "Sangat kompeten" in page.text
    # Neither the reporter nor the report is named.
    assert "Siti" not in page.text and created.reference not in page.text

    answers = {**ALL_FOUR, "u3": "2", "u4": "na", "comment": "Petugas ramah."}
    sent = _post(citizen, token, answers)
    assert sent.status_code == 303 and sent.headers["location"] == f"/survei/{token}?ok=1"  # type: ignore[attr-defined]
    assert "jawaban Anda sudah dicatat" in citizen.http.get(f"/survei/{token}?ok=1").text

    row = await Survey.select().where(Survey.ticket == created.ticket_id).first()
    assert row is not None
    assert [row[f"u{n}"] for n in range(1, 10)] == [4, 4, 2, None, 4, 4, 4, 4, 4]
    assert row["channel"] == "web" and row["comment"] == "Petugas ramah."
    assert row["submitted_at"] is not None

    # A second answer (another tab kept open) is refused with a clear message; the first stands.
    fields = citizen.form_fields("/lacak")
    again = citizen.http.post(f"/survei/{token}", data={**fields, **ALL_FOUR, "u1": "1"})
    assert again.status_code == 409
    assert "Survei ini sudah dijawab" in again.text
    row = await Survey.select(Survey.u1).where(Survey.ticket == created.ticket_id).first()
    assert row == {"u1": 4}
    assert "Survei ini sudah dijawab" in citizen.http.get(f"/survei/{token}").text


async def test_a_missing_answer_keeps_what_was_chosen(server: str) -> None:
    d = await make_directory()
    _, token = await invited(d)
    for lang, words in (
        ("id", "Pilih jawaban dari 1 sampai 4"),
        ("en", "Choose an answer from 1 to 4"),
    ):
        person = Citizen(server, lang=lang)
        try:
            answers = {**ALL_FOUR, "u2": "3", "u4": "na"}
            del answers["u7"]
            sent = _post(person, token, answers)
            assert sent.status_code == 400  # type: ignore[attr-defined]
            text = sent.text  # type: ignore[attr-defined]
            assert words in text and 'id="u7-error"' in text and 'id="u1-error"' not in text
            assert 'id="u2-3" name="u2" value="3" checked' in text
            assert 'id="u4-na" name="u4" value="na" checked' in text
        finally:
            person.close()
    row = await Survey.select(Survey.submitted_at).first()
    assert row == {"submitted_at": None}


async def test_an_unknown_token_is_not_found(citizen: Citizen) -> None:
    page = citizen.http.get("/survei/bukan-token")
    assert page.status_code == 404 and "Tautan survei ini tidak berlaku" in page.text


async def test_lacak_links_to_the_open_survey_of_a_resolved_report(citizen: Citizen) -> None:
    d = await make_directory()
    created, token = await invited(d)
    assert citizen.sign_in(created.reference, created.pin).status_code == 303
    page = citizen.http.get("/lacak").text
    assert f'<a id="survey-link" href="/survei/{token}">Isi survei kepuasan</a>' in page

    citizen.http.post(
        f"/survei/{token}", data={**citizen.form_fields(f"/survei/{token}"), **ALL_FOUR}
    )
    assert 'id="survey-link"' not in citizen.http.get("/lacak").text  # answered: gone
