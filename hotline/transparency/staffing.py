"""How many officers the phone line needs next month, by hour of the week (Erlang C).

From the calls of a month: for each weekday × hour, the average number of callers queued in that
hour (calls in the slot ÷ how many times the slot occurred in the month) and their average
handling time; Erlang C (pyworkforce) then gives the smallest number of officers that answers
80 % of calls within 20 seconds, with occupancy kept at or under 85 % (`sla/erlang.py`, the one
Erlang C call, shared with the call centre's roster). Pure: no I/O.

For the month in progress only the hours that are over count, on both sides of the division:
the calls of hours already passed ÷ the occurrences of the slot already passed. Dividing by the
whole month's occurrences (days still to come included) understated the arrivals and so the
officers needed (issue 15, item 14).
"""

from __future__ import annotations

import calendar as pycalendar
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, time, timedelta
from typing import Any

from hotline.sla.erlang import FALLBACK_AHT_SECONDS, officers_needed
from hotline.transparency.facts import QueueCallFact
from hotline.transparency.months import Month


def slot_occurrences(month: Month) -> dict[int, int]:
    """How many times each weekday (0 = Monday) occurs in the month."""
    days = pycalendar.monthrange(month.year, month.month)[1]
    counts: dict[int, int] = defaultdict(int)
    for day in range(1, days + 1):
        counts[pycalendar.weekday(month.year, month.month, day)] += 1
    return dict(counts)


def elapsed_occurrences(month: Month, until: datetime | None) -> dict[tuple[int, int], int]:
    """How many times each weekday × hour slot had ended by `until` (local time, naive), within
    the month; every occurrence of the month when `until` is None or after the month."""
    days = pycalendar.monthrange(month.year, month.month)[1]
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for day in range(1, days + 1):
        start = datetime(month.year, month.month, day)
        for hour in range(24):
            if until is not None and start + timedelta(hours=hour + 1) > until:
                return dict(counts)
            counts[(start.weekday(), hour)] += 1
    return dict(counts)


def recommend(
    calls: Sequence[QueueCallFact], month: Month, *, until: datetime | None = None
) -> dict[str, Any]:
    """The recommendation for the month after `month`, from `month`'s calls.

    `until` (local, naive) is where a month in progress stands: only the hours over by then
    count. Returns {"based_on": "YYYY-MM", "for": "YYYY-MM", "until": local ISO or None,
    "days": days with an hour counted, "slots": [{weekday, hour, calls_per_hour, aht_seconds,
    officers, service_level, occupancy}, ...]} with only the slots that had calls.
    """
    occurrences = elapsed_occurrences(month, until)
    counted_until = (
        until.replace(minute=0, second=0, microsecond=0)
        if until is not None and until < datetime.combine(month.next().first_day, time(0))
        else None
    )
    arrivals: dict[tuple[int, int], int] = defaultdict(int)
    handles: dict[tuple[int, int], list[int]] = defaultdict(list)
    all_handles: list[int] = []
    for call in calls:
        entered = call.entered_local.replace(tzinfo=None)
        if counted_until is not None and entered >= counted_until:
            continue  # an hour not over yet: neither its calls nor its occurrence count
        slot = (entered.weekday(), entered.hour)
        arrivals[slot] += 1
        if call.outcome == "answered" and call.handle_seconds is not None:
            handles[slot].append(call.handle_seconds)
            all_handles.append(call.handle_seconds)
    month_aht = sum(all_handles) / len(all_handles) if all_handles else FALLBACK_AHT_SECONDS
    slots = []
    for (weekday, hour), count in sorted(arrivals.items()):
        rate = count / occurrences[(weekday, hour)]
        aht = (
            sum(handles[(weekday, hour)]) / len(handles[(weekday, hour)])
            if handles[(weekday, hour)]
            else month_aht
        )
        slots.append(
            {
                "weekday": weekday,
                "hour": hour,
                "calls_per_hour": round(rate, 3),
                "aht_seconds": round(aht, 1),
                **officers_needed(rate, aht),
            }
        )
    return {
        "based_on": str(month),
        "for": str(month.next()),
        "until": counted_until.isoformat() if counted_until is not None else None,
        "slots": slots,
    }
