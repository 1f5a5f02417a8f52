"""The monthly publication's phone figures are the call centre's: counted with its
definitions (short abandons and callers still waiting out of the 20 s share, wrap-up in the
handling time) from its log, equal to its report for the month, whether its days are
summarised or not. Both engines."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hotline.callcentre import summaries
from hotline.callcentre.queries import Range
from hotline.callcentre.tables import CallCentreEvent
from hotline.db.tx import transaction
from hotline.transparency.monthly import compute_month, compute_month_in_memory
from hotline.transparency.months import Month
from tests.support.callcentre_log import log

WIB = ZoneInfo("Asia/Jakarta")
MARCH = Month(2026, 3)
FIRST, LAST = date(2026, 3, 1), date(2026, 3, 31)


async def test_the_published_month_is_the_call_centres_report_for_it() -> None:
    # The last days of February and the first of April must not count in March.
    events = log(FIRST - timedelta(days=2), 35, WIB, seed=3, calls=15)
    async with transaction():
        await CallCentreEvent.insert(*(CallCentreEvent(**e) for e in events))
    # Half the month summarised by the worker, the rest folded live when asked.
    await summaries.refresh(WIB, datetime.combine(date(2026, 3, 16), time(3), WIB))
    after = datetime.combine(date(2026, 4, 10), time(12), WIB)

    report = await summaries.range_report(Range(FIRST, LAST, WIB), 60)
    total = report["total"]
    phone = (await compute_month(MARCH, now=after))["phone"]
    assert phone == (await compute_month_in_memory(MARCH, now=after))["phone"]

    assert total["short_abandons"] > 0 and total["waiting"] > 0  # the definitions matter here
    assert phone["offered"] == total["offered"] == 22 * 15  # 22 weekdays in March 2026
    assert phone["answered"] == total["answered"]
    assert phone["abandoned"] == total["abandoned"]
    assert phone["short_abandons"] == total["short_abandons"]
    assert phone["recording"] == total["timed_out"]
    assert phone["waiting"] == total["waiting"]
    assert phone["answered_within_20s_share"] == round(total["service_level"], 4)
    assert phone["answered_within_20s_of"] == (
        total["offered"] - total["short_abandons"] - total["waiting"]
    )
    assert phone["abandon_rate"] == round(total["abandon_rate"], 4)
    assert phone["average_speed_of_answer_seconds"] == round(total["asa"], 2)
    assert phone["average_handling_time_seconds"] == round(total["aht"], 2)
    assert total["aht"] > total["talk"]  # wrap-up counts in the handling time


async def test_a_month_without_calls_publishes_nothing_to_divide() -> None:
    after = datetime.combine(date(2026, 4, 10), time(12), WIB)
    phone = (await compute_month(MARCH, now=after))["phone"]
    assert phone["offered"] == 0
    assert phone["answered_within_20s_share"] is None
    assert phone["average_handling_time_seconds"] is None
