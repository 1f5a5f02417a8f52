"""Reading the directory for the ticket core: calendars, SLA policies and routing rules."""

from __future__ import annotations

from piccolo.columns.combination import Combinable

from hotline.directory import routing
from hotline.directory.tables import (
    Agency,
    AgencySlaPolicy,
    Calendar,
    CalendarOverride,
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


async def _overrides(calendar_id: int) -> list[dict]:
    return list(
        await CalendarOverride.select(CalendarOverride.day, CalendarOverride.is_working).where(
            CalendarOverride.calendar == calendar_id
        )
    )


async def working_calendar(calendar_id: int | None) -> WorkingCalendar:
    if calendar_id is None:
        return WorkingCalendar()
    row = await Calendar.select().where(Calendar.id == calendar_id).output(load_json=True).first()
    if row is None:
        return WorkingCalendar()
    return _calendar(row, await _overrides(calendar_id))


# An agency's calendar row comes with the agency's (one query, not two: every report filed
# starts a clock on the central unit's calendar, so this is on the intake's path).
_AGENCY_CALENDAR = (
    Agency.calendar.id.as_alias("id"),
    Agency.calendar.timezone.as_alias("timezone"),
    Agency.calendar.working_hours.as_alias("working_hours"),
    Agency.calendar.holiday_categories.as_alias("holiday_categories"),
    Agency.calendar.day_minutes.as_alias("day_minutes"),
)


async def _calendar_of_agency(where: Combinable) -> WorkingCalendar:
    row = await Agency.select(*_AGENCY_CALENDAR).where(where).output(load_json=True).first()
    if row is None or row["id"] is None:
        return WorkingCalendar()
    return _calendar(row, await _overrides(row["id"]))


async def agency_calendar(agency_id: int | None) -> WorkingCalendar:
    if agency_id is None:
        return await central_calendar()
    return await _calendar_of_agency(Agency.id == agency_id)


async def central_agency() -> dict | None:
    return await Agency.select().where(Agency.is_central.eq(True)).first()


async def central_calendar() -> WorkingCalendar:
    return await _calendar_of_agency(Agency.is_central.eq(True))


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


async def route_report(
    category_id: int | None, category_code: str | None, region_code: str | None
) -> tuple[int, bool] | None:
    """(agency id, confident) for a new report, or None for the verification queue."""
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
    return agency["id"], decision.confident


async def region_by_code(code: str) -> dict | None:
    return await Region.select().where(Region.code == code).first()
