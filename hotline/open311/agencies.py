"""Agency names and time zones, read once per API call (there are tens of agencies, not more).

Instants are shown in the time zone of the agency concerned (WIB, WITA or WIT), as everywhere
else; a report still with the central unit is shown in the central unit's zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from hotline.directory.tables import Agency

DEFAULT_ZONE = ZoneInfo("Asia/Jakarta")


@dataclass(frozen=True)
class AgencyInfo:
    name: str
    zone: ZoneInfo


@dataclass(frozen=True)
class Agencies:
    by_id: dict[int, AgencyInfo]
    central: AgencyInfo | None

    def responsible(self, agency_id: int | None) -> AgencyInfo | None:
        """The agency handling a report; the central unit while it has none."""
        if agency_id is not None and agency_id in self.by_id:
            return self.by_id[agency_id]
        return self.central

    def zone(self, agency_id: int | None) -> ZoneInfo:
        info = self.responsible(agency_id)
        return info.zone if info else DEFAULT_ZONE


async def load() -> Agencies:
    rows = await Agency.select(Agency.id, Agency.name, Agency.is_central, Agency.calendar.timezone)
    by_id = {
        int(r["id"]): AgencyInfo(r["name"], ZoneInfo(r["calendar.timezone"] or "Asia/Jakarta"))
        for r in rows
    }
    central = next((by_id[int(r["id"])] for r in rows if r["is_central"]), None)
    return Agencies(by_id, central)
