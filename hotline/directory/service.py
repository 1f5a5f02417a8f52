"""Reading the directory for the ticket core: calendars, SLA policies and routing rules.

Filing one report asks for the same few rows several times (the central unit's calendar and the
agency's, the policy when routing and again when the agency's clocks start, the category the API
checked and the core checks again). Inside `lookups()` each is read once and kept for the rest
of the block: the directory does not change under one report, and a report's statements were
half such repeats (docs/PERFORMANCE.md, "Open311 intake").
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

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

T = TypeVar("T")

# What this block of work has read of the directory, by what it asked; None outside `lookups()`.
_READ: ContextVar[dict[tuple[Any, ...], Any] | None] = ContextVar("directory_read", default=None)


@contextmanager
def lookups() -> Iterator[None]:
    """Read each directory row once in this block (nested blocks share the outermost one).

    For one unit of work that only reads the directory (filing a report): a block that changes
    the directory would read its old rows back."""
    if _READ.get() is not None:
        yield
        return
    token = _READ.set({})
    try:
        yield
    finally:
        _READ.reset(token)


async def _once(key: tuple[Any, ...], load: Callable[[], Awaitable[T]]) -> T:
    """`load()`, or what it gave earlier in this `lookups()` block."""
    read = _READ.get()
    if read is None:
        return await load()
    if key not in read:
        read[key] = await load()
    return read[key]  # type: ignore[no-any-return]


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
    return await _once(
        ("calendar", calendar_id), lambda: _load_calendar(_CALENDAR_BY_ID, calendar_id)
    )


async def agency_calendar(agency_id: int | None) -> WorkingCalendar:
    if _READ.get() is not None:
        # The agencies are read once: the central unit and the agency often share a calendar,
        # read once by its id.
        agency = await central_agency() if agency_id is None else await agency_by_id(agency_id)
        return await working_calendar(agency["calendar"] if agency else None)
    if agency_id is None:
        return await central_calendar()
    return await _load_calendar(_CALENDAR_OF_AGENCY, agency_id)


async def _agencies() -> list[dict]:
    """Every agency (tens of rows), by id."""
    return await _once(("agencies",), lambda: Agency.select().order_by(Agency.id).run())


async def agency_by_id(agency_id: int) -> dict | None:
    if _READ.get() is None:
        return await Agency.select().where(Agency.id == agency_id).first()
    return next((a for a in await _agencies() if a["id"] == agency_id), None)


async def central_agency() -> dict | None:
    """The central unit: the first one, should there ever be several (as _CALENDAR_OF_CENTRAL)."""
    if _READ.get() is None:
        return await Agency.select().where(Agency.is_central.eq(True)).order_by(Agency.id).first()
    return next((a for a in await _agencies() if a["is_central"]), None)


async def agency_names() -> list[AgencyName]:
    """Every active agency's names, to find the one a report is about (directory.conflicts)."""
    if _READ.get() is None:
        rows = await Agency.select(Agency.id, Agency.code, Agency.name, Agency.short_name).where(
            Agency.active.eq(True)
        )
    else:
        rows = [a for a in await _agencies() if a["active"]]
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
    return await _once(("policy", category_id, agency_id), lambda: _policy(category_id, agency_id))


async def _policy(category_id: int, agency_id: int | None) -> Policy:
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
    category = await _once(
        ("category_id", category_id),
        lambda: (
            Category.select().where(Category.id == category_id).output(load_json=True).first().run()
        ),
    )
    if category and category["sla_policy"]:
        row = await SlaPolicy.select().where(SlaPolicy.id == category["sla_policy"]).first()
        if row:
            return _policy_from_row(row)
    if category and category["urgent"]:
        return URGENT_POLICY
    return DEFAULT_POLICY


async def _active_rule_rows(category_id: int | None) -> list[dict]:
    """The active rules with what a report routed by one needs: its agency's id and whether the
    agency is active, and the rule's note (for the history), in one statement."""
    where: Combinable = RoutingRule.active.eq(True)
    if category_id is not None:
        where = where & (RoutingRule.category == category_id)
    return (  # type: ignore[no-any-return]
        await RoutingRule.select(
            RoutingRule.id,
            RoutingRule.category.service_code,
            RoutingRule.region.code,
            RoutingRule.agency.code,
            RoutingRule.agency.id,
            RoutingRule.agency.active,
            RoutingRule.confident,
            RoutingRule.note,
        )
        .where(where)
        .order_by(RoutingRule.id)
    )


def _rules(rows: list[dict]) -> list[routing.Rule]:
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


async def active_rules(category_id: int | None = None) -> list[routing.Rule]:
    """The active routing rules, of one category or of all."""
    return _rules(await _active_rule_rows(category_id))


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
    rows = await _active_rule_rows(category_id)
    decision = routing.route(category_code, region_code, _rules(rows))
    if decision is None:
        return None
    # The rule's own row names its agency (by the agency's unique code, as the rule is read).
    rule = next(r for r in rows if r["id"] == decision.rule_id)
    if not rule["agency.active"]:
        return None
    return Routed(rule["agency.id"], decision.confident, decision.rule_id, rule["note"])


async def region_by_code(code: str) -> dict | None:
    return await _once(
        ("region", code), lambda: Region.select().where(Region.code == code).first().run()
    )


async def category_by_code(code: str) -> dict | None:
    """The active category with this service code (its JSON loaded), or None."""
    row = await _once(
        ("category", code),
        lambda: (
            Category.select()
            .where((Category.service_code == code) & Category.active.eq(True))
            .output(load_json=True)
            .first()
            .run()
        ),
    )
    read = _READ.get()
    if read is not None and row is not None:
        read.setdefault(("category_id", row["id"]), row)  # the policy reads it by id
    return row
