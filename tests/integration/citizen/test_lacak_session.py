"""Signing out of /lacak ends the session on the server: a copy of the old cookie opens nothing."""

from __future__ import annotations

from hotline.citizen import tracking
from hotline.tickets.tables import TicketEvent
from tests.integration.citizen.world import Citizen, wonosobo
from tests.support.factories import file_report

DESCRIPTION = "Jalan berlubang besar di depan pasar, berbahaya bagi motor."


def _replay(server: str, cookie: str) -> Citizen:
    """Another browser (or whoever copied the cookie) presenting the old cookie."""
    thief = Citizen(server)
    thief.http.cookies.set(tracking.COOKIE, cookie, path=tracking.PATH)
    return thief


async def test_a_signed_out_cookie_replayed_gets_no_data(server: str, citizen: Citizen) -> None:
    await wonosobo()
    created = await file_report(description=DESCRIPTION)
    assert citizen.sign_in(created.reference, created.pin).status_code == 303
    cookie = citizen.http.cookies.get(tracking.COOKIE, path=tracking.PATH)
    assert cookie
    # Another device signed in to the same report stays signed in after this one signs out.
    other = Citizen(server)
    assert other.sign_in(created.reference, created.pin).status_code == 303

    thief = _replay(server, cookie)
    try:
        assert DESCRIPTION in thief.http.get("/lacak").text  # the copy works while signed in

        assert citizen.post("/lacak/keluar", {}).status_code == 303
        page = thief.http.get("/lacak")
        assert page.status_code == 200
        assert DESCRIPTION not in page.text and created.reference not in page.text
        assert 'name="pin"' in page.text  # the sign-in form, nothing else
        events_before = await TicketEvent.count()
        added = thief.post("/lacak/tambah", {"body": "Disisipkan dengan cookie lama."})
        assert added.status_code == 401
        assert await TicketEvent.count() == events_before
        assert DESCRIPTION in other.http.get("/lacak").text
    finally:
        thief.close()
        other.close()
