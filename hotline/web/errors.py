"""The one place where errors become responses, in the visitor's language, chosen by route.

Every error is first described once (`describe`: status, heading, message, headers), whatever
raised it: the HotlineError hierarchy, Litestar's HTTP exceptions (CSRF refusals, size limits and
unreadable parameters included: they are raised before a handler runs), a database that is away
(503 with Retry-After) or a bug (500, logged here and nowhere else). Then the route's renderer
turns the description into a response. A router (or one of its routes) declares its renderer with
`opt=renders(...)` and writes no exception handler of its own:

- a `Page`: an HTML page inside the area's layout (citizen pages, console, transparency);
- `problem`: a JSON problem `{"error": …, "message": …}` (the default for APIs and machines);
- a renderer that an area owns because an outside contract fixes the format: Open311's error
  list, JSON or XML by the path's extension (open311/errors.py), the phone line's TwiML apology
  (ivr/routes.py). It receives the same description.

A request that matched no route answers in the form of the area its first path segment belongs
to (Open311's list under /open311, TwiML under /ivr; the console's or citizen's page for a
browser), else a browser (Accept: text/html) gets the site's page and any other client the JSON
problem. An unknown address that exists in lower case (`/Lapor`, `/LACAK`, as typed from a
poster) is redirected there instead of being a 404.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, cast

from litestar import Litestar, Request, Response
from litestar.exceptions import HTTPException, MethodNotAllowedException, NotFoundException
from litestar.response import Redirect, Template
from litestar.routes import HTTPRoute
from litestar.types import ExceptionHandlersMap

from hotline.db.availability import database_unavailable
from hotline.errors import DatabaseUnavailable, HotlineError, ValidationFailed
from hotline.i18n import N_, t
from hotline.web.locale import request_locale

log = logging.getLogger("hotline.web")

OPT = "errors"

# What a refusal by the framework means, in plain words, by status: (heading, explanation).
HTTP_WORDS: dict[int, tuple[str, str]] = {
    401: (N_("Please sign in"), N_("This page needs you to sign in first.")),
    403: (
        N_("This form could not be accepted"),
        N_(
            "The form's security check failed: it is missing or out of date, for example because "
            "the page was open for a long time or cookies are blocked. Go back, reload the page "
            "and send it again."
        ),
    ),
    404: (N_("Page not found"), N_("There is nothing at this address.")),
    405: (N_("This cannot be done here"), N_("This address does not accept that request.")),
    413: (
        N_("The files are too large"),
        N_(
            "Together the form and its files are larger than we accept. Send at most five photos "
            "or PDFs, each within the size limit shown on the form."
        ),
    ),
    429: (
        N_("Too many requests"),
        N_(
            "You have sent many requests in a short time. Wait a minute, then try again. If you "
            "need help now, call the hotline."
        ),
    ),
}
UNEXPECTED = (
    N_("Something went wrong"),
    N_(
        "Something went wrong on our side. Please try again; if it keeps happening, call the hotline."
    ),
)
# The heading of our own errors, whose message says the rest.
TITLES: dict[int, str] = {
    400: N_("Please check what you sent"),
    401: N_("Please sign in"),
    403: N_("Not allowed"),
    404: N_("Not found"),
    409: N_("This cannot be done"),
    429: N_("Too many requests"),
    503: N_("Briefly unavailable"),
}


@dataclass(frozen=True)
class Failure:
    """What went wrong, once, for every renderer."""

    status: int
    name: str  # the error's class, for machines
    title: str  # a msgid: the heading of a page
    message: str  # already in the visitor's language
    locale: str
    exc: Exception
    headers: dict[str, str] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)


Renderer = Callable[[Request[Any, Any, Any], Failure], Response[Any]]


def renders(renderer: Renderer) -> dict[str, Any]:
    """A router's or a route's `opt`: how its errors look."""
    return {OPT: renderer}


def describe(request: Request[Any, Any, Any], exc: Exception, locale: str) -> Failure:
    if not isinstance(exc, HotlineError | HTTPException) and database_unavailable(exc):
        # Not a bug of ours and not the client's fault: say when to come back.
        log.warning(
            "database unavailable on %s %s: %s", request.method, request.url.path, repr(exc)
        )
        return describe(request, DatabaseUnavailable(), locale)
    if isinstance(exc, HotlineError):
        if exc.status_code >= 500:
            log.warning(
                "%s on %s %s: %s", type(exc).__name__, request.method, request.url.path, exc
            )
        headers = exc.headers()
        if isinstance(exc, ValidationFailed):
            return Failure(
                exc.status_code,
                type(exc).__name__,
                TITLES[400],
                t(locale, N_("Some fields need attention.")),
                locale,
                exc,
                headers,
                exc.as_dict(locale),
            )
        return Failure(
            exc.status_code,
            type(exc).__name__,
            TITLES.get(exc.status_code, UNEXPECTED[0]),
            exc.localized(locale),
            locale,
            exc,
            headers,
        )
    if isinstance(exc, HTTPException):
        title, message = HTTP_WORDS.get(exc.status_code, (UNEXPECTED[0], ""))
        return Failure(
            exc.status_code,
            type(exc).__name__,
            title,
            t(locale, message) if message else exc.detail,
            locale,
            exc,
            # The framework's own headers stay (Allow on a 405).
            dict(exc.headers or {}),
        )
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return Failure(500, "InternalError", UNEXPECTED[0], t(locale, UNEXPECTED[1]), locale, exc)


# --- renderers -----------------------------------------------------------------------------


def problem(request: Request[Any, Any, Any], failure: Failure) -> Response[Any]:
    body: dict[str, object] = {"error": failure.name, "message": failure.message}
    if failure.fields:
        body["fields"] = failure.fields
    return Response(body, status_code=failure.status, headers=failure.headers)


HOME_LINKS: tuple[tuple[str, str], ...] = (
    ("/", N_("Home")),
    ("/lapor", N_("File a report")),
    ("/lacak", N_("Track a report")),
)


@dataclass(frozen=True)
class Page:
    """An HTML error page (hotline/web/templates/error.html) inside `layout`, with `links` (href,
    msgid) to go on from. `context` adds what an area's layout needs (the console's staff bar,
    or other links); `sign_in`, where a browser without a session is sent back to."""

    layout: str = "base.html"
    links: tuple[tuple[str, str], ...] = HOME_LINKS
    context: Callable[[Request[Any, Any, Any]], Mapping[str, Any]] | None = None
    sign_in: str | None = None

    def __call__(self, request: Request[Any, Any, Any], failure: Failure) -> Response[Any]:
        if self.sign_in and failure.status == 401:
            if request.method != "GET":
                return Redirect(self.sign_in, status_code=303)
            query = f"?{request.url.query}" if request.url.query else ""
            return Redirect(f"{self.sign_in}?next={request.url.path}{query}", status_code=303)
        locale = failure.locale
        context: dict[str, Any] = {"links": self.links}
        if self.context is not None:
            context.update(self.context(request))
        context["links"] = [(href, t(locale, label)) for href, label in context["links"]]
        return Template(
            "error.html",
            context={
                **context,
                "locale": locale,
                "layout": self.layout,
                "status": failure.status,
                "title": t(locale, failure.title),
                "message": failure.message,
            },
            status_code=failure.status,
            # An error is of its moment (and a refused form may echo what was typed): never
            # cached. The language follows the visitor, so a cache must not share it either.
            headers={
                **failure.headers,
                "Cache-Control": "no-store",
                "Vary": "Accept-Language, Cookie",
            },
        )


PAGE = Page()


# --- the one exception handler -------------------------------------------------------------


def _wants_html(request: Request[Any, Any, Any]) -> bool:
    return "text/html" in request.headers.get("accept", "")


def _lowercase_target(request: Request[Any, Any, Any]) -> str | None:
    """The address in lower case, when that one exists (paths are typed by people)."""
    path = request.url.path
    lower = path.lower()
    if lower == path:
        return None
    try:
        request.app.asgi_router.handle_routing(path=lower, method=request.method)
    except (NotFoundException, MethodNotAllowedException):
        return None
    return lower + (f"?{request.url.query}" if request.url.query else "")


@cache
def _area_renderer(app: Litestar, segment: str) -> Renderer | None:
    """The renderer declared by the routes under /<segment>/ (the area an unknown address is
    in), if they declare one."""
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        if route.path == f"/{segment}" or route.path.startswith(f"/{segment}/"):
            for handler in route.route_handlers:
                if OPT in handler.opt:
                    return cast(Renderer, handler.opt[OPT])
    return None


def _unmatched(request: Request[Any, Any, Any]) -> Renderer:
    """How to answer a request that matched no route: in the form of the area its address is
    in (a contract's format as it is; an area's page only for a browser), else by Accept."""
    segment = request.url.path.strip("/").split("/")[0]
    area = _area_renderer(request.app, segment) if segment else None
    if area is not None and not isinstance(area, Page):
        return area
    if not _wants_html(request):
        return problem
    return area or PAGE


def handle(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """The app's only exception handler (create_app installs it for every exception)."""
    route = request.scope.get("route_handler")
    renderer: Renderer | None = route.opt.get(OPT) if route is not None else None
    if renderer is None:
        if route is None and isinstance(exc, NotFoundException):
            target = _lowercase_target(request)
            if target is not None:
                # 301 for a page typed in the address bar; 308 keeps the method of a form post.
                status = 301 if request.method in ("GET", "HEAD") else 308
                return Redirect(target, status_code=status)
        renderer = (
            _unmatched(request) if route is None else PAGE if _wants_html(request) else problem
        )
    return renderer(request, describe(request, exc, request_locale(request)))


EXCEPTION_HANDLERS: ExceptionHandlersMap = {Exception: handle}
