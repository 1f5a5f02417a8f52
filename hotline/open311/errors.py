"""Open311 errors: the spec's error list, in JSON and XML, in the client's language.

Every failure under /open311 becomes `[{"code": 400, "description": "…"}]` (or
`<errors><error>…`), whatever raised it: our own checks, the ticket core's validation, Litestar's
parameter parsing, a body over the size limit, a database that is away (503 with Retry-After), or
a bug. hotline/web/errors.py describes each failure; the router declares this contract's renderer
with `renders(render_failure)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException

from hotline.errors import HotlineError, ValidationFailed
from hotline.i18n import DEFAULT, N_, SUPPORTED, normalize_locale, t
from hotline.open311 import config, xml
from hotline.open311.models import Error
from hotline.web.errors import Failure

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


class Open311Error(HotlineError):
    """An error in the spec's terms: a status and one or more problems (each maybe naming the
    parameter at fault)."""

    def __init__(self, status: int, problems: list[Problem], *, retry_after: int = 0) -> None:
        super().__init__(problems[0].message, **problems[0].params)
        self.status = self.status_code = status
        self.problems = problems
        self.retry_after = retry_after
        self.args = ("; ".join(p.message for p in problems),)

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


def _translate(failure: Failure) -> Open311Error:
    exc = failure.exc
    if isinstance(exc, Open311Error):
        return exc
    if isinstance(exc, ValidationFailed):
        return Open311Error(400, problems_of(exc))
    if isinstance(exc, HotlineError):
        return Open311Error(
            exc.status_code, [Problem(exc.message, exc.params)], retry_after=exc.retry_after
        )
    if isinstance(exc, ValidationException):
        return _from_validation(exc)
    if isinstance(exc, HTTPException):
        message = _HTTP_MESSAGES.get(exc.status_code, N_("The request could not be handled."))
        return Open311Error.of(exc.status_code, message, n=config.get().max_body_bytes)
    # A bug (web/errors.py has logged it).
    return Open311Error.of(500, N_("Something went wrong on our side. Please try again later."))


def render_failure(request: Request, failure: Failure) -> Response:
    """The renderer the Open311 router declares (hotline/web/errors.py calls it)."""
    return render(request, _translate(failure))
