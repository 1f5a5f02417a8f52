"""One exception hierarchy for the whole app. Messages are msgids, translated where they are shown
(one place per interface renders them: the HTML error page, the JSON problem, the TwiML apology).
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field

from hotline.i18n import t


class HotlineError(Exception):
    status_code = 400

    def __init__(self, message: str, /, **params: object) -> None:
        self.message = message
        self.params = params
        super().__init__(message.format(**params) if params else message)

    def localized(self, locale: str) -> str:
        return t(locale, self.message, **self.params)


class NotFound(HotlineError):
    status_code = 404


class Forbidden(HotlineError):
    status_code = 403


class Conflict(HotlineError):
    status_code = 409


class Locked(HotlineError):
    status_code = 429


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
