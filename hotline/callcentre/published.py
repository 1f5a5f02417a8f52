"""The monthly publication's phone figures, counted with this area's definitions
(definitions.py) from its day summaries: the answer to transparency's question
`transparency.phone` (hotline/transparency/phone.py). Transparency sits below this area in the
layers and may not import it, so it asks through `hotline/areas.py: listeners`, and the fields
it publishes keep their names (docs/TRANSPARENCY.md)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hotline.callcentre import daily, summaries
from hotline.callcentre import definitions as d
from hotline.callcentre.queries import Range
from hotline.callcentre.reports import Tally
from hotline.transparency.phone import PhoneAsk


def phone_figures(t: Tally) -> dict[str, Any]:
    """The published fields from a period's tally: the service level and abandon rate leave
    out short abandons and callers still waiting (definitions.py); `recording` is the callers
    taken out at the wait limit, who are offered to leave a message; the handling time is
    talk + hold + wrap-up. Shares to 4 places and seconds to 2, as the publication rounds."""
    row = t.row()
    decided = t.offered - t.waiting - t.short_abandons

    def rounded(value: float | None, places: int) -> float | None:
        return None if value is None else round(value, places)

    return {
        "offered": t.offered,
        "answered": t.answered,
        "abandoned": t.abandoned,
        "short_abandons": t.short_abandons,
        "recording": t.timed_out,
        "waiting": t.waiting,
        "answered_within_20s": t.answered_in_time,
        "answered_within_20s_of": decided,
        "answered_within_20s_share": rounded(row["service_level"], 4),
        "abandon_rate": rounded(row["abandon_rate"], 4),
        "average_speed_of_answer_seconds": rounded(row["asa"], 2),
        "average_handling_time_seconds": rounded(row["aht"], 2),
        "short_abandon_seconds": d.SHORT_ABANDON_SECONDS,
    }


async def answer(ask: PhoneAsk) -> None:
    """The figures of the local days of [start, end) (a month, or the month so far)."""
    zone = ask["zone"]
    first = ask["start"].astimezone(zone).date()
    last = (ask["end"] - timedelta(microseconds=1)).astimezone(zone).date()
    days = await summaries.range_days(Range(first, last, zone)) if first <= last else []
    ask["figures"] = phone_figures(daily.total(days))
