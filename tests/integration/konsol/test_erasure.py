"""Erasure on request (UU 27/2022 PDP) through the real console: a verifier erases who reported,
with a reason, recorded in the history; the report stays; an agency officer cannot."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hotline.notify.outbox import concerning
from hotline.notify.tables import OutboxMessage
from hotline.tickets.events import EventKind
from hotline.tickets.messages import about
from hotline.tickets.tables import Reporter, Ticket, TicketEvent
from tests.integration.konsol.support import make_world, post, sign_in
from tests.support.live_server import live_server


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with live_server() as base:
        yield base


async def _ticket(ticket_id: int) -> dict:
    row = await Ticket.select().where(Ticket.id == ticket_id).first()
    assert row is not None
    return row


async def test_a_verifier_erases_the_identity_and_the_report_stays(server: str) -> None:
    world = await make_world()
    tid = world.publik.ticket_id
    before = await _ticket(tid)
    reporter = await Reporter.select().where(Reporter.id == before["reporter"]).first()
    assert reporter is not None and reporter["name"] == "Pelapor publik"
    central = await sign_in(server, "verif")

    page = await central.get(f"/konsol/tiket/{tid}")
    assert f"/konsol/tiket/{tid}/hapus-identitas" in page.text

    # A reason is required; nothing is erased without it.
    refused = await post(central, f"/konsol/tiket/{tid}/hapus-identitas", {"reason": ""})
    assert refused.status_code == 400
    assert (await _ticket(tid))["reporter"] == before["reporter"]

    done = await post(
        central,
        f"/konsol/tiket/{tid}/hapus-identitas",
        {"reason": "Permintaan pelapor lewat surat 12/XII"},
    )
    assert done.status_code == 303, done.text[:500]
    after = await _ticket(tid)
    assert after["reporter"] is None
    assert await Reporter.count().where(Reporter.id == before["reporter"]) == 0
    # The report itself is untouched.
    for column in ("reference", "status", "category", "region", "agency", "description"):
        assert after[column] == before[column], column
    # Messages of this report to the reporter lose address and text (the same number's
    # messages about other reports stay: those reports keep their reporters).
    mine = await OutboxMessage.select().where(concerning(about(tid)))
    assert mine and all(m["recipient"] == "" and m["body"] == "" for m in mine)
    assert all(m["status"] in ("sent", "dead") for m in mine)
    assert await OutboxMessage.count().where(OutboxMessage.recipient == reporter["phone"]) > 0
    # Audited: who, when, why.
    events = await TicketEvent.select().where(
        (TicketEvent.ticket == tid) & (TicketEvent.kind == EventKind.IDENTITY_ERASED.value)
    )
    assert len(events) == 1
    assert events[0]["actor"] == world.users["verif"] and events[0]["public"] is False
    assert events[0]["body"] == "Permintaan pelapor lewat surat 12/XII"
    page = await central.get(f"/konsol/tiket/{tid}")
    assert "Pelapor publik" not in page.text
    assert "Identitas pelapor dihapus atas permintaan" in page.text
    # Nothing left to erase: the form is gone and a second post is refused.
    assert "/hapus-identitas" not in page.text
    again = await post(central, f"/konsol/tiket/{tid}/hapus-identitas", {"reason": "sekali lagi"})
    assert again.status_code == 409
    # Other reports keep their reporters.
    assert (await _ticket(world.anonim.ticket_id))["reporter"] is not None


async def test_an_agency_officer_cannot_erase_an_identity(server: str) -> None:
    world = await make_world()
    tid = world.publik.ticket_id  # with the officer's own agency, in their scope
    for username in ("petugas.pupr", "sup.pupr"):
        officer = await sign_in(server, username)
        page = await officer.get(f"/konsol/tiket/{tid}")
        assert page.status_code == 200 and "/hapus-identitas" not in page.text
        refused = await post(
            officer, f"/konsol/tiket/{tid}/hapus-identitas", {"reason": "Diminta pelapor"}
        )
        assert refused.status_code == 403
    assert (await _ticket(tid))["reporter"] is not None
    assert await TicketEvent.count().where(TicketEvent.kind == EventKind.IDENTITY_ERASED.value) == 0
