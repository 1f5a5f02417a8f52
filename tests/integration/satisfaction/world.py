"""Resolved reports to survey: filed, dispatched to PUPR, answered and confirmed."""

from __future__ import annotations

from datetime import datetime

from hotline.satisfaction import invitation
from hotline.satisfaction.tables import Survey
from hotline.tickets.lifecycle import Action
from hotline.tickets.service import REPORTER, CreatedReport, perform
from tests.support.factories import STAFF, Directory, at, file_report, freeze


async def resolved(d: Directory, when: datetime | None = None, **kwargs: object) -> CreatedReport:
    freeze(when or at(2026, 8, 10))
    created = await file_report(**kwargs)  # type: ignore[arg-type]
    await perform(created.ticket_id, Action.VERIFY, actor=STAFF)
    await perform(created.ticket_id, Action.DISPATCH, actor=STAFF, agency_id=d.pupr)
    await perform(created.ticket_id, Action.ACCEPT, actor=STAFF)
    await perform(created.ticket_id, Action.ANSWER, actor=STAFF, body="Sudah ditambal.")
    await perform(created.ticket_id, Action.CONFIRM, actor=REPORTER)
    return created


async def token_of(ticket_id: int) -> str:
    row = await Survey.select(Survey.token).where(Survey.ticket == ticket_id).first()
    assert row is not None
    return str(row["token"])


async def invited(d: Directory, **kwargs: object) -> tuple[CreatedReport, str]:
    created = await resolved(d, **kwargs)  # type: ignore[arg-type]
    assert await invitation.run() == 1
    return created, await token_of(created.ticket_id)
