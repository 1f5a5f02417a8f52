"""Filing a report: one transaction writes the ticket, its first event, its clock, its outbox."""

from __future__ import annotations

from datetime import datetime

import pytest

from hotline.directory.tables import SlaPolicy
from hotline.errors import ValidationFailed
from hotline.notify.outbox import concerning
from hotline.notify.tables import OutboxMessage
from hotline.settings import get_settings
from hotline.tickets import pins, reference
from hotline.tickets.channels import Channel
from hotline.tickets.lifecycle import Status
from hotline.tickets.messages import about
from hotline.tickets.privacy import Privacy
from hotline.tickets.tables import Reporter, Ticket, TicketClock, TicketEvent
from tests.support.factories import (
    at,
    file_report,
    freeze,
    make_category,
    make_directory,
    make_region,
    make_rule,
)


async def test_a_report_is_saved_with_event_clock_and_messages() -> None:
    await make_directory()
    freeze(at(2026, 11, 23))  # Monday 10:00 WIB
    created = await file_report()
    assert reference.is_valid(created.reference)
    assert created.reference.startswith("26")
    assert created.status is Status.BARU
    # Verification: 3 working days (8 h each, 08–16 WIB) -> Thursday 10:00 WIB.
    assert created.verification_due == datetime.fromisoformat("2026-11-26T10:00:00+07:00")

    ticket = await Ticket.select().where(Ticket.id == created.ticket_id).first()
    assert ticket is not None
    assert ticket["status"] == "baru"
    assert ticket["pin_hash"] != created.pin and created.pin not in ticket["pin_hash"]
    assert pins.pin_matches(created.pin, ticket["pin_hash"], get_settings().secret_key)
    reporter = await Reporter.select().where(Reporter.id == ticket["reporter"]).first()
    assert reporter is not None
    assert reporter["phone"] == "+6281234567890"  # E.164

    events = await TicketEvent.select().where(TicketEvent.ticket == created.ticket_id)
    assert [e["kind"] for e in events] == ["created"]
    clocks = await TicketClock.select().where(TicketClock.ticket == created.ticket_id)
    assert [(c["kind"], c["due_at"]) for c in clocks] == [
        ("verification", created.verification_due)
    ]
    outbox = await OutboxMessage.select().where(concerning(about(created.ticket_id)))
    assert sorted(m["channel"] for m in outbox) == ["email", "sms"]
    assert all(created.reference in m["body"] for m in outbox)
    # A web reporter saw the PIN on screen; it is not sent around.
    assert all(created.pin not in m["body"] for m in outbox)


async def test_phone_reports_get_the_pin_by_sms() -> None:
    await make_directory()
    created = await file_report(channel=Channel.TELEPON, email="", description="")
    outbox = await OutboxMessage.select().where(concerning(about(created.ticket_id)))
    assert len(outbox) == 1
    assert created.pin in outbox[0]["body"]


async def test_bad_input_names_every_field_and_writes_nothing() -> None:
    await make_directory()
    with pytest.raises(ValidationFailed) as err:
        await file_report(description="rusak", phone="12", email="not-an-email", name="")
    fields = {e.field for e in err.value.errors}
    assert fields == {"description", "phone", "email", "name"}
    assert await Ticket.count() == 0
    assert await Reporter.count() == 0
    assert await OutboxMessage.count() == 0


async def test_unknown_category_or_region_is_refused() -> None:
    await make_directory()
    with pytest.raises(ValidationFailed) as err:
        await file_report(category="NOPE")
    assert err.value.errors[0].field == "category"
    with pytest.raises(ValidationFailed) as err:
        await file_report(region="99.99")
    assert err.value.errors[0].field == "region"
    assert await Ticket.count() == 0


