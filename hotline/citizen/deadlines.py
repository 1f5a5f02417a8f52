"""What a citizen is told about time: the running deadlines of a report, in the right zone.

A deadline is shown in the time zone of the agency whose clock it is (the central unit's for
verification), with the zone's Indonesian abbreviation (WIB, WITA, WIT), formatted by Babel in
the citizen's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time

from hotline.directory.tables import Agency
from hotline.i18n import N_, t
from hotline.sla.policy import ClockKind
from hotline.tickets.tables import TicketClock

# Indonesia's three zones by the names people use, in both languages.
ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}

# The order a citizen meets the clocks in; each says its `citizen_label` before its date.
ORDER = list(ClockKind)


@dataclass(frozen=True)
class Deadline:
    kind: ClockKind
    due_at: datetime
    timezone: str


def format_instant(at: datetime, timezone: str, locale: str) -> str:
    """E.g. "Kamis, 26 November 2026 pukul 10.00 WIB" / "Thursday, November 26, 2026 at 10:00 AM WIB"."""
    zone = ZoneInfo(timezone)
    local = at.astimezone(zone)
    return t(
        locale,
        N_("{date} at {time} {zone}"),
        date=format_date(local, "full", locale=locale),
        time=format_time(local, "short", locale=locale),
        zone=ZONE_NAMES.get(timezone) or local.strftime("%Z"),
    )


async def _timezones() -> tuple[dict[int, str], str]:
    rows = await Agency.select(Agency.id, Agency.is_central, Agency.calendar.timezone)
    by_agency = {r["id"]: r["calendar.timezone"] or "Asia/Jakarta" for r in rows}
    central = next(
        (r["calendar.timezone"] for r in rows if r["is_central"] and r["calendar.timezone"]),
        "Asia/Jakarta",
    )
    return by_agency, central


async def running(ticket_id: int) -> list[Deadline]:
    """The report's running, unpaused clocks, in the order a citizen meets them."""
    rows = await TicketClock.select(TicketClock.kind, TicketClock.due_at, TicketClock.agency).where(
        (TicketClock.ticket == ticket_id)
        & TicketClock.stopped_at.is_null()
        & TicketClock.paused_at.is_null()
        & TicketClock.due_at.is_not_null()
    )
    if not rows:
        return []
    by_agency, central = await _timezones()
    found = [
        Deadline(
            ClockKind(r["kind"]),
            r["due_at"],
            by_agency.get(r["agency"], central) if r["agency"] else central,
        )
        for r in rows
    ]
    return sorted(found, key=lambda d: ORDER.index(d.kind))


async def zone_of(agency_id: int | None) -> str:
    """The time zone a report's times are shown in: its agency's, else the central unit's."""
    by_agency, central = await _timezones()
    return by_agency.get(agency_id, central) if agency_id is not None else central
