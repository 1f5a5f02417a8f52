"""Who may see who reported, per privacy level, and every look is in the history."""

from __future__ import annotations

import pytest

from hotline.errors import Forbidden
from hotline.tickets import service
from hotline.tickets.privacy import Privacy
from hotline.tickets.tables import TicketEvent
from tests.support.factories import STAFF, file_report, make_directory


async def _views(ticket_id: int) -> int:
    return await TicketEvent.count().where(
        (TicketEvent.ticket == ticket_id) & (TicketEvent.kind == "identity_viewed")
    )


@pytest.mark.parametrize(
    ("privacy", "agency_sees", "central_sees"),
    [(Privacy.PUBLIK, True, True), (Privacy.RAHASIA, False, True), (Privacy.ANONIM, False, False)],
)
async def test_identity_visibility_per_privacy_level(
    privacy: Privacy, agency_sees: bool, central_sees: bool
) -> None:
    await make_directory()
    created = await file_report(privacy=privacy, name="Bu Sri Wahyuni", phone="081299998888")
    for central, allowed in ((False, agency_sees), (True, central_sees)):
        if allowed:
            who = await service.reporter_identity(
                created.ticket_id, actor=STAFF, central_unit=central
            )
            assert (who.name, who.phone) == ("Bu Sri Wahyuni", "+6281299998888")
        else:
            with pytest.raises(Forbidden):
                await service.reporter_identity(
                    created.ticket_id, actor=STAFF, central_unit=central
                )
    assert await _views(created.ticket_id) == agency_sees + central_sees
