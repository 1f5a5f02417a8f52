"""The phone line's published figures, counted with the call centre's definitions.

The call centre (`hotline/callcentre/`, docs/CALLCENTRE.md) defines offered, answered, short
abandons, the service level, ASA and AHT once, on its methods page, and keeps the log they are
computed from. It sits above this area in the layers (above the console), so this area may not
import it: it asks instead, through the topic `transparency.phone`, the way the IVR tells the
call centre its news (`hotline/areas.py: listeners`). The call centre's listener fills in the
period's figures (from its day summaries). With no area answering (an installation without the
call centre) the figures are the IVR's own count of `ivr_queue_call` (`figures.phone_figures`).

The published fields keep their names (the JSON, CSV and PDF; docs/TRANSPARENCY.md); what
changed with these definitions is said under the table (`_figures.html`) and in the docs: short
abandons (within 5 s) and callers still waiting are left out of the share answered within 20 s,
and the handling time is talk + hold + wrap-up.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypedDict
from zoneinfo import ZoneInfo

from hotline.areas import listeners

TOPIC = "transparency.phone"


class PhoneAsk(TypedDict):
    """The question: the phone figures of [start, end) in `zone`'s local days; the area that
    answers sets `figures` (the same fields as `figures.phone_figures`, and `short_abandons`,
    `waiting` and `answered_within_20s_of`, the share's denominator)."""

    start: datetime
    end: datetime
    zone: ZoneInfo
    figures: dict[str, Any] | None


async def published(
    start: datetime, end: datetime, zone: ZoneInfo, fallback: dict[str, Any]
) -> dict[str, Any]:
    """The period's phone figures from the area that answers, else `fallback`."""
    ask = PhoneAsk(start=start, end=end, zone=zone, figures=None)
    for listener in listeners(TOPIC):
        await listener(ask)
        if ask["figures"] is not None:
            return ask["figures"]
    return fallback
