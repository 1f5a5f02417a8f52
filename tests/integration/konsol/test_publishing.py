"""Publishing a text of the history from the console: only when someone on staff confirms they
removed personal data, agency officers their agency's words only, never for `rahasia`."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from hotline.tickets.events import EventKind
from hotline.tickets.lifecycle import Action
from hotline.tickets.service import add_information, perform, redact
from hotline.tickets.tables import TicketEvent
from tests.integration.konsol.support import make_world, post, sign_in
from tests.support.factories import STAFF
from tests.support.live_server import live_server


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with live_server() as base:
        yield base


async def _event(ticket_id: int, kind: EventKind) -> int:
    """The latest event of `kind` with a text."""
    row = await (
        TicketEvent.select(TicketEvent.id)
        .where(
            (TicketEvent.ticket == ticket_id)
            & (TicketEvent.kind == kind.value)
            & (TicketEvent.body != "")
        )
        .order_by(TicketEvent.id, ascending=False)
        .first()
    )
    assert row is not None
    return int(row["id"])


async def _public(api: httpx.AsyncClient) -> str:
    return (await api.get("/open311/v2/servicerequestupdates.json")).text


async def test_publishing_from_the_ticket_page(server: str) -> None:
    world = await make_world()
    tid = world.publik.ticket_id
    await redact(tid, "Jalan berlubang di depan pasar.", actor=STAFF)
    await perform(tid, Action.ACCEPT, actor=STAFF)
    await perform(tid, Action.REQUEST_INFO, actor=STAFF, body="Mohon foto lokasinya, Bu Siti.")
    await add_information(tid, "Foto terlampir. Rumah saya no. 7, HP 0812 1111 2222.")
    asked = await _event(tid, EventKind.STATUS_CHANGED)
    added = await _event(tid, EventKind.INFO_ADDED)
    officer = await sign_in(server, "petugas.pupr")
    verifier = await sign_in(server, "verif")
    page = f"/konsol/tiket/{tid}"
    action = f"{page}/aksi/publish"
    async with httpx.AsyncClient(base_url=server) as api:
        # Not without the confirmation: the page comes back with the text kept.
        refused = await post(officer, action, {"event": str(asked), "text": "Mohon foto lokasi."})
        assert refused.status_code == 400 and "Mohon foto lokasi.</textarea>" in refused.text
        assert "Pastikan Anda sudah menghapus setiap nama" in refused.text
        assert "Mohon foto" not in await _public(api)
        # An officer cannot publish what the reporter wrote; the form is not even offered.
        assert f'name="event" value="{added}"' not in (await officer.get(page)).text
        assert f'name="event" value="{added}"' in (await verifier.get(page)).text
        forbidden = await post(
            officer, action, {"event": str(added), "text": "Foto terlampir.", "checked": "1"}
        )
        assert forbidden.status_code == 403
        done = await post(
            officer, action, {"event": str(asked), "text": "Mohon foto lokasi.", "checked": "1"}
        )
        assert done.status_code == 303
        shown = await post(
            verifier, action, {"event": str(added), "text": "Foto terlampir.", "checked": "1"}
        )
        assert shown.status_code == 303
        public = await _public(api)
        assert "Mohon foto lokasi." in public and "Foto terlampir." in public
        assert "Siti" not in public and "1111" not in public and "no. 7" not in public
        # Once per entry.
        again = await post(verifier, action, {"event": str(added), "text": "Lagi.", "checked": "1"})
        assert again.status_code == 409
        # A resolved report's answer is what the public most wants: still offered once closed.
        await perform(tid, Action.ANSWER, actor=STAFF, body="Sudah ditambal hari Senin.")
        await perform(tid, Action.CONFIRM, actor=STAFF)
        closed = (await verifier.get(page)).text
        answer = await _event(tid, EventKind.STATUS_CHANGED)
        assert f'name="event" value="{answer}"' in closed
        # A rahasia report offers nothing to publish, and refuses a forged post.
        secret = world.rahasia.ticket_id
        await redact(secret, "Teks rahasia.", actor=STAFF)
        await perform(secret, Action.ACCEPT, actor=STAFF)
        await perform(secret, Action.ANSWER, actor=STAFF, body="Jawaban rahasia.")
        answer = await _event(secret, EventKind.STATUS_CHANGED)
        assert "aksi/publish" not in (await verifier.get(f"/konsol/tiket/{secret}")).text
        forged = await post(
            verifier,
            f"/konsol/tiket/{secret}/aksi/publish",
            {"event": str(answer), "text": "Jawaban.", "checked": "1"},
        )
        assert forged.status_code == 403
        assert "Jawaban" not in await _public(api)
