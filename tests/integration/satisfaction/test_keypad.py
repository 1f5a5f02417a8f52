"""The keypad survey at the end of a status call, through signed Twilio webhooks: offered for
a resolved report whose survey is open, nine keys recorded once, not offered again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hotline.satisfaction.tables import Survey
from tests.integration.ivr.helpers import ALWAYS_OPEN, AUTH_TOKEN, PUBLIC_URL
from tests.integration.satisfaction.world import invited
from tests.support.factories import make_directory
from tests.support.live_server import live_server
from tests.support.twilio_caller import TwilioCaller

OFFER = "Untuk menilai layanan kami dengan sembilan pertanyaan singkat, tekan 2."


@pytest.fixture(scope="module")
def caller() -> Iterator[TwilioCaller]:
    with live_server(**ALWAYS_OPEN) as base:
        client = TwilioCaller(base, auth_token=AUTH_TOKEN, public_url=PUBLIC_URL)
        yield client
        client.close()


async def test_the_keypad_survey_is_answered_once(caller: TwilioCaller) -> None:
    d = await make_directory()
    created, _ = await invited(d)

    call = caller.call()
    call.start()
    call.press("2")  # the status of a report
    call.press(created.reference)
    call.press(created.pin)
    assert OFFER in call.text
    call.press("2")
    assert "tekan 9" in call.text and "Persyaratan." in call.text
    for key in ("4", "3", "2", "9", "4", "4", "3"):  # u1 … u7; u4 not applicable
        call.press(key)
    assert "Penanganan pengaduan." in call.text
    call.press("1")  # u8
    assert "Sarana." in call.text
    call.press("4")  # u9
    assert "Jawaban Anda sudah dicatat" in call.text
    assert call.ended

    row = await Survey.select().where(Survey.ticket == created.ticket_id).first()
    assert row is not None and row["channel"] == "telepon" and row["submitted_at"] is not None
    assert [row[f"u{n}"] for n in range(1, 10)] == [4, 3, 2, None, 4, 4, 3, 1, 4]

    # The next status call does not offer it; pressing 2 anyway says it is answered.
    again = caller.call()
    again.start()
    again.press("2")
    again.press(created.reference)
    again.press(created.pin)
    assert OFFER not in again.text
    again.press("2")
    assert "sudah dijawab" in again.text
    row = await Survey.select(Survey.u1).where(Survey.ticket == created.ticket_id).first()
    assert row == {"u1": 4}
