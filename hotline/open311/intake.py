"""POST requests: a service request becomes a report through the ticket core.

`create_report` (channel open311) does validation, routing, the SLA clock, the history and the
outbox in one transaction; this module adds only what is Open311's: the parameters, the service
definition's attributes, and a `Submission` row in the same transaction (which client filed it,
and its `Idempotency-Key`, so a retried POST files nothing twice). Before filing, every check
(ours, the attributes' and the core's own `validate`) runs, and every problem is answered at once
(docs/OPEN311.md).
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlparse

import asyncpg
from babel.dates import format_datetime

from hotline import clock
from hotline.db.tx import transaction
from hotline.directory.service import lookups, region_by_code
from hotline.errors import ValidationFailed
from hotline.i18n import N_, t
from hotline.open311 import agencies, attributes, catalog
from hotline.open311.errors import Open311Error, Problem, problems_of
from hotline.open311.models import NewServiceRequest, ServiceRequestCreated
from hotline.open311.tables import Submission
from hotline.settings import get_settings
from hotline.tickets.channels import Channel
from hotline.tickets.drafts import ReportDraft, ReporterDraft, validate
from hotline.tickets.lifecycle import Status
from hotline.tickets.privacy import Privacy
from hotline.tickets.service import REPORTER, create_report

log = logging.getLogger("hotline.open311")

MAX_IDEMPOTENCY_KEY = 100


@dataclass(frozen=True)
class Submitted:
    answer: ServiceRequestCreated
    created: bool  # False: a retry, answered with the first submission's reference


def fingerprint(fields: Mapping[str, str | list[str]]) -> str:
    """The content of a submission, whatever the order of its fields (the key itself left out)."""
    content = sorted((k, v if isinstance(v, list) else [v]) for k, v in fields.items())
    content = [(k, v) for k, v in content if k != "api_key"]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()


class _Problems:
    """Every 400 problem of one request, so the client is told all of them at once."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, error: Open311Error) -> None:
        if error.status != 400:
            raise error
        self.items.extend(error.problems)

    def add_core(self, exc: ValidationFailed) -> None:
        # The core names a missing category too; the client was told about service_code.
        named = {p.parameter for p in self.items}
        self.items.extend(p for p in problems_of(exc) if p.parameter not in named)

    def raise_any(self) -> None:
        if self.items:
            raise Open311Error(400, self.items)


def _limited(value: str | None, parameter: str, limit: int, problems: _Problems) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        problems.add(
            Open311Error.of(400, N_("At most {n} characters."), parameter=parameter, n=limit)
        )
    return text


def _privacy(form: NewServiceRequest, category: dict[str, Any] | None) -> Privacy:
    if form.privacy:
        try:
            return Privacy(form.privacy.strip().lower())
        except ValueError:
            raise Open311Error.of(
                400, N_("Use publik, anonim or rahasia."), parameter="privacy"
            ) from None
    # Not chosen: the category's default, if the client gave what it needs (a public report
    # names its reporter and a way to reach them); otherwise anonymous.
    default = Privacy((category or {}).get("default_privacy") or Privacy.PUBLIK.value)
    named = bool((form.first_name or form.last_name or "").strip())
    reachable = bool((form.email or form.phone or "").strip())
    if default is Privacy.PUBLIK and not (named and reachable):
        return Privacy.ANONIM
    return default


def _draft(
    form: NewServiceRequest,
    category: dict[str, Any] | None,
    answers: dict[str, str],
    locale: str,
    problems: _Problems,
) -> ReportDraft:
    has_point = form.lat is not None and form.long is not None
    if (form.lat is None) != (form.long is None):
        problems.add(Open311Error.of(400, N_("Give both lat and long."), parameter="lat"))
    if not (has_point or (form.address_string or "").strip() or (form.address_id or "").strip()):
        problems.add(
            Open311Error.of(
                400, N_("Give the location: lat and long, address_string or address_id.")
            )
        )
    try:
        privacy = _privacy(form, category)
    except Open311Error as error:
        problems.add(error)
        privacy = Privacy.ANONIM
    name = " ".join(p.strip() for p in (form.first_name or "", form.last_name or "") if p.strip())
    return ReportDraft(
        channel=Channel.OPEN311,
        description=form.description or "",
        category_code=category["service_code"] if category else None,
        region_code=(form.address_id or "").strip() or None,
        location_text=form.address_string or "",
        latitude=form.lat,
        longitude=form.long,
        privacy=privacy,
        reporter=ReporterDraft(
            name=name, phone=form.phone or "", email=form.email or "", locale=locale
        ),
        attributes=answers,
    )


