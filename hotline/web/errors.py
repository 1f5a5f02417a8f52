"""The one place where errors become responses: a JSON problem in the request's language.

Later interfaces add their own renderers here (an HTML page for the web pages, a TwiML apology
for the IVR), chosen by route, so no handler formats an error by itself.
"""

from __future__ import annotations

import logging

from litestar import Request, Response
from litestar.exceptions import HTTPException

from hotline.errors import HotlineError, ValidationFailed
from hotline.i18n import N_, t
from hotline.web.locale import request_locale

log = logging.getLogger("hotline.web")


def hotline_error(request: Request, exc: HotlineError) -> Response:
    locale = request_locale(request)
    body: dict[str, object] = {"error": type(exc).__name__, "message": exc.localized(locale)}
    if isinstance(exc, ValidationFailed):
        body["message"] = t(locale, N_("Some fields need attention."))
        body["fields"] = exc.as_dict(locale)
    return Response(body, status_code=exc.status_code)


def http_error(request: Request, exc: HTTPException) -> Response:
    return Response(
        {"error": type(exc).__name__, "message": exc.detail}, status_code=exc.status_code
    )


def unexpected_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    locale = request_locale(request)
    return Response(
        {
            "error": "InternalError",
            "message": t(
                locale,
                N_(
                    "Something went wrong on our side. Please try again; if it keeps happening, call the hotline."
                ),
            ),
        },
        status_code=500,
    )
