"""Reading the directory for the ticket core: calendars, SLA policies and routing rules."""

from __future__ import annotations

from dataclasses import dataclass

from piccolo.columns.combination import Combinable
from piccolo.utils.encoding import load_json

from hotline.directory import routing
from hotline.directory.conflicts import AgencyName
from hotline.directory.tables import (
    Agency,
    AgencySlaPolicy,
    Calendar,
    Category,
    Region,
    RoutingRule,
    SlaPolicy,
)
from hotline.sla.calendar import WorkingCalendar, hours_from_json
from hotline.sla.policy import DEFAULT_POLICY, URGENT_POLICY, Duration, Policy


def _calendar(row: dict, overrides: list[dict]) -> WorkingCalendar:
    return WorkingCalendar(
        timezone=row["timezone"],
        hours=hours_from_json(row["working_hours"]),
        extra_holidays=frozenset(o["day"] for o in overrides if not o["is_working"]),
        extra_workdays=frozenset(o["day"] for o in overrides if o["is_working"]),
        holiday_categories=tuple(c for c in row["holiday_categories"].split(",") if c),
        day_minutes=row["day_minutes"],
    )


# A calendar and its overrides in one round trip (one row per override, or one with NULLs).
# Every report filed starts a clock on the central unit's calendar, and building this as
# Piccolo selects (the agency, the calendar, its overrides) was measured as the largest part
# of filing a report by phone (docs/PERFORMANCE.md): written once as SQL, for both engines.
_SELECT_CALENDAR = (
    "SELECT c.id, c.timezone, c.working_hours, c.holiday_categories, c.day_minutes,"
    " o.day, o.is_working"
    " FROM calendar c LEFT JOIN calendar_override o ON o.calendar = c.id"
    " WHERE c.id = "
)
# Constant text only (S608): the values are bound parameters.
_CALENDAR_BY_ID = _SELECT_CALENDAR + "{}"
_CALENDAR_OF_AGENCY = _SELECT_CALENDAR + "(SELECT calendar FROM agency WHERE id = {})"  # noqa: S608
# The central unit: the first one, should there ever be several.
_CALENDAR_OF_CENTRAL = (
    _SELECT_CALENDAR  # noqa: S608
    + "(SELECT calendar FROM agency WHERE is_central = {} ORDER BY id LIMIT 1)"
)


async def _load_calendar(sql: str, arg: object) -> WorkingCalendar:
    """The calendar `sql` finds; the national default when there is none."""
    rows = await Calendar.raw(sql, arg)
    if not rows:
        return WorkingCalendar()
    row = dict(rows[0])
    if isinstance(row["working_hours"], str):
        row["working_hours"] = load_json(row["working_hours"])
    return _calendar(row, [r for r in rows if r["day"] is not None])


async def working_calendar(calendar_id: int | None) -> WorkingCalendar:
    if calendar_id is None:
        return WorkingCalendar()
    return await _load_calendar(_CALENDAR_BY_ID, calendar_id)


async def agency_calendar(agency_id: int | None) -> WorkingCalendar:
    if agency_id is None:
        return await central_calendar()
    return await _load_calendar(_CALENDAR_OF_AGENCY, agency_id)


async def central_agency() -> dict | None:
    """The central unit: the first one, should there ever be several (as _CALENDAR_OF_CENTRAL)."""
    return await Agency.select().where(Agency.is_central.eq(True)).order_by(Agency.id).first()


async def agency_names() -> list[AgencyName]:
    """Every active agency's names, to find the one a report is about (directory.conflicts)."""
    rows = await Agency.select(Agency.id, Agency.code, Agency.name, Agency.short_name).where(
        Agency.active.eq(True)
    )
    return [AgencyName(r["id"], r["code"], r["name"], r["short_name"]) for r in rows]


async def central_calendar() -> WorkingCalendar:
    return await _load_calendar(_CALENDAR_OF_CENTRAL, True)


def _policy_from_row(row: dict) -> Policy:
    return Policy(
        verification=Duration.parse(row["verification"]),
        first_response=Duration.parse(row["first_response"]),
        resolution=Duration.parse(row["resolution"]),
        auto_close=Duration.parse(row["auto_close"]),
    )


async def policy_for(category_id: int | None, agency_id: int | None = None) -> Policy:
    """The most specific policy: agency+category, then category, then the defaults."""
    if category_id is None:
        return DEFAULT_POLICY
    if agency_id is not None:
        special = (
            await AgencySlaPolicy.select(*AgencySlaPolicy.sla_policy.all_columns())
            .where(
                (AgencySlaPolicy.category == category_id) & (AgencySlaPolicy.agency == agency_id)
            )
            .first()
        )
        if special:
            return _policy_from_row({k.removeprefix("sla_policy."): v for k, v in special.items()})
    category = (
        await Category.select(Category.sla_policy, Category.urgent)
        .where(Category.id == category_id)
        .first()
    )
    if category and category["sla_policy"]:
        row = await SlaPolicy.select().where(SlaPolicy.id == category["sla_policy"]).first()
        if row:
            return _policy_from_row(row)
    if category and category["urgent"]:
        return URGENT_POLICY
    return DEFAULT_POLICY


async def active_rules(category_id: int | None = None) -> list[routing.Rule]:
    """The active routing rules, of one category or of all."""
    where: Combinable = RoutingRule.active.eq(True)
    if category_id is not None:
        where = where & (RoutingRule.category == category_id)
    rows = (
        await RoutingRule.select(
            RoutingRule.id,
            RoutingRule.category.service_code,
            RoutingRule.region.code,
            RoutingRule.agency.code,
            RoutingRule.confident,
        )
        .where(where)
        .order_by(RoutingRule.id)
    )
    return [
        routing.Rule(
            id=r["id"],
            category_code=r["category.service_code"],
            region_code=r["region.code"],
            agency_code=r["agency.code"],
            confident=r["confident"],
        )
        for r in rows
    ]


@dataclass(frozen=True)
class Routed:
    """Where a routing rule sends a report, and which rule it was (for the history)."""

    agency_id: int
    confident: bool
    rule_id: int
    rule_note: str


async def route_report(
    category_id: int | None, category_code: str | None, region_code: str | None
) -> Routed | None:
    """The agency for a new report (and the rule that names it), or None for the verification
    queue."""
    if category_id is None:
        return None
    decision = routing.route(category_code, region_code, await active_rules(category_id))
    if decision is None:
        return None
    agency = (
        await Agency.select(Agency.id, Agency.active)
        .where(Agency.code == decision.agency_code)
        .first()
    )
    if not agency or not agency["active"]:
        return None
    rule = (
        await RoutingRule.select(RoutingRule.note).where(RoutingRule.id == decision.rule_id).first()
    )
    return Routed(agency["id"], decision.confident, decision.rule_id, rule["note"] if rule else "")


async def region_by_code(code: str) -> dict | None:
    return await Region.select().where(Region.code == code).first()
