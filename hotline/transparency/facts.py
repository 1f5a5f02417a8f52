"""What the statistics are computed from: plain records read from the database by `queries`.

Each record carries the dimensions the figures are broken down by, so the computation in
`figures` needs nothing but these lists (and is tested on hand-made ones).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# The dimensions of every breakdown, in the order pages show them.
DIMENSIONS = ("agency", "category", "kecamatan", "channel")

# Rows of the breakdowns that are not a place, an agency or a category, so that every table adds
# up to its total (issue 15, item 15): a report with no agency is either still waiting for its
# first dispatch (or back with the central unit) or was closed (rejected, merged, withdrawn)
# before it reached one; a report without a category or kecamatan has its own row too.
NOT_DISPATCHED = "_not_dispatched"
CLOSED_BEFORE_DISPATCH = "_closed_before_dispatch"
UNKNOWN = "_unknown"
NOT_AN_AGENCY = frozenset({NOT_DISPATCHED, CLOSED_BEFORE_DISPATCH, UNKNOWN})


@dataclass(frozen=True)
class Dims:
    """Where a report belongs: agency code, category service code, kecamatan code, channel.
    An empty string means "not (yet) known", e.g. a report still waiting for verification."""

    agency: str = ""
    category: str = ""
    kecamatan: str = ""
    channel: str = ""

    def key(self, dimension: str) -> str:
        """The slice this report counts in; never empty, so no report falls out of a table."""
        value: str = getattr(self, dimension)
        return value or UNKNOWN


@dataclass(frozen=True)
class Received:
    """A report filed in the period."""

    dims: Dims


@dataclass(frozen=True)
class StatusChange:
    """A change of status in the period (one `status_changed` history event)."""

    dims: Dims
    at: datetime
    action: str  # hotline.tickets.lifecycle.Action
    to_status: str
    reason: str = ""  # the reject reason
    confirmed_by: str = ""  # reporter | timeout, on confirm / auto_close
    first_dispatch: bool = False  # the ticket's first disposition (not a re-routing)


@dataclass(frozen=True)
class ClockOutcome:
    """An SLA clock decided in the period: met when it stopped in time, missed at its deadline.

    `working_seconds` is the time it ran, pauses excluded, in working time of the calendar of the
    agency that owned it; None for a clock missed and still running (its time is not known yet).
    """

    dims: Dims
    kind: str  # verification | first_response | resolution
    met: bool
    working_seconds: float | None
    day_seconds: int = 8 * 3600  # the calendar's working day


@dataclass(frozen=True)
class Rating:
    dims: Dims
    rating: int


@dataclass(frozen=True)
class OpenReport:
    """A report still open at the end of the period, and how old it was then."""

    dims: Dims
    age_days: float  # calendar days since it was filed


@dataclass(frozen=True)
class QueueCallFact:
    """A caller queued for an officer (hotline.ivr.tables.QueueCall), in the report's zone."""

    entered_local: datetime
    outcome: str  # waiting | answered | abandoned | recording
    wait_seconds: int | None
    handle_seconds: int | None


@dataclass(frozen=True)
class PeriodFacts:
    received: list[Received]
    changes: list[StatusChange]
    clocks: list[ClockOutcome]
    ratings: list[Rating]
    open_at_end: list[OpenReport]
    calls: list[QueueCallFact]
