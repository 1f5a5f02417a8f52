"""The /transparansi pages, the monthly PDF and the open data (contracts in DESIGN.md).

A published month is served from its frozen files, each checked against its SHA-256 as it is
served; a month not yet published is shown from the figures the worker stored, with the time
they were computed. A page visit never computes figures: a month the worker has not computed yet
gets a page that says so (and its files a 503 with Retry-After). The PDF of an unpublished month
is rendered in the renderer's process, never on the event loop.
"""

from __future__ import annotations

import json
import logging
import re
from collections import OrderedDict
from typing import Any

import anyio
from litestar import Request, Response, Router, get
from litestar.response import Template

from hotline.directory.tables import Agency
from hotline.errors import NotFound
from hotline.i18n import N_
from hotline.transparency import disclosure, monthly, opendata, pages, publishing, summary
from hotline.transparency.config import get_config
from hotline.transparency.figures import slice_figures
from hotline.transparency.formatting import Formatter
from hotline.transparency.months import Month
from hotline.web.errors import Page, renders
from hotline.web.locale import COOKIE, request_locale

log = logging.getLogger("hotline.transparency")

_NAME = re.compile(r"^(\d{4}-\d{2})(?:\.(pdf|csv|json))?$")
_TYPES = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
}
# PDFs of months not yet published, by (month, checksum of their figures): the same figures are
# not laid out twice.
_LIVE_PDFS: OrderedDict[tuple[str, str], bytes] = OrderedDict()
_LIVE_PDFS_MAX = 4
_FROZEN_DOCS: OrderedDict[str, dict[str, Any]] = OrderedDict()
_FROZEN_DOCS_MAX = 4
# A month's page lists its first published reports; all of them are in the open data.
PAGE_REPORTS = 50


def _page(request: Request, template: str, locale: str, **context: Any) -> Template:
    # `web`: the shared tables (templates/_figures.html) may scroll inside themselves here,
    # not in the PDF.
    response = Template(template, context={"locale": locale, "web": True, **context})
    if request.query_params.get("lang") == locale:
        response.set_cookie(COOKIE, locale, max_age=365 * 24 * 3600, samesite="lax")
    return response


def _month(text: str) -> Month:
    try:
        month = Month.parse(text)
    except ValueError:
        raise NotFound(N_("There is no report for this month.")) from None
    if month > monthly.current_month():
        raise NotFound(N_("There is no report for this month."))
    return month


async def _with_charts(fn: Any, *args: Any) -> Any:
    # matplotlib is CPU work: keep it off the event loop's thread.
    return await anyio.to_thread.run_sync(fn, *args)


@get("/", name="transparency-overview", include_in_schema=False)
async def overview(request: Request) -> Template:
    locale = request_locale(request)
    current = monthly.current_month()
    trend = [disclosure.protect(m) for m in await monthly.stored_trend(current)]
    if not trend or trend[-1]["month"] != str(current):
        return _not_computed(request, current, is_file=False)
    f = trend[-1]
    previous = (
        trend[-2] if len(trend) > 1 and trend[-2]["month"] == str(current.previous()) else None
    )
    context = await _with_charts(pages.month_context, f, locale)
    trend_charts = await _with_charts(pages.trend_charts, trend, locale)
    published = {p["month"] for p in await publishing.publications()}
    return _page(
        request,
        "transparency/overview.html",
        locale,
        trend=trend,
        trend_charts=trend_charts,
        published=published,
        demo=any(m.get("demo") for m in trend),
        story=pages.story(f, previous, locale),
        **context,
    )


@get("/arsip", name="transparency-archive", include_in_schema=False)
async def archive(request: Request) -> Template:
    locale = request_locale(request)
    return _page(
        request,
        "transparency/archive.html",
        locale,
        publications=await publishing.publications(),
        fmt=Formatter(locale, get_config().zone),
    )


@get("/instansi/{code:str}", name="transparency-agency", include_in_schema=False)
async def agency_page(request: Request, code: str) -> Template:
    locale = request_locale(request)
    agency = await Agency.select(Agency.code, Agency.name).where(Agency.code == code).first()
    if agency is None:
        raise NotFound(N_("There is no agency with this code."))
    empty = slice_figures([], [], [], [], [], min_clocks=get_config().min_clocks_to_judge)
    months = await monthly.stored_trend(monthly.current_month())
    rows = [
        {
            "month": m["month"],
            "total": m["by"]["agency"].get(code, empty),
            # The agency's satisfaction index, as published (withheld below 5 respondents).
            "ikm": disclosure.protect(m).get("ikm", {}).get("by_agency", {}).get(code),
        }
        for m in months
    ]
    trend_charts = await _with_charts(pages.trend_charts, rows, locale)
    return _page(
        request,
        "transparency/agency.html",
        locale,
        agency_name=agency["name"],
        rows=rows,
        demo=any(m.get("demo") for m in months),
        trend_charts=trend_charts,
        fmt=Formatter(locale, get_config().zone),
    )


