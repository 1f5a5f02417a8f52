"""Erlang C: the fewest officers who answer SERVICE_LEVEL_GOAL of callers within
ANSWER_TARGET_SECONDS (sla/phone.py), for a number of arrivals in an interval and their average
handling time. One call for the monthly publication's staffing table (transparency/staffing.py)
and the call centre's roster (callcentre/staffing.py), so the two never size the line
differently. Pure: no I/O.

The arithmetic is pyworkforce's (`pyworkforce.queuing.ErlangC`, declared in pyproject), a kept
library with its own tests, rather than a second hand-written Erlang formula here.
"""

from __future__ import annotations

from typing import TypedDict

from hotline.sla.phone import ANSWER_TARGET_SECONDS, SERVICE_LEVEL_GOAL

# No plan keeps officers busier than this, whatever the arrivals: past it queues and burn-out
# grow faster than the service level shows.
MAX_OCCUPANCY = 0.85
# The handling time assumed when none was measured (every call abandoned, or no calls yet):
# three minutes, a typical complaint call.
FALLBACK_AHT_SECONDS = 180.0


class Need(TypedDict):
    officers: int
    service_level: float | None  # what that many officers would reach; None with no arrivals
    occupancy: float | None


def officers_needed(arrivals: float, aht_seconds: float, *, interval_minutes: int = 60) -> Need:
    """Erlang C for one interval: `arrivals` callers in `interval_minutes`, each handled in
    `aht_seconds` on average."""
    if arrivals <= 0:
        return {"officers": 0, "service_level": None, "occupancy": None}
    # pyworkforce pulls in pandas and its shift solvers (seconds of imports): load it when a
    # recommendation is first computed, not when the web server starts.
    from pyworkforce.queuing import ErlangC

    model = ErlangC(
        transactions=arrivals,
        aht=aht_seconds / 60,
        asa=ANSWER_TARGET_SECONDS / 60,
        interval=interval_minutes,
    )
    result = model.required_positions(service_level=SERVICE_LEVEL_GOAL, max_occupancy=MAX_OCCUPANCY)
    return {
        "officers": int(result["positions"]),
        "service_level": round(float(result["service_level"]), 4),
        "occupancy": round(float(result["occupancy"]), 4),
    }
