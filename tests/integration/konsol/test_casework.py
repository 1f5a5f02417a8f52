"""The console's operations on a ticket, through the services (one transaction each)."""

from __future__ import annotations

import pytest

from hotline.accounts.roles import Role
from hotline.errors import Conflict, ValidationFailed
from hotline.konsol import casework
from hotline.konsol.access import Staff
from hotline.konsol.auth import load_staff
from hotline.tickets.channels import Channel
from hotline.tickets.events import EventKind
from hotline.tickets.lifecycle import Action, Status
from hotline.tickets.service import load_ticket, perform
from hotline.tickets.tables import TicketEvent
from tests.integration.konsol.support import make_user
from tests.support.factories import STAFF, file_report, make_category, make_directory


async def _staff(username: str, role: Role, agency_code: str | None = None) -> Staff:
    user_id = await make_user(username, role.value, agency_code)
    found = await load_staff(user_id)
    assert found is not None
    return found


async def test_correcting_a_phone_report_keeps_the_original_in_the_history() -> None:
    await make_directory()
    await make_category(code="LAMPU")
    verifier = await _staff("verif", Role.VERIFIKATOR)
    report = await file_report(channel=Channel.TELEPON, description="", category=None)
    changed = await casework.correct(
        report.ticket_id,
        verifier,
        title="Jalan rusak",
        description="Jalan berlubang di depan pasar.",
        location_text="Depan pasar",
        category_code="JALAN-RUSAK",
        region_code="33.07.01",
    )
    assert set(changed) == {"title", "description", "location_text", "category"}
    ticket = await load_ticket(report.ticket_id)
    assert ticket["description"] == "Jalan berlubang di depan pasar."
    assert ticket["proposed_agency"] is not None  # the routing rules were asked again
    edit = (
        await TicketEvent.select()
        .where((TicketEvent.ticket == report.ticket_id) & (TicketEvent.kind == "edited"))
        .output(load_json=True)
        .first()
    )
    assert edit is not None
    assert edit["public"] is False and edit["actor"] == verifier.id
    assert edit["data"]["before"]["description"] == ""
    assert edit["data"]["after"]["description"] == "Jalan berlubang di depan pasar."
    with pytest.raises(ValidationFailed) as bad:
        await casework.correct(
            report.ticket_id,
            verifier,
            title="",
            description="",
            location_text="",
            category_code="TIDAK-ADA",
            region_code="99.99",
        )
    assert set(bad.value.as_dict("id")) == {"category", "region", "description"}


async def test_redaction_is_recorded_and_correction_stops_at_dispatch() -> None:
    directory = await make_directory()
    verifier = await _staff("verif", Role.VERIFIKATOR)
    report = await file_report()
    await casework.redact(report.ticket_id, verifier, "Jalan berlubang di depan pasar.")
    assert (await load_ticket(report.ticket_id))["public_description"] == (
        "Jalan berlubang di depan pasar."
    )
    await casework.dispatch(report.ticket_id, verifier, directory.pupr, "")
    with pytest.raises(Conflict):
        await casework.correct(
            report.ticket_id,
            verifier,
            title="x",
            description="lain sama sekali",
            location_text="",
            category_code="",
            region_code="",
        )
    kinds = [
        e["kind"]
        for e in await TicketEvent.select(TicketEvent.kind).where(
            TicketEvent.ticket == report.ticket_id
        )
    ]
    assert kinds.count(EventKind.EDITED.value) == 1


async def test_dispatch_elsewhere_than_proposed_needs_a_reason() -> None:
    directory = await make_directory()
    verifier = await _staff("verif", Role.VERIFIKATOR)
    report = await file_report()
    with pytest.raises(ValidationFailed) as missing:
        await casework.dispatch(report.ticket_id, verifier, directory.dinkes, " ")
    assert "reason" in missing.value.as_dict("id")
    await casework.dispatch(report.ticket_id, verifier, directory.dinkes, "Dekat puskesmas")
    ticket = await load_ticket(report.ticket_id)
    assert ticket["agency"] == directory.dinkes and ticket["status"] == Status.DIDISPOSISIKAN


async def test_officers_take_work_and_supervisors_assign_within_the_agency() -> None:
    directory = await make_directory()
    officer = await _staff("petugas.pupr", Role.PETUGAS, "DPUPR")
    colleague = await _staff("petugas2.pupr", Role.PETUGAS, "DPUPR")
    supervisor = await _staff("sup.pupr", Role.SUPERVISOR, "DPUPR")
    outsider = await _staff("petugas.dinkes", Role.PETUGAS, "DINKES")
    report = await file_report()
    await perform(report.ticket_id, Action.DISPATCH, actor=STAFF, agency_id=directory.pupr)
    await casework.assign(report.ticket_id, officer, officer.id)
    assert (await load_ticket(report.ticket_id))["assignee"] == officer.id
    with pytest.raises(ValidationFailed):
        await casework.assign(report.ticket_id, officer, colleague.id)
    with pytest.raises(ValidationFailed):
        await casework.assign(report.ticket_id, supervisor, outsider.id)
    await casework.assign(report.ticket_id, supervisor, colleague.id)
    assert (await load_ticket(report.ticket_id))["assignee"] == colleague.id
    assigned = (
        await TicketEvent.select(TicketEvent.data)
        .where((TicketEvent.ticket == report.ticket_id) & (TicketEvent.kind == "assigned"))
        .output(load_json=True)
    )
    assert [a["data"] for a in assigned] == [
        {"from": None, "to": officer.id},
        {"from": officer.id, "to": colleague.id},
    ]


async def test_merge_suggestions_prefer_the_same_problem_nearby() -> None:
    await make_directory()
    first = await file_report(description="Jalan berlubang besar di depan pasar Wadaslintang.")
    await file_report(description="Pohon tumbang menutup jalan desa setelah hujan.")
    elsewhere = await file_report(description="Jalan berlubang besar di depan pasar.", region=None)
    new = await file_report(description="Ada lubang besar di jalan depan pasar Wadaslintang.")
    suggestions = await casework.merge_suggestions(await load_ticket(new.ticket_id))
    refs = [c.reference for c, _ in suggestions]
    assert refs[0] == first.reference
    assert elsewhere.reference not in refs  # another kecamatan (here: none) is left out
