"""The reporter of a resolved report is invited to the survey once, through the outbox."""

from __future__ import annotations

from datetime import timedelta

from hotline.notify.tables import OutboxMessage
from hotline.satisfaction import invitation
from hotline.satisfaction.tables import Survey
from hotline.tickets.channels import Channel
from hotline.tickets.lifecycle import Action
from hotline.tickets.privacy import Privacy
from hotline.tickets.service import REPORTER, perform
from tests.integration.satisfaction.world import resolved, token_of
from tests.support.factories import STAFF, at, freeze, make_directory


async def _invitations(ticket_id: int) -> list[dict]:
    return (
        await OutboxMessage.select(
            OutboxMessage.channel,
            OutboxMessage.recipient,
            OutboxMessage.body,
            OutboxMessage.subject,
        )
        .where((OutboxMessage.about_id == ticket_id) & OutboxMessage.dedupe_key.like("survey:%"))
        .order_by(OutboxMessage.channel)
    )


async def test_a_resolved_report_is_invited_once_by_sms_and_email() -> None:
    d = await make_directory()
    created = await resolved(d)
    assert await invitation.run() == 1

    token = await token_of(created.ticket_id)
    sent = await _invitations(created.ticket_id)
    assert [(m["channel"], m["recipient"]) for m in sent] == [
        ("email", "siti@example.com"),
        ("sms", "+6281234567890"),
    ]
    for message in sent:
        assert f"/survei/{token}" in message["body"]
        assert f"laporan {created.reference} sudah selesai" in message["body"].lower()
        # The link says nothing of who reported: no name, no number, no reference in it.
        assert "Siti" not in token and created.reference not in token
    survey = await Survey.select().where(Survey.ticket == created.ticket_id).first()
    assert survey is not None and survey["agency"] == d.pupr and survey["submitted_at"] is None

    # The next round, and a report reopened and resolved again: no second invitation.
    assert await invitation.run() == 0
    await perform(created.ticket_id, Action.DISPUTE, actor=REPORTER, body="Masih berlubang.")
    await perform(created.ticket_id, Action.ANSWER, actor=STAFF, body="Sudah diaspal ulang.")
    await perform(created.ticket_id, Action.CONFIRM, actor=REPORTER)
    assert await invitation.run() == 0
    assert len(await _invitations(created.ticket_id)) == 2
    assert await Survey.count() == 1


async def test_a_report_without_contact_has_a_survey_but_no_message() -> None:
    d = await make_directory()
    created = await resolved(d, name="", phone="", email="", privacy=Privacy.ANONIM)
    assert await invitation.run() == 1
    assert await token_of(created.ticket_id)
    assert await _invitations(created.ticket_id) == []


async def test_an_old_resolution_is_not_invited() -> None:
    d = await make_directory()
    created = await resolved(d, at(2026, 8, 10))
    freeze(at(2026, 8, 10) + invitation.INVITE_WITHIN + timedelta(minutes=1))
    assert await invitation.run() == 0
    assert await Survey.count() == 0 and await _invitations(created.ticket_id) == []


async def test_a_report_still_open_is_not_invited() -> None:
    d = await make_directory()
    freeze(at(2026, 8, 10))
    created = await resolved(d)
    await perform(created.ticket_id, Action.DISPUTE, actor=REPORTER, body="Belum.")
    assert await invitation.run() == 0


async def test_a_whatsapp_report_is_invited_on_whatsapp() -> None:
    # Its reporter did not allow SMS: WhatsApp is still their channel, by WhatsApp's rules.
    d = await make_directory()
    created = await resolved(d, channel=Channel.WHATSAPP, email="", sms_consent=False)
    assert await invitation.run() == 1
    token = await token_of(created.ticket_id)
    [sent] = await _invitations(created.ticket_id)
    assert (sent["channel"], sent["recipient"]) == ("whatsapp", "+6281234567890")
    assert f"/survei/{token}" in sent["body"]
