"""What an admin can manage: one description per kind of record (fields, key, list columns).

Records that history refers to have an `active` flag and are deactivated, never deleted. Only
records nothing refers to may be removed (`removable`): an agency's own SLA policy for a category
(a ticket keeps a snapshot of the policy it was dispatched under, not a reference to the row).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from piccolo.table import Table

from hotline.accounts.roles import Role
from hotline.accounts.tables import ApiKey, User
from hotline.directory import routing
from hotline.directory.service import active_rules
from hotline.directory.tables import (
    Agency,
    AgencySlaPolicy,
    Calendar,
    Category,
    Region,
    RoutingRule,
    SlaPolicy,
)
from hotline.errors import FieldError, ValidationFailed
from hotline.i18n import N_
from hotline.konsol.admin.fields import Field
from hotline.konsol.tables import ReplyTemplate
from hotline.tickets.privacy import Privacy

REGION_LEVELS = ("provinsi", "kabupaten", "kota", "kecamatan", "desa", "kelurahan")


async def _calendars() -> list[tuple[str, str]]:
    return [(str(r["id"]), r["name"]) for r in await Calendar.select().order_by(Calendar.name)]


async def _agencies() -> list[tuple[str, str]]:
    rows = await Agency.select(Agency.id, Agency.name).where(Agency.active.eq(True))
    return [(str(r["id"]), r["name"]) for r in sorted(rows, key=lambda r: r["name"])]


async def _agency_codes() -> list[tuple[str, str]]:
    rows = await Agency.select(Agency.code, Agency.name).where(Agency.active.eq(True))
    return [(r["code"], r["name"]) for r in sorted(rows, key=lambda r: r["name"])]


async def _categories() -> list[tuple[str, str]]:
    rows = await Category.select(Category.id, Category.name_id).where(Category.active.eq(True))
    return [(str(r["id"]), r["name_id"]) for r in sorted(rows, key=lambda r: r["name_id"])]


async def _regions() -> list[tuple[str, str]]:
    rows = await Region.select(Region.id, Region.code, Region.name).where(
        Region.active.eq(True) & Region.level.is_in(["kabupaten", "kota", "kecamatan"])
    )
    return [
        (str(r["id"]), f"{r['code']} {r['name']}") for r in sorted(rows, key=lambda r: r["code"])
    ]


async def _policies() -> list[tuple[str, str]]:
    rows = await SlaPolicy.select(SlaPolicy.id, SlaPolicy.name).where(SlaPolicy.active.eq(True))
    return [(str(r["id"]), r["name"]) for r in rows]


async def _levels() -> list[tuple[str, str]]:
    return [(v, v) for v in REGION_LEVELS]


async def _privacies() -> list[tuple[str, str]]:
    return [(p.value, p.value) for p in Privacy]


async def _roles() -> list[tuple[str, str]]:
    return [(r.value, r.value) for r in Role]


async def _rules_consistent() -> None:
    """Two active rules at the same level naming different agencies: refused (as at import)."""
    problems = routing.check_rules(await active_rules())
    if problems:
        raise ValidationFailed(
            [
                FieldError(
                    "agency",
                    N_("This rule conflicts with another active rule: {problem}"),
                    {"problem": problems[0]},
                )
            ]
        )


async def _name_agency_policy(row: dict[str, Any]) -> str:
    """ "DPUPR / JALAN-RUSAK": the agency and the category an agency policy is for."""
    agency = await Agency.select(Agency.code).where(Agency.id == row["agency"]).first()
    category = (
        await Category.select(Category.service_code).where(Category.id == row["category"]).first()
    )
    return (
        f"{agency['code'] if agency else row['agency']}"
        f" / {category['service_code'] if category else row['category']}"
    )


@dataclass(frozen=True)
class Entity:
    slug: str
    label: str  # a msgid
    table: type[Table]
    key: str  # the field that names a record in the change history
    fields: tuple[Field, ...]
    columns: tuple[str, ...]  # shown in the list
    check: Callable[[], Awaitable[None]] | None = None  # run in the write's transaction
    stamp: str | None = None  # a column set to "now" on every write
    removable: bool = False  # nothing refers to these records: an admin may remove one
    # Fields that together name at most one record (a unique index backs it), and the message.
    unique_together: tuple[str, ...] = ()
    unique_message: str = N_("This value is already used.")
    # Names a record in the change history when no single column does (given the stored row).
    name: Callable[[dict[str, Any]], Awaitable[str]] | None = None

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def label_of(self, column: str) -> str:
        """The msgid that names a list column."""
        for f in self.fields:
            if f.name == column:
                return f.label
        return COLUMN_LABELS.get(column, column)


# List columns that are not form fields.
COLUMN_LABELS = {
    "prefix": N_("Key begins with"),
    "created_at": N_("Created"),
    "revoked_at": N_("Revoked"),
    "active": N_("Active"),
}


ENTITIES: dict[str, Entity] = {
    e.slug: e
    for e in (
        Entity(
            "agencies",
            N_("Agencies"),
            Agency,
            "code",
            (
                Field("code", N_("Code"), required=True, unique=True, create_only=True),
                Field("name", N_("Name"), required=True),
                Field("short_name", N_("Short name")),
                Field("calendar", N_("Calendar"), "select", required=True, options=_calendars),
                Field("is_central", N_("Central hotline unit"), "bool"),
                Field("is_oversight", N_("Internal oversight (Inspektorat)"), "bool"),
                Field("supervisor_email", N_("Supervisor e-mail")),
                Field("supervisor_phone", N_("Supervisor phone")),
                Field("head_email", N_("Head e-mail")),
                Field("head_phone", N_("Head phone")),
                Field("active", N_("Active"), "bool"),
            ),
            ("code", "name", "active"),
        ),
        Entity(
            "regions",
            N_("Regions"),
            Region,
            "code",
            (
                Field("code", N_("Kemendagri code"), required=True, unique=True, create_only=True),
                Field("name", N_("Name"), required=True),
                Field("level", N_("Level"), "select", required=True, options=_levels),
                Field("active", N_("Active"), "bool"),
            ),
            ("code", "name", "level", "active"),
        ),
        Entity(
            "categories",
            N_("Categories"),
            Category,
            "service_code",
            (
                Field(
                    "service_code", N_("Service code"), required=True, unique=True, create_only=True
                ),
                Field("name_id", N_("Name (Indonesian)"), required=True),
                Field("name_en", N_("Name (English)"), required=True),
                Field("description_id", N_("Description (Indonesian)"), "textarea"),
                Field("description_en", N_("Description (English)"), "textarea"),
                Field("group_id", N_("Group (Indonesian)")),
                Field("group_en", N_("Group (English)")),
                Field("sla_policy", N_("SLA policy"), "select", options=_policies),
                Field("urgent", N_("Urgent (calendar hours)"), "bool"),
                Field(
                    "default_privacy",
                    N_("Default privacy"),
                    "select",
                    required=True,
                    options=_privacies,
                ),
                Field("ivr_key", N_("IVR key")),
                Field("keywords", N_("Keywords"), "textarea"),
                Field("active", N_("Active"), "bool"),
            ),
            ("service_code", "name_id", "active"),
        ),
        Entity(
            "rules",
            N_("Routing rules"),
            RoutingRule,
            "id",
            (
                Field("category", N_("Category"), "select", required=True, options=_categories),
                Field("region", N_("Region (empty: anywhere)"), "select", options=_regions),
                Field("agency", N_("Agency"), "select", required=True, options=_agencies),
                Field("confident", N_("Dispatch directly without a verifier"), "bool"),
                Field("note", N_("Note")),
                Field("active", N_("Active"), "bool"),
            ),
            ("category", "region", "agency", "confident", "active"),
            check=_rules_consistent,
            stamp="updated_at",
        ),
        Entity(
            "policies",
            N_("SLA policies"),
            SlaPolicy,
            "name",
            (
                Field("name", N_("Name"), required=True, unique=True),
                Field("verification", N_("Verification"), "duration", required=True),
                Field("first_response", N_("First response"), "duration", required=True),
                Field("resolution", N_("Resolution"), "duration", required=True),
                Field("auto_close", N_("Auto-close"), "duration", required=True),
                Field("active", N_("Active"), "bool"),
            ),
            ("name", "verification", "first_response", "resolution", "active"),
        ),
        Entity(
            "agency-policies",
            N_("SLA policies per agency"),
            AgencySlaPolicy,
            "id",
            (
                Field("category", N_("Category"), "select", required=True, options=_categories),
                Field("agency", N_("Agency"), "select", required=True, options=_agencies),
                Field("sla_policy", N_("SLA policy"), "select", required=True, options=_policies),
            ),
            ("agency", "category", "sla_policy"),
            removable=True,
            # With two, which one a dispatch gets would depend on row order.
            unique_together=("category", "agency"),
            unique_message=N_("This agency already has its own policy for this category."),
            name=_name_agency_policy,
        ),
        Entity(
            "calendars",
            N_("Calendars"),
            Calendar,
            "name",
            (
                Field("name", N_("Name"), required=True, unique=True),
                Field("timezone", N_("Time zone"), "timezone", required=True),
                Field("working_hours", N_("Working hours (JSON)"), "hours", required=True),
                Field("day_minutes", N_("Minutes in a working day"), "int", required=True),
                Field("holiday_categories", N_("Holiday categories"), required=True),
            ),
            ("name", "timezone", "day_minutes"),
        ),
        Entity(
            "templates",
            N_("Reply templates"),
            ReplyTemplate,
            "title",
            (
                Field("title", N_("Title"), required=True),
                Field("agency", N_("Agency (empty: every agency)"), "select", options=_agencies),
                Field("body", N_("Text"), "textarea", required=True),
                Field("active", N_("Active"), "bool"),
            ),
            ("title", "agency", "active"),
        ),
        Entity(
            "users",
            N_("Users"),
            User,
            "username",
            (
                Field("username", N_("Username"), required=True, unique=True, create_only=True),
                Field("display_name", N_("Display name")),
                Field("email", N_("E-mail")),
                Field("role", N_("Role"), "select", required=True, options=_roles),
                Field(
                    "agency", N_("Agency (petugas and supervisor)"), "select", options=_agency_codes
                ),
                Field("password", N_("Password (empty: unchanged)")),
                Field("active", N_("Active (disabling ends the user's sessions at once)"), "bool"),
            ),
            ("username", "display_name", "role", "agency", "active"),
        ),
        Entity(
            "apikeys",
            N_("API keys"),
            ApiKey,
            "prefix",
            (
                Field("name", N_("Name"), required=True),
                Field("requests_per_minute", N_("Requests per minute"), "int", required=True),
            ),
            ("name", "prefix", "requests_per_minute", "created_at", "revoked_at"),
        ),
    )
}
