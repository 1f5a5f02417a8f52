"""Administration of an agency's own SLA policy per category, and of a calendar's own dates,
through the real app: each change recorded, and what it changes for the tickets.

- An agency policy is listed, created, changed and removed by an admin; a report dispatched to
  that agency in that category gets the agency's policy (snapshot and clocks), another agency
  the category's, and after removal the category's again.
- Removing a calendar's own date returns the day to the national calendar, and the running
  deadlines on that calendar move back in the same change.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta

import asyncpg
import pytest

from hotline import clock
from hotline.directory.service import working_calendar
from hotline.directory.tables import AdminChange, AgencySlaPolicy, CalendarOverride, SlaPolicy
from hotline.tickets.tables import Ticket, TicketClock
from tests.integration.konsol.support import make_user, post, sign_in
from tests.support.factories import STAFF, file_report, make_directory
from tests.support.live_server import live_server
from tests.support.rows import one


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with live_server() as base:
        yield base


async def _dispatch(verifier, ticket_id: int, agency: int, reason: str = "") -> None:  # type: ignore[no-untyped-def]
    response = await post(
        verifier,
        f"/konsol/tiket/{ticket_id}/aksi/dispatch",
        {"agency": str(agency), "reason": reason},
    )
    assert response.status_code == 303, response.text[:500]


async def _snapshot(ticket_id: int) -> dict[str, str]:
    row = await Ticket.select(Ticket.sla_policy).where(Ticket.id == ticket_id).first()
    assert row is not None
    value = row["sla_policy"]
    return json.loads(value) if isinstance(value, str) else value  # type: ignore[no-any-return]


async def _first_response(ticket_id: int) -> str:
    row = (
        await TicketClock.select(TicketClock.duration)
        .where((TicketClock.ticket == ticket_id) & (TicketClock.kind == "first_response"))
        .first()
    )
    assert row is not None
    return str(row["duration"])


async def test_an_agency_policy_is_managed_and_dispatch_to_that_agency_uses_it(
    server: str,
) -> None:
    directory = await make_directory()
    await make_user("admin", "admin")
    await make_user("verif", "verifikator")
    admin = await sign_in(server, "admin")
    made = await post(
        admin,
        "/konsol/admin/policies/baru",
        {
            "name": "PUPR cepat",
            "verification": "3 working_days",
            "first_response": "1 working_days",
            "resolution": "4 working_days",
            "auto_close": "10 working_days",
            "active": "on",
        },
    )
    assert made.status_code == 303
    fast = (
        await one(SlaPolicy.select(SlaPolicy.id).where(SlaPolicy.name == "PUPR cepat").first())
    )["id"]
    form = {
        "category": str(directory.road),
        "agency": str(directory.pupr),
        "sla_policy": str(fast),
    }
    created = await post(admin, "/konsol/admin/agency-policies/baru", form)
    assert created.status_code == 303
    again = await post(admin, "/konsol/admin/agency-policies/baru", form)
    assert again.status_code == 400
    assert "Instansi ini sudah punya kebijakan sendiri untuk kategori ini." in again.text
    missing = await post(admin, "/konsol/admin/agency-policies/baru", {**form, "sla_policy": ""})
    assert missing.status_code == 400 and "Isian ini wajib diisi." in missing.text
    assert await AgencySlaPolicy.count() == 1
    # The database holds the rule too, for two admins saving at the same moment.
    with pytest.raises((sqlite3.IntegrityError, asyncpg.UniqueViolationError)):
        await AgencySlaPolicy.insert(
            AgencySlaPolicy(category=directory.road, agency=directory.pupr, sla_policy=fast)
        )
    assert await AgencySlaPolicy.count() == 1
    listing = await admin.get("/konsol/admin/agency-policies")
    assert "Dinas PUPR" in listing.text and "PUPR cepat" in listing.text

    verifier = await sign_in(server, "verif")
    to_pupr = await file_report()
    await _dispatch(verifier, to_pupr.ticket_id, directory.pupr)
    assert (await _snapshot(to_pupr.ticket_id))["resolution"] == "4 working_days"
    assert await _first_response(to_pupr.ticket_id) == "1 working_days"
    to_dinkes = await file_report()
    await _dispatch(verifier, to_dinkes.ticket_id, directory.dinkes, "Dekat puskesmas.")
    assert (await _snapshot(to_dinkes.ticket_id))["resolution"] == "14 working_days"
    assert await _first_response(to_dinkes.ticket_id) == "5 working_days"

    row = await AgencySlaPolicy.select(AgencySlaPolicy.id).first()
    assert row is not None
    gone = await post(admin, f"/konsol/admin/agency-policies/{row['id']}/hapus")
    assert gone.status_code == 303
    assert await AgencySlaPolicy.count() == 0
    # Tickets keep the policy they were dispatched under; a new dispatch gets the category's.
    assert (await _snapshot(to_pupr.ticket_id))["resolution"] == "4 working_days"
    later = await file_report()
    await _dispatch(verifier, later.ticket_id, directory.pupr)
    assert (await _snapshot(later.ticket_id))["resolution"] == "14 working_days"
    # Only these records may be removed: no other kind of record has a remove action.
    refused = await post(admin, f"/konsol/admin/agencies/{directory.dinkes}/hapus")
    assert refused.status_code == 404

    changes = (
        await AdminChange.select()
        .where(AdminChange.entity == "agency-policies")
        .order_by(AdminChange.id)
        .output(load_json=True)
    )
    assert [(c["actor"], c["action"], c["entity_key"]) for c in changes] == [
        ("admin", "create", "DPUPR / JALAN-RUSAK"),
        ("admin", "delete", "DPUPR / JALAN-RUSAK"),
    ]
    assert changes[0]["data"]["after"]["sla_policy"] == fast
    assert changes[1]["data"]["before"]["sla_policy"] == fast


async def test_an_agency_policy_can_be_changed_and_only_by_an_admin(server: str) -> None:
    directory = await make_directory()
    await make_user("admin", "admin")
    await make_user("sup.pupr", "supervisor", "DPUPR")
    ids = []
    for name in ("Satu", "Dua"):
        rows = await SlaPolicy.insert(SlaPolicy(name=name, resolution="7 working_days")).returning(
            SlaPolicy.id
        )
        ids.append(rows[0]["id"])
    admin = await sign_in(server, "admin")
    form = {"category": str(directory.road), "agency": str(directory.pupr)}
    await post(admin, "/konsol/admin/agency-policies/baru", {**form, "sla_policy": str(ids[0])})
    row = await AgencySlaPolicy.select(AgencySlaPolicy.id).first()
    assert row is not None
    page = await admin.get(f"/konsol/admin/agency-policies/{row['id']}")
    assert page.status_code == 200 and f'<option value="{ids[0]}" selected>' in page.text
    changed = await post(
        admin, f"/konsol/admin/agency-policies/{row['id']}", {**form, "sla_policy": str(ids[1])}
    )
    assert changed.status_code == 303
    stored = await AgencySlaPolicy.select(AgencySlaPolicy.sla_policy).first()
    assert stored is not None
    assert stored["sla_policy"] == ids[1]
    change = (
        await AdminChange.select()
        .where(AdminChange.action == "update")
        .output(load_json=True)
        .first()
    )
    assert change is not None
    assert change["data"]["before"]["sla_policy"] == ids[0]
    assert change["data"]["after"]["sla_policy"] == ids[1]

    supervisor = await sign_in(server, "sup.pupr")
    assert (await supervisor.get("/konsol/admin/agency-policies")).status_code == 403
    removed = await post(supervisor, f"/konsol/admin/agency-policies/{row['id']}/hapus")
    assert removed.status_code == 403 and await AgencySlaPolicy.count() == 1
    # Without the form's CSRF token the write is refused.
    forged = await admin.post(f"/konsol/admin/agency-policies/{row['id']}/hapus")
    assert forged.status_code == 403 and await AgencySlaPolicy.count() == 1


async def _working_days_ahead(calendar_id: int, n: int) -> list[date]:
    """The next `n` days after today that are working days on the calendar."""
    calendar = await working_calendar(calendar_id)
    days: list[date] = []
    day = clock.now().date()
    while len(days) < n:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            days.append(day)
    return days


async def _due(ticket_id: int) -> object:
    row = (
        await TicketClock.select(TicketClock.due_at)
        .where((TicketClock.ticket == ticket_id) & (TicketClock.kind == "first_response"))
        .first()
    )
    assert row is not None
    return row["due_at"]


async def test_removing_a_calendar_date_returns_the_day_to_the_national_calendar(
    server: str,
) -> None:
    from hotline.tickets.lifecycle import Action
    from hotline.tickets.service import perform

    directory = await make_directory()
    await make_user("admin", "admin")
    report = await file_report()
    await perform(report.ticket_id, Action.DISPATCH, actor=STAFF, agency_id=directory.pupr)
    before = await _due(report.ticket_id)
    # A working day inside the five working days of the first-response clock.
    day = (await _working_days_ahead(directory.calendar, 2))[1]
    admin = await sign_in(server, "admin")
    holiday = await post(
        admin,
        f"/konsol/admin/hari-kalender/{directory.calendar}",
        {"day": day.isoformat(), "note": "Hari jadi kabupaten"},
    )
    assert holiday.status_code == 303
    assert await _due(report.ticket_id) > before  # type: ignore[operator]

    removed = await post(
        admin, f"/konsol/admin/hapus-hari-kalender/{directory.calendar}", {"day": day.isoformat()}
    )
    assert removed.status_code == 303
    assert await CalendarOverride.count() == 0
    assert await _due(report.ticket_id) == before
    assert (await working_calendar(directory.calendar)).is_working_day(day)

    # A national holiday (a Friday) declared a working day, then removed: a holiday again.
    christmas = date(2026, 12, 25)
    await post(
        admin,
        f"/konsol/admin/hari-kalender/{directory.calendar}",
        {"day": christmas.isoformat(), "is_working": "on", "note": "Pelayanan tetap buka"},
    )
    assert (await working_calendar(directory.calendar)).is_working_day(christmas)
    page = await admin.get(f"/konsol/admin/calendars/{directory.calendar}")
    assert f'name="day" value="{christmas.isoformat()}"' in page.text
    await post(
        admin,
        f"/konsol/admin/hapus-hari-kalender/{directory.calendar}",
        {"day": christmas.isoformat()},
    )
    assert not (await working_calendar(directory.calendar)).is_working_day(christmas)

    nothing = await post(
        admin, f"/konsol/admin/hapus-hari-kalender/{directory.calendar}", {"day": "2026-03-03"}
    )
    assert nothing.status_code == 400
    assert "Kalender ini tidak punya hari libur atau hari kerja tambahan" in nothing.text
    bad = await post(
        admin, f"/konsol/admin/hapus-hari-kalender/{directory.calendar}", {"day": "kemarin"}
    )
    assert bad.status_code == 400 and "TTTT-BB-HH" in bad.text

    changes = (
        await AdminChange.select()
        .where(AdminChange.entity == "calendar")
        .order_by(AdminChange.id)
        .output(load_json=True)
    )
    assert [(c["actor"], c["action"], c["data"]["day"]) for c in changes] == [
        ("admin", "set_day", day.isoformat()),
        ("admin", "remove_day", day.isoformat()),
        ("admin", "set_day", christmas.isoformat()),
        ("admin", "remove_day", christmas.isoformat()),
    ]
    assert changes[1]["data"]["before"]["note"] == "Hari jadi kabupaten"
    assert changes[3]["data"]["before"]["is_working"] is True
