"""A report's survey: made with its invitation, found by its token, answered once.

Every write is one transaction. The token is the only key a reporter holds: it is random and
says nothing of who reported or what, so the survey link can travel by SMS, e-mail or (later)
WhatsApp without revealing an identity (docs/SATISFACTION.md).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypedDict

from hotline.db.tx import transaction
from hotline.errors import Conflict, FieldError, NotFound, ValidationFailed
from hotline.i18n import N_
from hotline.satisfaction.elements import ELEMENTS
from hotline.satisfaction.index import valid
from hotline.satisfaction.tables import Survey
from hotline.settings import get_settings

TOKEN_BYTES = 16
COMMENT_MAX = 1000

ALREADY_ANSWERED = N_("This survey was already answered. Thank you: one answer per report.")
UNKNOWN = N_("This survey link is not valid.")
CHOOSE = N_("Choose an answer from 1 to 4, or not applicable.")
NOTHING = N_("Answer at least one question.")


class Channel:
    """Where a survey was answered (stored in `Survey.channel`)."""

    WEB = "web"
    PHONE = "telepon"


class SurveyRow(TypedDict):
    id: int
    ticket: int
    token: str
    agency: int | None
    submitted_at: datetime | None


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def link(token: str) -> str:
    return f"{get_settings().public_url}/survei/{token}"


async def open_for(ticket_id: int, *, agency: int | None, now: datetime) -> str | None:
    """Make the report's survey (in the caller's transaction); its token, or None when the
    report has one already (a report is invited once, whatever happens to it after)."""
    rows: list[Any] = await (
        Survey.insert(Survey(ticket=ticket_id, token=new_token(), agency=agency, invited_at=now))
        .on_conflict(target=Survey.ticket, action="DO NOTHING")
        .returning(Survey.token)
    )
    return str(rows[0]["token"]) if rows else None


async def by_token(token: str) -> SurveyRow:
    row = (
        await Survey.select(
            Survey.id, Survey.ticket, Survey.token, Survey.agency, Survey.submitted_at
        )
        .where(Survey.token == token)
        .first()
    )
    if row is None:
        raise NotFound(UNKNOWN)
    return SurveyRow(**row)  # type: ignore[typeddict-item]


async def of_ticket(ticket_id: int) -> SurveyRow | None:
    row = (
        await Survey.select(
            Survey.id, Survey.ticket, Survey.token, Survey.agency, Survey.submitted_at
        )
        .where(Survey.ticket == ticket_id)
        .first()
    )
    return SurveyRow(**row) if row else None  # type: ignore[typeddict-item]


def check(answers: Mapping[str, int | None]) -> dict[str, int | None]:
    """The answers per element, each 1–4 or None; ValidationFailed naming the wrong ones."""
    errors = [
        FieldError(e.value, CHOOSE)
        for e in ELEMENTS
        if answers.get(e.value) is not None and not valid(answers.get(e.value))
    ]
    if errors:
        raise ValidationFailed(errors)
    clean = {e.value: answers.get(e.value) for e in ELEMENTS}
    if all(v is None for v in clean.values()):
        raise ValidationFailed([FieldError(ELEMENTS[0].value, NOTHING)])
    return clean


async def submit(
    survey_id: int,
    answers: Mapping[str, int | None],
    *,
    channel: str,
    now: datetime,
    comment: str = "",
) -> None:
    """Record the answers once: Conflict when the survey was answered already (by another tab,
    or on the phone), so the first answer stands."""
    clean = check(answers)
    async with transaction():
        done: list[Any] = await (
            Survey.update(
                {
                    **{getattr(Survey, k): v for k, v in clean.items()},
                    Survey.comment: comment.strip()[:COMMENT_MAX],
                    Survey.channel: channel,
                    Survey.submitted_at: now,
                }
            )
            .where((Survey.id == survey_id) & Survey.submitted_at.is_null())
            .returning(Survey.id)
        )
    if not done:
        raise Conflict(ALREADY_ANSWERED)