async def _checked_draft(
    form: NewServiceRequest,
    fields: Mapping[str, str | list[str]],
    locale: str,
    problems: _Problems,
) -> ReportDraft:
    """The report to file, once every parameter has been checked; raises with all problems.

    An unknown service_code is a 404 on its own (there is nothing to check answers against)."""
    service_code = (form.service_code or "").strip()
    category = None
    if not service_code:
        problems.add(Open311Error.of(400, N_("Give the service_code."), parameter="service_code"))
    else:
        category = await catalog.category(service_code)
    answers: dict[str, str] = {}
    if category is not None:
        try:
            answers = attributes.answers(
                attributes.definition(category["attributes"] or []), fields
            )
        except Open311Error as error:
            problems.add(error)
    draft = _draft(form, category, answers, locale, problems)
    try:
        validate(draft)
    except ValidationFailed as exc:
        problems.add_core(exc)
    if draft.region_code and "address_id" not in {p.parameter for p in problems.items}:
        region = await region_by_code(draft.region_code)
        if region is None or not region["active"]:
            problems.add(
                Open311Error.of(400, N_("This area is not in our list."), parameter="address_id")
            )
    problems.raise_any()
    return draft


def _receipt(locale: str, reference: str, pin: str) -> str:
    return t(
        locale,
        N_(
            "Report received: reference {reference}, PIN {pin}. Keep both to follow the report "
            "at {url}/lacak."
        ),
        reference=reference,
        pin=pin,
        url=get_settings().public_url,
    )


async def _notice(
    locale: str, reference: str, pin: str, status: Status, agency_id: int | None, due: datetime
) -> str:
    """The answer's notice: the receipt, and who has the report or by when it is verified.

    Runs after the commit, so it may not fail the answer: the report is saved, and a client
    told otherwise (a 500) would file it again. If the directory cannot be read (the database
    restarting), the notice is the receipt alone, built from what the transaction returned."""
    text = _receipt(locale, reference, pin)
    try:
        directory = await agencies.load()
    except Exception:
        log.warning("report %s saved; its notice goes without the agency", reference, exc_info=True)
        return text
    agency = directory.by_id.get(agency_id) if agency_id is not None else None
    if status is Status.DIDISPOSISIKAN and agency is not None:
        return text + " " + t(locale, N_("It has been passed to {agency}."), agency=agency.name)
    when = format_datetime(due, "long", tzinfo=directory.zone(None), locale=locale)
    return text + " " + t(locale, N_("It will be verified by {when}."), when=when)


def _replay_notice(locale: str, reference: str) -> str:
    return t(
        locale,
        N_(
            "This request was already received as report {reference}; the PIN was given in "
            "the first answer only."
        ),
        reference=reference,
    )


async def _earlier(
    scope: str, digest: str, locale: str, account_id: str | None
) -> Submitted | None:
    row = (
        await Submission.select(Submission.fingerprint, Submission.ticket.reference)
        .where(Submission.idempotency_scope == scope)
        .first()
    )
    if row is None:
        return None
    if row["fingerprint"] != digest:
        raise Open311Error.of(
            400,
            N_("This Idempotency-Key was used for a different request; use a new key."),
            parameter="Idempotency-Key",
        )
    reference = row["ticket.reference"]
    return Submitted(
        ServiceRequestCreated(reference, _replay_notice(locale, reference), account_id), False
    )


async def submit(
    form: NewServiceRequest,
    fields: Mapping[str, str | list[str]],
    *,
    api_key_id: int,
    idempotency_key: str | None,
    locale: str,
) -> Submitted:
    account_id = (form.account_id or "").strip() or None
    digest = fingerprint(fields)
    scope = None
    if idempotency_key is not None:
        key = idempotency_key.strip()
        if not key or len(key) > MAX_IDEMPOTENCY_KEY or not key.isprintable():
            raise Open311Error.of(
                400,
                N_("An Idempotency-Key is 1 to {n} printable characters."),
                parameter="Idempotency-Key",
                n=MAX_IDEMPOTENCY_KEY,
            )
        scope = f"{api_key_id}:{key}"
        earlier = await _earlier(scope, digest, locale, account_id)
        if earlier:
            return earlier
    problems = _Problems()
    media_url = _limited(form.media_url, "media_url", 500, problems)
    if media_url and urlparse(media_url).scheme not in ("http", "https"):
        problems.add(Open311Error.of(400, N_("Give an http or https URL."), parameter="media_url"))
    device_id = _limited(form.device_id, "device_id", 100, problems)
    account_id = _limited(account_id, "account_id", 100, problems) or None
    try:
        # The directory's rows (category, area) are read once for the checks and the core.
        with lookups():
            draft = await _checked_draft(form, fields, locale, problems)
            async with transaction():
                created = await create_report(draft, actor=REPORTER)
                await Submission.insert(
                    Submission(
                        ticket=created.ticket_id,
                        api_key=api_key_id,
                        idempotency_scope=scope,
                        fingerprint=digest,
                        device_id=device_id,
                        account_id=account_id or "",
                        media_url=media_url,
                        created_at=clock.now(),
                    )
                )
    except (asyncpg.UniqueViolationError, sqlite3.IntegrityError):
        # Two copies of one request raced past the first check; the loser answers as a retry.
        earlier = await _earlier(scope, digest, locale, account_id) if scope else None
        if earlier is None:
            raise
        return earlier
    notice = await _notice(
        locale,
        created.reference,
        created.pin,
        created.status,
        created.agency_id,
        created.verification_due,
    )
    return Submitted(ServiceRequestCreated(created.reference, notice, account_id), True)
