"""The staffing recommendation of the month in progress, from the database (issue 15, item 14):
the calls of the hours already over, divided by the occurrences already over."""

from __future__ import annotations

from datetime import timedelta

from hotline.ivr.tables import QueueCall
from hotline.transparency.monthly import compute_month
from hotline.transparency.months import Month
from hotline.transparency.staffing import officers_needed
from tests.support.factories import at, make_directory


async def test_the_month_in_progress_counts_only_the_tuesdays_so_far() -> None:
    await make_directory()
    # Six calls in the 09:00 WIB hour (02:00 UTC) of Tuesday 6 and of Tuesday 13 October 2026.
    entered = [at(2026, 10, day, 2, 5 * i) for day in (6, 13) for i in range(6)]
    for n, when in enumerate(entered):
        await QueueCall.insert(
            QueueCall(
                call_sid=f"CA{n:032d}",
                queue="id",
                entered_at=when,
                answered_at=when + timedelta(seconds=10),
                ended_at=when + timedelta(seconds=250),
                outcome="answered",
                wait_seconds=10,
                handle_seconds=240,
            )
        )
    # Wednesday 14 October, 11:30 WIB: two of October's four Tuesdays are over.
    figures = await compute_month(Month(2026, 10), now=at(2026, 10, 14, 4, 30))
    assert figures["complete"] is False
    staffing = figures["staffing"]
    (tuesday,) = staffing["slots"]
    assert (tuesday["weekday"], tuesday["hour"]) == (1, 9)
    assert tuesday["calls_per_hour"] == 6.0  # not 12 calls / 4 Tuesdays
    assert tuesday["officers"] == officers_needed(6, 240)["officers"] == 2
    assert staffing["until"] == "2026-10-14T11:00:00+07:00"
