"""The worker's computation (GROUP BY and day-by-day batches, `compute_month`) gives exactly the
figures of the in-memory definition (`compute_month_in_memory`: every fact read, then
`figures.compute`), on a seeded demo month (transfers, pauses, disputes, ratings, rejections,
the phone line) and on the hand-checked August, finished and in progress, on both engines."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from hotline.demo.seed import seed
from hotline.transparency import disclosure
from hotline.transparency.monthly import compute_month, compute_month_in_memory
from hotline.transparency.months import Month
from tests.integration.transparency.scenario import build_august
from tests.support.factories import at, freeze


async def _same(month: Month, now: datetime) -> dict:  # type: ignore[type-arg]
    new = await compute_month(month, now=now)
    old = await compute_month_in_memory(month, now=now)
    assert new == old
    # What the public sees, after disclosure control, is then the same too.
    assert disclosure.protect(new) == disclosure.protect(old)
    return new


async def test_seeded_months_match_the_in_memory_computation() -> None:
    await seed(tickets=200, months=2, today=date(2026, 11, 20))
    now = datetime(2026, 11, 19, 17, 0, tzinfo=UTC)
    freeze(now)
    october = await _same(Month(2026, 10), now)
    # The seed filled the month with every kind of fact, so the comparison compares something.
    total = october["total"]
    assert october["complete"] is True
    assert total["received"] > 50 and total["resolved"] > 0 and total["rejected"] > 0
    assert total["sla"]["all"]["decided"] > 50 and total["times"]["resolution"]["count"] > 0
    assert total["satisfaction"]["ratings"] > 0 and total["backlog"]["count"] > 0
    assert len(october["by"]["agency"]) > 3 and october["cells"]
    # The month in progress, and October seen from the middle of October.
    november = await _same(Month(2026, 11), now)
    assert november["complete"] is False and november["total"]["received"] > 0
    await _same(Month(2026, 10), datetime(2026, 10, 16, 5, 30, tzinfo=UTC))


@pytest.mark.parametrize("now", [at(2026, 8, 12), at(2026, 8, 31, 16, 59), at(2026, 9, 10)])
async def test_hand_checked_august_matches(now: datetime) -> None:
    await build_august()
    freeze(now)
    await _same(Month(2026, 8), now)