async def _live_pdf(month: Month) -> bytes:
    doc = await publishing.pdf_document(month)
    # The same figures and reports give the same PDF, whenever it was asked for.
    same = {k: v for k, v in doc.items() if k != "generated_at"}
    key = (str(month), publishing.sha256(monthly.dumps(same).encode("utf-8")))
    if key not in _LIVE_PDFS:
        _LIVE_PDFS[key] = await publishing.render_pdf(doc)
        while len(_LIVE_PDFS) > _LIVE_PDFS_MAX:
            _LIVE_PDFS.popitem(last=False)
    return _LIVE_PDFS[key]


async def _frozen_doc(data: bytes) -> dict[str, Any]:
    """A published month's document, parsed once per process (it can be megabytes)."""
    key = publishing.sha256(data)
    if key not in _FROZEN_DOCS:
        _FROZEN_DOCS[key] = await anyio.to_thread.run_sync(json.loads, data)
        while len(_FROZEN_DOCS) > _FROZEN_DOCS_MAX:
            _FROZEN_DOCS.popitem(last=False)
    return _FROZEN_DOCS[key]


def _file_response(month: Month, kind: str, data: bytes, *, frozen: bool) -> Response[bytes]:
    disposition = "inline" if kind == "pdf" else "attachment"
    return Response(
        data,
        media_type=_TYPES[kind],
        headers={
            "Content-Disposition": f'{disposition}; filename="laporan-pengaduan-{month}.{kind}"',
            "X-Content-SHA256": publishing.sha256(data),
            "Cache-Control": "public, max-age=86400" if frozen else "no-cache",
        },
    )


# How long a client should wait before asking again for files of a month not computed yet: the
# worker computes a changed month within about a minute.
RETRY_AFTER_SECONDS = 60


def _not_computed(request: Request, month: Month, *, is_file: bool) -> Template:
    """A month the worker has not computed yet: not an error but the month as it stands. The
    page says so in the visitor's language (200); its files answer 503 with Retry-After, so that
    programs fetching open data try again instead of storing this page as the month."""
    locale = request_locale(request)
    return Template(
        "transparency/not_computed.html",
        context={"locale": locale, "month_name": Formatter(locale, get_config().zone).month(month)},
        status_code=503 if is_file else 200,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)} if is_file else None,
    )


@get("/{name:str}", name="transparency-month", include_in_schema=False)
async def month_resource(request: Request, name: str) -> Template | Response[bytes]:
    found = _NAME.match(name)
    if not found:
        raise NotFound(N_("There is no report for this month."))
    month = _month(found[1])
    kind = found[2]
    try:
        return await _month_resource(request, month, kind)
    except monthly.NotComputed:
        return _not_computed(request, month, is_file=bool(kind))


async def _previous(month: Month) -> dict[str, Any] | None:
    """The previous month's stored figures, for the changes in the month's story; None when the
    worker has not stored them. Only its totals are read; protected all the same."""
    try:
        return disclosure.protect(await monthly.stored(month.previous()))
    except monthly.NotComputed:
        return None


async def _month_resource(request: Request, month: Month, kind: str) -> Template | Response[bytes]:
    if kind:
        frozen = await publishing.frozen_file(month, kind)
        if frozen is not None:
            return _file_response(month, kind, frozen, frozen=True)
        if kind == "pdf":
            return _file_response(month, kind, await _live_pdf(month), frozen=False)
        files = await publishing.open_data(month)
        return _file_response(
            month, kind, files.json if kind == "json" else files.csv, frozen=False
        )

    locale = request_locale(request)
    publication = await publishing.record(month)
    frozen_json = await publishing.frozen_file(month, "json") if publication else None
    if frozen_json is not None:
        doc = await _frozen_doc(frozen_json)
        figures, reports = doc["figures"], doc["reports"]
        reports_total = len(reports)
    else:
        figures = await publishing.public_figures(month)
        reports = await opendata.published_reports(month, figures, limit=PAGE_REPORTS)
        reports_total = await opendata.count_published(month)
    context = await _with_charts(pages.month_context, figures, locale)
    return _page(
        request,
        "transparency/month.html",
        locale,
        publication=publication,
        story=pages.story(figures, await _previous(month), locale),
        sentences=summary.sentences(figures, locale),
        cells_shown=pages.shown_cells(figures),
        reports=reports[:PAGE_REPORTS],
        reports_total=reports_total,
        **context,
    )


# The transparency pages' errors: a page in their layout (hotline/web/errors.py).
ERRORS = Page(
    layout="transparency/_layout.html",
    links=(("/transparansi", N_("Back to the transparency page")),),
)


ROUTES: list[Any] = [
    Router(
        path="/transparansi",
        route_handlers=[overview, archive, agency_page, month_resource],
        opt=renders(ERRORS),
    )
]