async def test_a_reference_already_taken_is_drawn_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """The unique index decides a clash of random references; the report gets a fresh one and
    nothing else is disturbed (on PostgreSQL a unique violation would abort the transaction)."""
    await make_directory()
    first = await file_report()
    draws = iter([first.reference, first.reference, "2600000014"])
    assert reference.is_valid("2600000014")
    monkeypatch.setattr(reference, "new_reference", lambda day: next(draws))
    second = await file_report()
    assert second.reference == "2600000014"
    assert await Ticket.count() == 2 and await TicketEvent.count() == 2
    assert await Reporter.count() == 2
    stored = await Ticket.select(Ticket.pin_hash).where(Ticket.id == second.ticket_id).first()
    assert stored is not None
    assert pins.pin_matches(second.pin, stored["pin_hash"], get_settings().secret_key)


async def test_a_failure_half_way_rolls_back_everything() -> None:
    """The reporter row is written before the SLA policy is read; a broken policy must undo it."""
    d = await make_directory()
    broken = await make_category(code="RUSAK-POLICY", policy="14 working_days")
    await SlaPolicy.update({SlaPolicy.resolution: "fortnight"}).where(SlaPolicy.id > 0)
    await make_rule(category=broken, agency=d.pupr)
    with pytest.raises(ValueError):
        await file_report(category="RUSAK-POLICY")
    assert await Ticket.count() == 0
    assert await Reporter.count() == 0
    assert await TicketEvent.count() == 0
    assert await OutboxMessage.count() == 0


async def test_anonymous_report_without_contact_has_no_reporter() -> None:
    await make_directory()
    created = await file_report(privacy=Privacy.ANONIM, name="", phone="", email="")
    ticket = await Ticket.select().where(Ticket.id == created.ticket_id).first()
    assert ticket is not None
    assert ticket["reporter"] is None
    assert await OutboxMessage.count() == 0


async def test_public_report_needs_name_and_contact() -> None:
    await make_directory()
    with pytest.raises(ValidationFailed) as err:
        await file_report(privacy=Privacy.PUBLIK, name="", phone="", email="")
    assert {e.field for e in err.value.errors} == {"name", "contact"}


async def test_confident_rule_dispatches_directly_except_phone_reports() -> None:
    d = await make_directory()
    ktp = await make_category(code="KTP")
    await make_rule(category=ktp, agency=d.dinkes, confident=True)
    web = await file_report(category="KTP")
    assert web.status is Status.DIDISPOSISIKAN
    ticket = await Ticket.select().where(Ticket.id == web.ticket_id).first()
    assert ticket is not None
    assert ticket["agency"] == d.dinkes
    kinds = {
        c["kind"]: c for c in await TicketClock.select().where(TicketClock.ticket == web.ticket_id)
    }
    assert kinds["verification"]["met"] is True
    assert {"first_response", "resolution"} <= set(kinds)

    phone = await file_report(category="KTP", channel=Channel.TELEPON, description="")
    assert phone.status is Status.BARU


async def test_most_specific_region_rule_wins() -> None:
    d = await make_directory()
    desa = await make_region(code="33.07.01.2001", level="desa")
    await make_rule(category=d.road, agency=d.dinkes, region=desa)
    in_desa = await file_report(region="33.07.01.2001")
    elsewhere = await file_report(region="33.07.01")
    proposed = {
        r["id"]: r["proposed_agency"]
        for r in await Ticket.select(Ticket.id, Ticket.proposed_agency)
    }
    assert proposed[in_desa.ticket_id] == d.dinkes
    assert proposed[elsewhere.ticket_id] == d.pupr


async def test_no_rule_leaves_the_report_in_the_verification_queue() -> None:
    await make_directory()
    await make_category(code="LAINNYA")
    created = await file_report(category="LAINNYA")
    ticket = await Ticket.select().where(Ticket.id == created.ticket_id).first()
    assert ticket is not None
    assert ticket["proposed_agency"] is None
    assert ticket["status"] == "baru"


async def test_history_is_append_only() -> None:
    await make_directory()
    created = await file_report()
    from hotline.directory.tables import Region

    with pytest.raises(Exception, match="append-only"):
        await Region.raw(
            "UPDATE ticket_event SET body = 'edited' WHERE ticket = {}", created.ticket_id
        )
    with pytest.raises(Exception, match="append-only"):
        await Region.raw("DELETE FROM ticket_event WHERE ticket = {}", created.ticket_id)
    assert await TicketEvent.count().where(TicketEvent.ticket == created.ticket_id) == 1
