"""The security headers of every response, set once for the whole app (docs/DECISIONS.md).

`add_headers` is a before-send hook (wired in hotline/app.py), so it sees every response the app
sends: route handlers, error pages of every area, 404s of unknown paths, static files. Nothing
per route; a route added later gets the same headers.

- HTML responses: a Content-Security-Policy that allows scripts, styles, images, fetches and form
  posts from our own origin only and no framing, with `X-Frame-Options: DENY` for browsers that
  predate `frame-ancestors` (inline styles on /transparansi only, for its charts: see below).
- Every response: `X-Content-Type-Options: nosniff` and `Referrer-Policy: no-referrer` (a /lacak
  URL may carry a reference number: no page of ours tells another site where the reader was).
- `Cache-Control: no-store` on every response under PRIVATE_PREFIXES: the console, the reporter's
  own pages and the report form (whose answer after an error shows the reporter's name, phone and
  e-mail again, and whose receipt shows the PIN).

`ids_in_range` is an app-wide guard: an id in a path that no database row can have (beyond the
32-bit integer of PostgreSQL's SERIAL keys) is a 404 before any query, instead of an overflow
error from the database driver (a 500).
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.datastructures import MutableScopeHeaders
from litestar.handlers.base import BaseRouteHandler
from litestar.types import Message, Scope

from hotline.errors import NotFound
from hotline.i18n import N_
from hotline.settings import get_settings


def _policy(style_src: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            # Scripts are files under /static: no inline <script>, no on…= attribute, no eval.
            "script-src 'self'",
            f"style-src {style_src}",
            "img-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


# Styles are files under /static too, and no template carries a style attribute or a <style>
# element, so 'self' is enough: no 'unsafe-inline', which would let markup injected into a page
# restyle it (hide a warning, lay a fake form over a real one).
CONTENT_SECURITY_POLICY = _policy("'self'")
# The one exception: the transparency pages embed their charts as inline SVG made by matplotlib,
# which styles every shape with a style attribute and a <style> element (refused under 'self',
# the charts would lose their colours). Those pages show only published figures, have no form,
# and still allow no inline script. Serving the charts as image files would remove it.
INLINE_STYLE_PREFIXES = ("/transparansi",)
CHARTS_POLICY = _policy("'self' 'unsafe-inline'")
REFERRER_POLICY = "no-referrer"
# Pages and files that carry identity, a reporter's own text or contact, or a PIN.
PRIVATE_PREFIXES = ("/konsol", "/lacak", "/lapor")

# Piccolo's Serial keys are PostgreSQL `integer`; SQLite's go further, but no row is made there
# that PostgreSQL could not hold.
MAX_ID = 2**31 - 1


def _under(path: str, prefixes: tuple[str, ...]) -> bool:
    return any(path == p or path.startswith(p + "/") for p in prefixes)


def is_private(path: str) -> bool:
    return _under(path, PRIVATE_PREFIXES)


async def add_headers(message: Message, scope: Scope) -> None:
    if message["type"] != "http.response.start":
        return
    headers = MutableScopeHeaders.from_message(message)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = REFERRER_POLICY
    if (headers.get("content-type") or "").startswith("text/html"):
        charts = _under(scope["path"], INLINE_STYLE_PREFIXES)
        headers["Content-Security-Policy"] = CHARTS_POLICY if charts else CONTENT_SECURITY_POLICY
        headers["X-Frame-Options"] = "DENY"
    if is_private(scope["path"]):
        headers["Cache-Control"] = "no-store"


def ids_in_range(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    for value in connection.path_params.values():
        if isinstance(value, int) and not -MAX_ID <= value <= MAX_ID:
            raise NotFound(N_("There is nothing at this address."))


def cookies_secure(connection: ASGIConnection[Any, Any, Any, Any] | None = None) -> bool:
    """Whether cookies carry `Secure`: when the public URL is https (TLS usually ends at a proxy
    in front of us, so the request we see is plain http), or the request itself came over https."""
    if get_settings().public_url.startswith("https://"):
        return True
    return connection is not None and connection.url.scheme == "https"
