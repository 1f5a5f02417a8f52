"""Retention erases the survey's comment (the reporter's own words) and keeps its answers."""

from __future__ import annotations

from hotline import clock
from hotline.db.tx import transaction
from hotline.privacy.erasure import erase_for_retention
from hotline.satisfaction import survey
from hotline.satisfaction.tables import Survey
from hotline.tickets.service import load_ticket
from tests.integration.satisfaction.world import invited
from tests.support.factories import make_directory


async def test_retention_blanks_the_comment_and_keeps_the_answers() -> None:
    d = await make_directory()
    created, token = await invited(d)
    found = await survey.by_token(token)
    answers = {f"u{n}": 3 for n in range(1, 10)}
    await survey.submit(
        found["id"], answers, channel="web", now=clock.now(), comment="Saya Siti, terima kasih."
    )
    async with transaction():
        await erase_for_retention(await load_ticket(created.ticket_id), now=clock.now())
    row = await Survey.select(Survey.comment, Survey.u1, Survey.u9).first()
    assert row == {"comment": "", "u1": 3, "u9": 3}
