"""Undelivered messages speak in the console (issue 14): a panel on the ticket page and an
operator view, each with a retry recorded in the report's history; /health/ready counts them."""

from __future__ import annotations

import html
from collections.abc import Iterator

import httpx
import pytest

from hotline import clock
from hotline.notify.outbox import concerning
from hotline.notify.tables import OutboxMessage
from hotline.tickets.events import EventKind
from hotline.tickets.messages import about
from hotline.tickets.tables import TicketEvent
from tests.integration.konsol.support import make_world as _make_world
from tests.integration.konsol.support import post, sign_in
from tests.support.live_server import live_server

FULL = "+6281234567890"  # the phone of every report in the test world
MASKED = "+62812****7890"
ERROR = "Twilio HTTP 400 (error 21211): Invalid 'To' Phone Number"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with live_server() as base:
        yield base


async def _kill_sms(ticket_id: int) -> int:
    """The report's SMS, as delivery leaves a message it gave up on."""
    row = (
        await OutboxMessage.select(OutboxMessage.id)
        .where(concerning(about(ticket_id)) & (OutboxMessage.channel == "sms"))
        .first()
    )
    assert row is not None
    await OutboxMessage.update(
        {
            OutboxMessage.status: "dead",
            OutboxMessage.attempts: 1,
            OutboxMessage.last_error: ERROR,
            OutboxMessage.next_attempt_at: None,
            OutboxMessage.failed_at: clock.now(),
        }
    ).where(OutboxMessage.id == row["id"])
    return int(row["id"])


def _panel(page: str) -> str:
    assert 'id="pesan"' in page, "no panel of undelivered messages"
    return html.unescape(page.split('id="pesan"', 1)[1].split("</section>", 1)[0])


async def _retries(ticket_id: int) -> list[dict]:
    return (
        await TicketEvent.select(TicketEvent.actor, TicketEvent.public, TicketEvent.data)
        .where(
            (TicketEvent.ticket == ticket_id)
            & (TicketEvent.kind == EventKind.MESSAGE_RETRIED.value)
        )
        .output(load_json=True)
    )


async def test_the_ticket_page_shows_a_dead_message_and_retries_it_on_the_record(
    server: str,
) -> None:
    world = await _make_world()
    ticket = world.anonim.ticket_id  # nobody outside the central unit may see who reported
    message = await _kill_sms(ticket)
    officer = await sign_in(server, "petugas.pupr")

    page = (await officer.get(f"/konsol/tiket/{ticket}")).text
    panel = _panel(page)
    assert "Pesan yang tidak terkirim" in panel  # Indonesian first
    assert "SMS" in panel and MASKED in panel and ERROR in panel
    assert FULL not in page
    other = (await officer.get(f"/konsol/tiket/{world.publik.ticket_id}")).text
    assert 'id="pesan"' not in other  # only a report with a failure has the panel

    # Another agency's officer cannot reach it; the retry is refused as "not found".
    stranger = await sign_in(server, "petugas.dinkes")
    refused = await post(stranger, f"/konsol/tiket/{ticket}/pesan/{message}/ulang")
    assert refused.status_code == 404
    assert await _retries(ticket) == []

    sent_again = await post(officer, f"/konsol/tiket/{ticket}/pesan/{message}/ulang")
    assert sent_again.status_code == 303
    assert sent_again.headers["location"] == f"/konsol/tiket/{ticket}?ok=retried#pesan"
    row = await OutboxMessage.select().where(OutboxMessage.id == message).first()
    assert row is not None
    assert row["status"] == "pending" and row["next_attempt_at"] is not None
    [event] = await _retries(ticket)
    assert event["actor"] == world.users["petugas.pupr"] and event["public"] is False
    assert event["data"] == {"message": message, "channel": "sms", "was": "dead"}
    page = (await officer.get(f"/konsol/tiket/{ticket}")).text
    assert 'id="pesan"' not in page
    assert "Pesan yang tidak terkirim dikirim ulang" in page  # the history entry

    twice = await post(officer, f"/konsol/tiket/{ticket}/pesan/{message}/ulang")
    assert twice.headers["location"].endswith("?ok=none#pesan")
    assert len(await _retries(ticket)) == 1


async def test_a_message_of_another_report_is_not_retried_through_this_one(server: str) -> None:
    world = await _make_world()
    message = await _kill_sms(world.dinkes.ticket_id)
    officer = await sign_in(server, "petugas.pupr")
    response = await post(officer, f"/konsol/tiket/{world.publik.ticket_id}/pesan/{message}/ulang")
    assert response.headers["location"].endswith("?ok=none#pesan")
    row = await OutboxMessage.select().where(OutboxMessage.id == message).first()
    assert row is not None
    assert row["status"] == "dead"


async def test_the_operator_view_lists_every_failure_and_retries_it(server: str) -> None:
    world = await _make_world()
    message = await _kill_sms(world.rahasia.ticket_id)
    officer = await sign_in(server, "petugas.pupr")
    assert (await officer.get("/konsol/admin/pesan-gagal")).status_code == 403
    central = await sign_in(server, "verif")
    assert (await central.get("/konsol/admin/pesan-gagal")).status_code == 200
    # The central unit may see this reporter, but only through the recorded look: masked here.
    ticket_page = (await central.get(f"/konsol/tiket/{world.rahasia.ticket_id}")).text
    assert MASKED in _panel(ticket_page) and FULL not in ticket_page
    admin = await sign_in(server, "admin")
    page = html.unescape((await admin.get("/konsol/admin/pesan-gagal")).text)
    assert world.rahasia.reference in page and MASKED in page and ERROR in page
    assert FULL not in page
    assert f'href="/konsol/tiket/{world.rahasia.ticket_id}' not in page  # admins read no report
    assert "/konsol/admin/pesan-gagal" in (await admin.get("/konsol/admin")).text

    done = await post(admin, f"/konsol/admin/pesan-gagal/{message}/ulang")
    assert done.status_code == 303 and done.headers["location"].endswith("?ok=retried")
    [event] = await _retries(world.rahasia.ticket_id)
    assert event["actor"] == world.users["admin"]
    page = (await admin.get("/konsol/admin/pesan-gagal?ok=retried")).text
    assert world.rahasia.reference not in page


async def test_readiness_counts_undelivered_messages_and_stays_ready(server: str) -> None:
    world = await _make_world()
    await _kill_sms(world.publik.ticket_id)
    await _kill_sms(world.anonim.ticket_id)
    async with httpx.AsyncClient(timeout=30) as client:
        ready = await client.get(server + "/health/ready")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "database": "ok", "outbox": {"dead": 2, "stuck": 0}}
