"""The demo seed leaves surveys behind: every resolved report invited, some answered, so the
demo's months show a satisfaction index."""

from __future__ import annotations

from datetime import date

from hotline.demo.seed import seed
from hotline.satisfaction.tables import Survey
from hotline.tickets.lifecycle import Status
from hotline.tickets.tables import Ticket
from hotline.transparency import monthly
from hotline.transparency.months import Month


async def test_the_demo_answers_some_surveys_of_resolved_reports() -> None:
    await seed(tickets=300, months=2, today=date(2026, 11, 16))
    resolved = await Ticket.count().where(Ticket.status == Status.SELESAI.value)
    assert resolved > 0 and await Survey.count() == resolved
    answered = await Survey.count().where(Survey.submitted_at.is_not_null())
    assert 0.3 * resolved < answered < 0.6 * resolved

    figures = await monthly.compute_month(Month(2026, 10))
    service = figures["ikm"]["service"]
    assert service["respondents"] > 0 and 25 <= service["ikm"] <= 100 and service["band"]
