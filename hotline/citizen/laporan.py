"""/laporan: the published reports, filterable, and one report's public page.

Read from the publication gate's projection only (hotline.publication): reports whose redacted
text a verifier published. Of a report the public sees that text, the category, the area (the
desa or kecamatan from the region list, never the typed location or coordinates), the agency,
the status, and a timeline of its changes of status and of the texts someone on staff published.
A `rahasia` report, or one not (yet) published, is a 404 exactly like a reference that does not
exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from litestar import Request, get
from litestar.response import Template
from piccolo.columns.combination import Combinable

from hotline.citizen import choices
from hotline.citizen.deadlines import format_instant, zone_of
from hotline.citizen.pages import page
from hotline.errors import NotFound
from hotline.i18n import N_, t
from hotline.publication.reads import Position, PublishedReport, PublishedUpdate, where_published
from hotline.tickets import reference as references
from hotline.tickets.lifecycle import Status
from hotline.tickets.publication import NEVER_PUBLISHED_STATUS
from hotline.web.locale import request_locale

PER_PAGE = 20
COUNT_CAP = 1000
RECEIVED = N_("Report received")
UPDATE = N_("Update published by the hotline")
PUBLISHED_STATUSES = [s for s in Status if s not in NEVER_PUBLISHED_STATUS]
FILTERS = ("category", "agency", "kecamatan", "status")


def _columns() -> list[Any]:
    return [
        PublishedReport.id,
        PublishedReport.reference,
        PublishedReport.text,
        PublishedReport.status,
        PublishedReport.created_at,
        PublishedReport.agency,
        PublishedReport.category.name_id,
        PublishedReport.category.name_en,
        PublishedReport.agency.name,
        PublishedReport.region.name,
    ]


def _where(filters: dict[str, str]) -> Combinable:
    where: Combinable = where_published()
    if filters["category"]:
        where = where & (PublishedReport.category.service_code == filters["category"])
    if filters["agency"]:
        where = where & (PublishedReport.agency.code == filters["agency"])
    if filters["kecamatan"]:
        kec = filters["kecamatan"]
        # A report is in the kecamatan itself or in one of its desa (the code's prefix).
        where = where & (
            (PublishedReport.region.code == kec) | PublishedReport.region.code.like(kec + ".%")
        )
    if filters["status"]:
        where = where & (PublishedReport.status == filters["status"])
    return where


def _summary(row: dict[str, Any], locale: str, zone: str) -> dict[str, Any]:
    return {
        "reference": row["reference"],
        "text": row["text"],
        "status": t(locale, Status(row["status"]).label),
        "received": format_instant(row["created_at"], zone, locale),
        "category": (row["category.name_en"] if locale == "en" else row["category.name_id"])
        or row["category.name_id"]
        or "",
        "agency": row["agency.name"] or "",
        "area": row["region.name"] or "",
    }


@dataclass(frozen=True)
class Entry:
    when: str
    title: str
    body: str


async def _timeline(report: dict[str, Any], locale: str, zone: str) -> list[Entry]:
    """Received, then each change of status and each published text, oldest first."""
    rows = (
        await PublishedUpdate.select(
            PublishedUpdate.at, PublishedUpdate.kind, PublishedUpdate.status, PublishedUpdate.text
        )
        .where(PublishedUpdate.report == report["id"])
        .order_by(PublishedUpdate.at)
        .order_by(PublishedUpdate.id)
    )
    entries = [Entry(format_instant(report["created_at"], zone, locale), t(locale, RECEIVED), "")]
    for r in rows:
        if r["text"]:
            entries.append(
                Entry(format_instant(r["at"], zone, locale), t(locale, UPDATE), r["text"])
            )
        else:
            title = t(locale, Status(r["status"]).label)
            entries.append(Entry(format_instant(r["at"], zone, locale), title, ""))
    return entries


@dataclass(frozen=True)
class Listing:
    rows: list[dict[str, Any]]
    total: int  # at most COUNT_CAP + 1
    newer: str  # the position the page of newer reports starts after, "" on the first page
    older: str  # the position the page of older reports starts after, "" on the last page


async def _count(where: Combinable) -> int:
    # Counting stops after COUNT_CAP: "more than 1,000" is all a reader needs, and an exact
    # count of a national list would cost a pass over it on every page.
    capped = await PublishedReport.select(PublishedReport.id).where(where).limit(COUNT_CAP + 1)
    return len(capped)


async def listing(filters: dict[str, str], *, older: str = "", newer: str = "") -> Listing:
    """One page of the published reports that pass the filters, newest first: the first page,
    the one after position `older`, or the one before position `newer` (keyset pages, so a deep
    page is read like the first)."""
    where = _where(filters)
    query = PublishedReport.select(*_columns()).limit(PER_PAGE + 1)
    after, before = Position.decode(older), Position.decode(newer)
    if before is not None:
        rows = list(
            reversed(
                await query.where(where & before.newer())
                .order_by(PublishedReport.created_at)
                .order_by(PublishedReport.id)
            )
        )
        if len(rows) <= PER_PAGE:  # back at the newest reports: that is the first page
            return await listing(filters)
        rows = rows[1:]
        has_newer, has_older = True, True
    else:
        rows = (
            await query.where(where if after is None else where & after.older())
            .order_by(PublishedReport.created_at, ascending=False)
            .order_by(PublishedReport.id, ascending=False)
        )
        has_newer, has_older = after is not None, len(rows) > PER_PAGE
        rows = rows[:PER_PAGE]
    alone = not has_newer and not has_older  # a first page that holds them all is the count
    return Listing(
        rows,
        len(rows) if alone else await _count(where),
        Position.of(rows[0]).encode() if rows and has_newer else "",
        Position.of(rows[-1]).encode() if rows and has_older else "",
    )


@get("/laporan", include_in_schema=False)
async def published(request: Request[Any, Any, Any]) -> Template:
    locale = request_locale(request)
    params = request.query_params
    filters = {name: str(params.get(name, "") or "")[:40] for name in FILTERS}
    if filters["status"] not in {s.value for s in PUBLISHED_STATUSES}:
        filters["status"] = ""
    found = await listing(
        filters,
        older=str(params.get("sebelum", "") or "")[:40],
        newer=str(params.get("sesudah", "") or "")[:40],
    )
    zone = await zone_of(None)
    kept = {k: v for k, v in filters.items() if v}

    def link(key: str, position: str) -> str:
        query = {**kept, key: position} if position else kept
        return "/laporan" + ("?" + urlencode(query) if query else "")

    return page(
        request,
        "laporan.html",
        locale=locale,
        reports=[_summary(r, locale, zone) for r in found.rows],
        total=min(found.total, COUNT_CAP),
        more_than_total=found.total > COUNT_CAP,
        filters=filters,
        categories=await choices.category_groups(locale),
        agencies=await choices.agencies(),
        kecamatan=await choices.kecamatan(),
        statuses=[(s.value, t(locale, s.label)) for s in PUBLISHED_STATUSES],
        previous=link("sesudah", found.newer) if found.newer else "",
        next=link("sebelum", found.older) if found.older else "",
    )


@get("/laporan/{ref:str}", include_in_schema=False)
async def published_report(request: Request[Any, Any, Any], ref: str) -> Template:
    locale = request_locale(request)
    row = (
        await PublishedReport.select(*_columns())
        .where(where_published() & (PublishedReport.reference == references.normalize(ref)))
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
        timeline=await _timeline(row, locale, zone),
    )
