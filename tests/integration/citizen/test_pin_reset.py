"""A reporter who closed the tab is not locked out of their report (issue 15 item 4): the
reference and PIN can be sent to their contact at filing, and a forgotten PIN is replaced by a
new one sent to the contact on file, never elsewhere, at most once a quarter hour."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from hotline.notify.tables import OutboxMessage
from hotline.tickets.channels import Channel
from hotline.tickets.privacy import Privacy
from hotline.tickets.service import reset_pin
from tests.integration.citizen.world import Citizen, wonosobo
from tests.support.factories import file_report, freeze


async def _bodies(recipient: str) -> list[str]:
    rows = (
        await OutboxMessage.select(OutboxMessage.body)
        .where(OutboxMessage.recipient == recipient)
        .order_by(OutboxMessage.id)
    )
    return [r["body"] for r in rows]


async def test_the_reference_and_pin_go_to_the_contact_when_asked(citizen: Citizen) -> None:
    await wonosobo()
    filed = citizen.file_report(
        {"phone": "0812 3000 0001", "sms_consent": "1", "send_pin": "1", "privacy": "anonim"}
    )
    assert filed.status_code == 303, filed.text
    _, pin = citizen.receipt()
    assert pin and any(f"PIN {pin}" in b for b in await _bodies("+6281230000001"))
    citizen.file_report(
        {"phone": "0812 3000 0002", "sms_consent": "1", "privacy": "anonim", "send_pin": ""}
    )
    bodies = await _bodies("+6281230000002")
    assert bodies and not any(re.search(r"PIN \d{6}", b) for b in bodies)


async def test_a_forgotten_pin_is_replaced_on_the_contact_on_file(citizen: Citizen) -> None:
    await wonosobo()
    report = await file_report(
        category="JALAN-RUSAK", region="33.07.01", phone="0812 3000 0003", email=""
    )
    nobody = await file_report(
        category="JALAN-RUSAK",
        region="33.07.01",
        name="",
        phone="",
        email="",
        privacy=Privacy.ANONIM,
    )
    form = citizen.form_fields("/lacak/lupa-pin")
    answers = [
        citizen.http.post("/lacak/lupa-pin", data={**form, "reference": ref})
        for ref in (report.reference, nobody.reference, "2699999990")
    ]
    # Known, without contact, unknown: the same words, so the page tells a stranger nothing.
    texts = [re.sub(r"\d{10}", "N", a.text) for a in answers]
    assert {a.status_code for a in answers} == {200} and texts[0] == texts[1] == texts[2]
    sent = [b for b in await _bodies("+6281230000003") if "PIN baru" in b]
    assert len(sent) == 1, sent
    found = re.search(r"adalah (\d{6})", sent[0])
    assert found, sent[0]
    new_pin = found.group(1)
    # The old PIN no longer opens the report; the new one does.
    assert citizen.sign_in(report.reference, report.pin).status_code == 404
    assert citizen.sign_in(report.reference, new_pin).status_code == 303
    # A second request within the quarter hour sends nothing; after it, a new one goes out.
    citizen.http.post("/lacak/lupa-pin", data={**form, "reference": report.reference})
    assert len([b for b in await _bodies("+6281230000003") if "PIN baru" in b]) == 1
    freeze(datetime.now(UTC) + timedelta(minutes=16))
    await reset_pin(report.reference)
    assert len([b for b in await _bodies("+6281230000003") if "PIN baru" in b]) == 2


async def test_a_whatsapp_reporter_without_sms_gets_the_new_pin_on_whatsapp() -> None:
    # Reported by WhatsApp, no SMS allowed, no e-mail: WhatsApp is still their contact.
    await wonosobo()
    report = await file_report(
        channel=Channel.WHATSAPP, phone="0812 3000 0004", email="", sms_consent=False
    )
    await reset_pin(report.reference)
    [sent] = await (
        OutboxMessage.select(OutboxMessage.channel, OutboxMessage.body)
        .where(OutboxMessage.recipient == "+6281230000004")
        .where(OutboxMessage.body.like("%PIN baru%"))
    )
    assert sent["channel"] == "whatsapp"
