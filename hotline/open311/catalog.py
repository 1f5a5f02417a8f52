"""The services (complaint categories) as GeoReport v2 services and service definitions."""

from __future__ import annotations

from typing import Any

from hotline.directory.service import category_by_code
from hotline.directory.tables import Category
from hotline.i18n import N_
from hotline.open311 import attributes
from hotline.open311.errors import Open311Error
from hotline.open311.models import Service, ServiceDefinition


def localized(row: dict[str, Any], name: str, locale: str) -> str:
    """`name_en` for English readers when it is filled in; Indonesian otherwise."""
    english = row.get(f"{name}_en") or ""
    return english if locale == "en" and english else row.get(f"{name}_id") or ""


def as_service(row: dict[str, Any], locale: str) -> Service:
    keywords = ", ".join(row["keywords"].split())
    return Service(
        service_code=row["service_code"],
        service_name=localized(row, "name", locale),
        description=localized(row, "description", locale) or None,
        metadata=bool(attributes.definition(row["attributes"] or [])),
        # A request is filed (and routed, with its deadlines) while the client waits.
        type="realtime",
        keywords=keywords or None,
        group=localized(row, "group", locale) or None,
    )


async def services(locale: str) -> list[Service]:
    rows = (
        await Category.select()
        .where(Category.active.eq(True))
        .order_by(Category.group_id)
        .order_by(Category.service_code)
        .output(load_json=True)
    )
    return [as_service(row, locale) for row in rows]


async def category(service_code: str) -> dict[str, Any]:
    # Through the directory: in a `lookups()` block (a POST) the core's own check reads no more.
    row = await category_by_code(service_code)
    if row is None:
        raise Open311Error.of(404, N_("There is no service with this code."))
    return row


async def service_definition(service_code: str) -> ServiceDefinition:
    row = await category(service_code)
    return ServiceDefinition(
        service_code=row["service_code"],
        attributes=attributes.definition(row["attributes"] or []),
    )
