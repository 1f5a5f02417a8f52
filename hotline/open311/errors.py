"""Open311 errors: the spec's error list, in JSON and XML, in the client's language.

Every failure under /open311 becomes `[{"code": 400, "description": "…"}]` (or
`<errors><error>…`), whatever raised it: our own checks, the ticket core's validation, Litestar's
parameter parsing, a body over the size limit, or a bug. The router installs `HANDLERS`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException

from hotline.errors import HotlineError, ValidationFailed
from hotline.i18n import DEFAULT, N_, SUPPORTED, normalize_locale, t
from hotline.open311 import config, xml
from hotline.open311.models import Error

log = logging.getLogger("hotline.open311")

# Litestar adds "; charset=utf-8" to text/* types.
XML_MEDIA_TYPE = "text/xml"

# The ticket core names fields after the report; the client knows the Open311 parameters.
PARAMETER_OF_FIELD = {
    "category": "service_code",
    "description": "description",
    "phone": "phone",
    "email": "email",
    "name": "first_name",
    "contact": "email",
    "latitude": "lat",
    "longitude": "long",
    "location": "address_string",
    "region": "address_id",
}


@dataclass(frozen=True)
class Problem:
    message: str  # a msgid
    params: dict[str, object] = field(default_factory=dict)
    parameter: str = ""  # the request parameter at fault, if one is

    def describe(self, locale: str) -> str:
        text = t(locale, self.message, **self.params)
        return f"{self.parameter}: {text}" if self.parameter else text


class Open311Error(Exception):
    def __init__(self, status: int, problems: list[Problem], *, retry_after: int = 0) -> None:
        self.status = status
        self.problems = problems
        self.retry_after = retry_after
        super().__init__("; ".join(p.message for p in problems))

    @classmethod
    def of(
        cls, status: int, message: str, /, parameter: str = "", **params: object
    ) -> Open311Error:
        return cls(status, [Problem(message, params, parameter)])


def wants_xml(request: Request) -> bool:
    return request.url.path.endswith(".xml")


def api_locale(request: Request) -> str:
    """`locale` (or `lang`) in the query, then Accept-Language, then Indonesian."""
    asked = request.query_params.get("locale") or request.query_params.get("lang")
    if asked:
        return normalize_locale(asked)
    for part in request.headers.get("accept-language", "").split(","):
        lang = part.split(";")[0].strip().split("-")[0].lower()
        if lang in SUPPORTED:
            return lang
    return DEFAULT


def render(request: Request, error: Open311Error) -> Response:
    locale = api_locale(request)
    items = [Error(code=error.status, description=p.describe(locale)) for p in error.problems]
    headers = {"Retry-After": str(error.retry_after)} if error.retry_after else {}
    if wants_xml(request):
        return Response(
            xml.render("errors", items),
            status_code=error.status,
            media_type=XML_MEDIA_TYPE,
            headers=headers,
        )
    return Response(items, status_code=error.status, headers=headers)


def problems_of(exc: ValidationFailed) -> list[Problem]:
    """The ticket core's validation errors, each named by its Open311 parameter."""
    return [
        Problem(e.message, e.params, PARAMETER_OF_FIELD.get(e.field, e.field)) for e in exc.errors
    ]


def _from_hotline(exc: HotlineError) -> Open311Error:
    if isinstance(exc, ValidationFailed):
        return Open311Error(400, problems_of(exc))
    return Open311Error(exc.status_code, [Problem(exc.message, exc.params)])


def _from_validation(exc: ValidationException) -> Open311Error:
    # Litestar could not read a parameter as its declared type (e.g. lat=abc).
    names = [
        str(item.get("key"))
        for item in (exc.extra if isinstance(exc.extra, list) else [])
        if isinstance(item, dict) and item.get("key")
    ]
    if not names:
        return Open311Error.of(400, N_("The request could not be read."))
    return Open311Error(
        400, [Problem(N_("This value is not valid."), parameter=name) for name in names]
    )


_HTTP_MESSAGES = {
    404: N_("Not found."),
    405: N_("This method is not allowed here."),
    413: N_("The request is too large (at most {n} bytes)."),
}


def open311_error(request: Request, exc: Exception) -> Response:
    return render(request, exc if isinstance(exc, Open311Error) else _translate(request, exc))


def _translate(request: Request, exc: Exception) -> Open311Error:
    if isinstance(exc, HotlineError):
        return _from_hotline(exc)
    if isinstance(exc, ValidationException):
        return _from_validation(exc)
    if isinstance(exc, HTTPException):
        message = _HTTP_MESSAGES.get(exc.status_code, N_("The request could not be handled."))
        return Open311Error.of(exc.status_code, message, n=config.get().max_body_bytes)
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return Open311Error.of(500, N_("Something went wrong on our side. Please try again later."))


# Keyed by every class the app's own handlers know too: Litestar picks the most specific class
# across all layers, so an app-wide HTTPException handler would otherwise win over ours.
HANDLERS = {
    Open311Error: open311_error,
    HotlineError: open311_error,
    ValidationException: open311_error,
    HTTPException: open311_error,
    Exception: open311_error,
}
