"""Rendering helpers shared by the citizen pages: language, the page response, error pages."""

from __future__ import annotations

import logging
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.response import Template

from hotline.errors import HotlineError
from hotline.i18n import N_, t
from hotline.web.locale import COOKIE as LANG_COOKIE
from hotline.web.locale import request_locale

log = logging.getLogger("hotline.citizen")

# Pages that carry a PIN or a report's private content must not be kept by any cache.
PRIVATE = {"Cache-Control": "no-store"}


def page(
    request: Request[Any, Any, Any],
    name: str,
    *,
    status: int = 200,
    private: bool = False,
    **context: Any,
) -> Template:
    locale = context.setdefault("locale", request_locale(request))
    # The language comes from ?lang, the cookie or Accept-Language: a shared cache must not
    # serve one reader's language to another.
    headers = {"Vary": "Accept-Language, Cookie", **(PRIVATE if private else {})}
    response = Template(f"citizen/{name}", context=context, status_code=status, headers=headers)
    if request.query_params.get("lang") == locale:
        response.set_cookie(LANG_COOKIE, locale, max_age=365 * 24 * 3600, samesite="lax")
    return response


# What each refusal means for the citizen, by HTTP status, in plain words.
STATUS_MESSAGES = {
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


def error_page(request: Request[Any, Any, Any], status: int, title: str, message: str) -> Template:
    locale = request_locale(request)
    return Template(
        "citizen/error.html",
        context={"locale": locale, "title": t(locale, title), "message": message},
        status_code=status,
        headers=PRIVATE,
    )


def http_error(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    title, message = STATUS_MESSAGES.get(exc.status_code, UNEXPECTED)
    response = error_page(request, exc.status_code, title, t(request_locale(request), message))
    # The rate limiter says when to come back (RateLimit-* headers); keep them.
    for key, value in (exc.headers or {}).items():
        response.headers[key] = value
    return response


def hotline_error(request: Request[Any, Any, Any], exc: HotlineError) -> Response[Any]:
    locale = request_locale(request)
    title = STATUS_MESSAGES.get(exc.status_code, UNEXPECTED)[0]
    return error_page(request, exc.status_code, title, exc.localized(locale))


def unexpected_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    title, message = UNEXPECTED
    return error_page(request, 500, title, t(request_locale(request), message))
