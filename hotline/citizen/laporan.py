"""/laporan: the published reports, filterable, and one report's public page.

Only what `hotline.tickets.publication` allows: verified `publik` and `anonim` reports with the
verifier's redacted text. Of a report the public sees that text, the category, the area (the
desa or kecamatan from the region list, never the typed location or coordinates, which can
point at a home), the agency, the status and the timeline without texts. A `rahasia` report, or
one not (yet) publishable, is a 404 exactly like a reference that does not exist.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Request, get
from litestar.response import Template
from piccolo.columns.combination import Combinable

from hotline.citizen import choices
from hotline.citizen.deadlines import format_instant, zone_of
from hotline.citizen.pages import page
from hotline.citizen.timeline import public_timeline
from hotline.errors import NotFound
from hotline.i18n import N_, t
from hotline.tickets import reference as references
from hotline.tickets.lifecycle import STATUS_LABELS, Status
from hotline.tickets.publication import NEVER_PUBLISHED_STATUS, publishable_where
from hotline.tickets.tables import Ticket
from hotline.web.locale import request_locale

PER_PAGE = 20
PUBLISHED_STATUSES = [s for s in Status if s not in NEVER_PUBLISHED_STATUS]
FILTERS = ("category", "agency", "kecamatan", "status")


def _columns() -> list[Any]:
    return [
        Ticket.id,
        Ticket.reference,
        Ticket.public_description,
        Ticket.status,
        Ticket.created_at,
        Ticket.agency,
        Ticket.category.name_id,
        Ticket.category.name_en,
        Ticket.agency.name,
        Ticket.region.name,
    ]


def _where(filters: dict[str, str]) -> Combinable:
    where: Combinable = publishable_where()
    if filters["category"]:
        where = where & (Ticket.category.service_code == filters["category"])
    if filters["agency"]:
        where = where & (Ticket.agency.code == filters["agency"])
    if filters["kecamatan"]:
        kec = filters["kecamatan"]
        # A report is in the kecamatan itself or in one of its desa (the code's prefix).
        where = where & ((Ticket.region.code == kec) | Ticket.region.code.like(kec + ".%"))
    if filters["status"]:
        where = where & (Ticket.status == filters["status"])
    return where


def _summary(row: dict[str, Any], locale: str, zone: str) -> dict[str, Any]:
    return {
        "reference": row["reference"],
        "text": row["public_description"],
        "status": t(locale, STATUS_LABELS[Status(row["status"])]),
        "received": format_instant(row["created_at"], zone, locale),
        "category": (row["category.name_en"] if locale == "en" else row["category.name_id"])
        or row["category.name_id"]
        or "",
        "agency": row["agency.name"] or "",
        "area": row["region.name"] or "",
    }


@get("/laporan", include_in_schema=False)
async def published(request: Request[Any, Any, Any]) -> Template:
    locale = request_locale(request)
    params = request.query_params
    filters = {name: str(params.get(name, "") or "")[:40] for name in FILTERS}
    if filters["status"] not in {s.value for s in PUBLISHED_STATUSES}:
        filters["status"] = ""
    raw_page = str(params.get("halaman", "1"))
    current = int(raw_page) if raw_page.isdigit() and int(raw_page) > 0 else 1
    where = _where(filters)
    total = await Ticket.count().where(where)
    pages = max(1, -(-total // PER_PAGE))
    current = min(current, pages)
    rows = (
        await Ticket.select(*_columns())
        .where(where)
        .order_by(Ticket.created_at, ascending=False)
        .order_by(Ticket.id, ascending=False)
        .limit(PER_PAGE)
        .offset((current - 1) * PER_PAGE)
    )
    zone = await zone_of(None)
    kept = {k: v for k, v in filters.items() if v}

    def link(n: int) -> str:
        query = {**kept, "halaman": str(n)} if n > 1 else kept
        return "/laporan" + ("?" + urlencode(query) if query else "")

    return page(
        request,
        "laporan.html",
        locale=locale,
        reports=[_summary(r, locale, zone) for r in rows],
        total=total,
        filters=filters,
        categories=await choices.category_groups(locale),
        agencies=await choices.agencies(),
        kecamatan=await choices.kecamatan(),
        statuses=[(s.value, t(locale, STATUS_LABELS[s])) for s in PUBLISHED_STATUSES],
        page_number=current,
        pages=pages,
        previous=link(current - 1) if current > 1 else "",
        next=link(current + 1) if current < pages else "",
    )


@get("/laporan/{ref:str}", include_in_schema=False)
async def published_report(request: Request[Any, Any, Any], ref: str) -> Template:
    locale = request_locale(request)
    row = (
        await Ticket.select(*_columns())
        .where(publishable_where() & (Ticket.reference == references.normalize(ref)))
        .first()
    )
    if row is None:
        raise NotFound(N_("There is no published report with this number."))
    zone = await zone_of(row["agency"])
    return page(
        request,
        "laporan_detail.html",
        locale=locale,
        report=_summary(row, locale, zone),
        timeline=await public_timeline(row["id"], locale, reporter_view=False),
    )
