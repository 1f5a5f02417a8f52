"""One exception hierarchy for the whole app. Messages are msgids, translated where they are shown:
hotline/web/errors.py turns every error into the response its route declares (an HTML page, a
JSON problem, Open311's error list or a TwiML apology).
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field

from hotline.i18n import N_, t


class HotlineError(Exception):
    status_code = 400
    retry_after = 0  # seconds; when set, the answer says when to come back (Retry-After)

    def __init__(self, message: str, /, **params: object) -> None:
        self.message = message
        self.params = params
        super().__init__(message.format(**params) if params else message)

    def localized(self, locale: str) -> str:
        return t(locale, self.message, **self.params)

    def headers(self) -> dict[str, str]:
        """What the answer carries besides the message (when to come back)."""
        return {"Retry-After": str(self.retry_after)} if self.retry_after else {}


class Unauthorized(HotlineError):
    """No live session: a page that needs one sends the browser to its sign-in form."""

    status_code = 401


class NotFound(HotlineError):
    status_code = 404


class Forbidden(HotlineError):
    status_code = 403


class Conflict(HotlineError):
    status_code = 409


class Locked(HotlineError):
    status_code = 429


class RateLimited(Locked):
    """A quota spent (hotline/limiter.py): come back in `retry_after` seconds."""

    def __init__(self, message: str, /, *, limit: int, retry_after: int, **params: object) -> None:
        super().__init__(message, **params)
        self.limit = limit
        self.retry_after = retry_after

    def headers(self) -> dict[str, str]:
        return {
            **super().headers(),
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": "0",
            "RateLimit-Reset": str(self.retry_after),
        }


class Unavailable(HotlineError):
    """Nothing is wrong with the request, but we cannot answer it now: come back later (503 with
    Retry-After)."""

    status_code = 503
    retry_after = 30  # seconds: long enough for a database restart, short enough to retry by hand


class DatabaseUnavailable(Unavailable):
    def __init__(self) -> None:
        super().__init__(
            N_(
                "The service is briefly unavailable: we cannot reach our database. Please try "
                "again in a minute."
            )
        )


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str  # a msgid
    params: dict[str, object] = dataclass_field(default_factory=dict)

    def localized(self, locale: str) -> str:
        return t(locale, self.message, **self.params)


class ValidationFailed(HotlineError):
    """Bad input: one message per field, so a form can show each beside its field."""

    status_code = 400

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))

    def as_dict(self, locale: str) -> dict[str, str]:
        return {e.field: e.localized(locale) for e in self.errors}
