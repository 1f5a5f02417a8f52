"""The operator on every page: the cache refreshed before a request, and the logo's address.

Templates are rendered synchronously, so they read `operator.cached()`; this middleware makes
sure the cache is fresh (one query a process every 30 s at most, none in between) before any
handler runs (hotline/directory/operator.py).
"""

from __future__ import annotations

from litestar import Response, get
from litestar.datastructures import CacheControlHeader
from litestar.types import ASGIApp, Receive, Scope, Send

from hotline.directory import operator
from hotline.errors import NotFound
from hotline.i18n import N_


def refresh_operator(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope["path"].startswith(("/ivr", "/static", "/health")):
            await operator.current()
        await app(scope, receive, send)

    return middleware


@get(
    "/penyelenggara/logo",
    include_in_schema=False,
    # The address carries the logo's hash (?v=…): a new logo is a new address.
    cache_control=CacheControlHeader(max_age=86400),
)
async def logo() -> Response[bytes]:
    found = await operator.current()
    if not found.logo:
        raise NotFound(N_("There is nothing at this address."))
    return Response(
        found.logo,
        media_type=found.logo_type,
        # An SVG opened on its own is a document: nothing in it may run or load.
        headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"},
    )
