"""The statements one Open311 POST sends to PostgreSQL stay few (issue 16: a lean intake).

The app runs in this process (no server), so every statement it sends is counted, BEGIN and
COMMIT included. The bound is a ceiling with a little room, not the exact number: a regression
that puts back a lookup per clock, or a clock started only to be stopped, goes over it.
"""

from __future__ import annotations

from typing import Any, cast

import httpx
import pytest

from bench.statements import counting
from hotline.app import create_app
from hotline.notify.outbox import concerning
from hotline.notify.tables import OutboxMessage
from hotline.open311.tables import Submission
from hotline.tickets import messages
from hotline.tickets.tables import Ticket, TicketClock
from tests.integration.open311.conftest import World
from tests.integration.open311.test_post import form

pytestmark = pytest.mark.postgres_only

# Measured before issue 16 item 2: 49 (30 SELECT, 14 INSERT, 3 UPDATE, BEGIN, COMMIT) for a
# report dispatched by a confident rule; after it, 20 (8 SELECT, 9 INSERT, 1 UPDATE, BEGIN,
# COMMIT): the directory read once, the clocks, the outbox rows and the public row each
# written once. The ceiling leaves room for two more, not for a lookup per clock.
MAX_STATEMENTS = 22


async def test_a_dispatched_report_is_filed_in_few_statements(world: World) -> None:
    # httpx types the ASGI app loosely; Litestar's own signature is narrower but the same call.
    transport = httpx.ASGITransport(app=cast(Any, create_app()))
    async with httpx.AsyncClient(transport=transport, base_url="http://hotline.test") as client:
        # The first request warms what a process loads once (not per report).
        warm = await client.post("/open311/v2/requests.json", data=form(world))
        assert warm.status_code == 201, warm.text
        with counting() as sent:
            response = await client.post("/open311/v2/requests.json", data=form(world))
    assert response.status_code == 201, response.text
    assert await Submission.count() == 2
    ticket = (
        await Ticket.select(Ticket.id, Ticket.status)
        .where(Ticket.reference == response.json()[0]["service_request_id"])
        .first()
    )
    assert ticket is not None and ticket["status"] == "didisposisikan"
    clocks = await (
        TicketClock.select(TicketClock.kind, TicketClock.stopped_at, TicketClock.met)
        .where(TicketClock.ticket == ticket["id"])
        .order_by(TicketClock.id)
    )
    # Verification met at once (written stopped), the agency's two clocks running.
    assert [(c["kind"], c["stopped_at"] is not None, c["met"]) for c in clocks] == [
        ("verification", True, True),
        ("first_response", False, None),
        ("resolution", False, None),
    ]
    outbox = OutboxMessage.count().where(concerning(messages.about(ticket["id"])))
    assert await outbox == 4
    assert sent.total <= MAX_STATEMENTS, sent.by_label()
    labels = sent.by_label()
    # The clocks and the reporter's four messages (receipt and dispatch, SMS and e-mail) are
    # one statement each; no clock is started to be stopped in the same transaction.
    assert labels.get("INSERT ticket_clock") == 1, labels
    assert labels.get("INSERT outbox_message") == 1, labels
    assert "UPDATE ticket_clock" not in labels, labels
