"""The ticket core's operations: file a report, move it through its lifecycle, reply, rate.

Each operation is one transaction: the ticket change, its history event, its clock changes and
the outbox rows for the messages it causes are written together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any, cast

from hotline import clock
from hotline.db.prebuilt import Insert
from hotline.db.tx import is_sqlite, transaction
from hotline.directory import conflicts
from hotline.directory.service import (
    Routed,
    agency_names,
    category_by_code,
    lookups,
    policy_for,
    region_by_code,
    route_report,
)
from hotline.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed
from hotline.i18n import N_, t
from hotline.notify.outbox import Message, enqueue_all
from hotline.publication import gate
from hotline.settings import get_settings
from hotline.sla.policy import ClockKind, Policy
from hotline.tickets import clocks, messages, notices, pins, publication, reference
from hotline.tickets.actors import REPORTER, SYSTEM, WORKER, Actor  # callers import them here
from hotline.tickets.channels import Channel
from hotline.tickets.drafts import ReportDraft, ReporterDraft, validate
from hotline.tickets.effects import EFFECTS, Step
from hotline.tickets.events import ROUTING_RULE, ActorType, EventKind
from hotline.tickets.lifecycle import (
    CLOSED_UNRESOLVED,
    Action,
    Status,
    Transition,
    next_status,
)
from hotline.tickets.privacy import Privacy, staff_may_see_identity
from hotline.tickets.records import Contact, ReporterContact, TicketRow
from hotline.tickets.tables import Reporter, Ticket, TicketEvent


@dataclass(frozen=True)
class CreatedReport:
    ticket_id: int
    reference: str
    pin: str  # shown to the reporter once; only its hash is stored
    status: Status
    agency_id: int | None
    verification_due: datetime


async def add_event(
    ticket_id: int,
    kind: EventKind,
    actor: Actor,
    *,
    at: datetime,
    public: bool,
    body: str = "",
    from_status: str = "",
    to_status: str = "",
    data: dict[str, Any] | None = None,
    dedupe_key: str | None = None,
) -> int:
    rows = await _INSERT_EVENT.run(
        [
            {
                "ticket": ticket_id,
                "at": at,
                "kind": kind.value,
                "actor_type": actor.type.value,
                "actor": actor.user_id,
                "from_status": from_status,
                "to_status": to_status,
                "public": public,
                "body": body,
                "data": data or {},
                "dedupe_key": dedupe_key,
            }
        ]
    )
    return int(rows[0]["id"])


# The rows every report writes, as statements built once (hotline/db/prebuilt.py).
_INSERT_EVENT = Insert(TicketEvent)
_INSERT_REPORTER = Insert(Reporter)
_INSERT_TICKET = Insert(Ticket, on_conflict_nothing=Ticket.reference)


async def _category_id(code: str | None) -> int | None:
    if not code:
        return None
    row = await category_by_code(code)
    if row is None:
        raise ValidationFailed([FieldError("category", N_("This category does not exist."))])
    return int(row["id"])


async def _region_id(code: str | None) -> int | None:
    if not code:
        return None
    row = await region_by_code(code)
    if row is None or not row["active"]:
        raise ValidationFailed([FieldError("region", N_("This area is not in our list."))])
    return int(row["id"])


async def create_report(draft: ReportDraft, *, actor: Actor = SYSTEM) -> CreatedReport:
    """File a report from any channel: one transaction, so it is saved whole or not at all.

    Lean (issue 16): the directory's rows are read once (`lookups`), the clocks are written
    together at the end (`clocks.filing`), and a confident rule's dispatch works on the row
    just written; the public row and the reporter's messages are written once, after it."""
    draft = validate(draft)
    now = clock.now()
    with lookups():
        category_id = await _category_id(draft.category_code)
        region_id = await _region_id(draft.region_code)
        async with transaction():
            reporter_id = await _insert_reporter(draft.reporter, now=now)
            pin = pins.new_pin()
            routing = await _route(draft, category_id)
            new_ticket = partial(
                _new_ticket,
                draft,
                pin_hash=pins.hash_pin(pin, get_settings().secret_key),
                reporter_id=reporter_id,
                category_id=category_id,
                region_id=region_id,
                routing=routing,
                now=now,
            )
            ticket_id, row = await _insert_ticket(new_ticket, on=now.date())
            ref = row["reference"]
            event_id = await _record_created(ticket_id, draft, routing, actor=actor, now=now)
            filing = _Filing(row, _contact(draft.reporter) if reporter_id is not None else None)
            async with clocks.filing(ticket_id):
                due = await clocks.start(
                    ticket_id,
                    ClockKind.VERIFICATION,
                    routing.policy.verification,
                    at=now,
                    agency_id=None,
                )
                if reporter_id is not None:
                    filing.messages += await _receipt(
                        ticket_id, draft, ref=ref, pin=pin, event_id=event_id
                    )
                status = await _dispatch_by_rule(ticket_id, routing, now=now, filing=filing)
                expected = await clocks.running_due(ticket_id, ClockKind.RESOLUTION)
            await publication.filed(
                filing.ticket,
                at=now,
                expected_at=expected,
                filed_as=Status.BARU,
                announce=filing.announce,
            )
            await enqueue_all(filing.messages, now=now)
    return CreatedReport(ticket_id, ref, pin, status, routing.agency_id, due)


@dataclass
class _Filing:
    """The report `create_report` is filing, as it stands in its transaction: its row as
    written and changed since (a rule's dispatch need not read it back), the reporter's contact
    (None without a reporter row), and what is written once at the end: the reporter's messages
    and whether the public row announces a change of status."""

    ticket: TicketRow
    reporter: ReporterContact | None
    messages: list[Message] = field(default_factory=list)
    announce: bool = False


def _contact(r: ReporterDraft) -> ReporterContact:
    return {"phone": r.phone, "email": r.email, "sms_consent": r.sms_consent, "locale": r.locale}


@dataclass(frozen=True)
class _Routing:
    """Where the routing rules send a new report, and whether a rule dispatches it at once."""

    agency_id: int | None  # proposed to the verifier (or dispatched to, with `dispatching`)
    policy: Policy  # the SLA policy snapshot for this category (and agency)
    held: str  # why a confident rule's dispatch waits for a verifier ("" if it does not)
    dispatching: Routed | None  # the rule that dispatches it without a verifier, if any


async def _route(draft: ReportDraft, category_id: int | None) -> _Routing:
    routed = await route_report(category_id, draft.category_code, draft.region_code)
    agency_id, confident = (routed.agency_id, routed.confident) if routed else (None, False)
    auto_dispatch = rule_may_dispatch(draft, confident)
    held = held_for_verifier(draft, agency_id, await agency_names()) if auto_dispatch else ""
    return _Routing(
        agency_id=agency_id,
        policy=await policy_for(category_id, agency_id),
        held=held,
        dispatching=routed if auto_dispatch and not held else None,
    )


async def _insert_reporter(r: ReporterDraft, *, now: datetime) -> int | None:
    """The reporter's row, or None when they gave neither a name nor a contact."""
    if not (r.name or r.phone or r.email):
        return None
    rows = await _INSERT_REPORTER.run(
        [
            {
                "name": r.name,
                "phone": r.phone,
                "email": r.email,
                "locale": r.locale,
                "sms_consent": r.sms_consent,
                "created_at": now,
            }
        ]
    )
    return int(rows[0]["id"])


def _new_ticket(
    draft: ReportDraft,
    ref: str,
    *,
    pin_hash: str,
    reporter_id: int | None,
    category_id: int | None,
    region_id: int | None,
    routing: _Routing,
    now: datetime,
) -> dict[str, Any]:
    """The new ticket's columns (the others take their defaults)."""
    return {
        "reference": ref,
        "pin_hash": pin_hash,
        "channel": draft.channel.value,
        "status": Status.BARU.value,
        "privacy": draft.privacy.value,
        "reporter": reporter_id,
        "category": category_id,
        "region": region_id,
        "location_text": draft.location_text,
        "latitude": draft.latitude,
        "longitude": draft.longitude,
        "title": draft.title,
        "description": draft.description,
        "proposed_agency": routing.agency_id,
        "incomplete": draft.incomplete,
        "likely_prank": draft.likely_prank,
        "sla_policy": routing.policy.to_dict(),
        "attributes": draft.attributes,
        "external_id": draft.external_id,
        "created_at": now,
        "updated_at": now,
    }


async def _insert_ticket(
    new_ticket: Callable[[str], dict[str, Any]], *, on: date
) -> tuple[int, TicketRow]:
    """Insert the ticket under a new reference: its id and its row as `load_ticket` reads it."""
    # 10^7 random references a year: a clash is rare. The unique index decides (no check
    # before, which another transaction could overtake); a clash inserts nothing, and a
    # new reference is drawn, without aborting the transaction as a violation would.
    while True:
        ref = reference.new_reference(on)
        ticket = _INSERT_TICKET.complete(new_ticket(ref))
        rows = await _INSERT_TICKET.run([ticket])
        if rows:
            # The row as `load_ticket` reads it: its secrets left out.
            ticket_id = int(rows[0]["id"])
            row = {"id": ticket_id}
            row.update((k, v) for k, v in ticket.items() if k not in _SECRET_COLUMNS)
            return ticket_id, cast(TicketRow, row)


_SECRET_COLUMNS = frozenset(c._meta.name for c in Ticket._meta.columns if c._meta.secret)


async def _record_created(
    ticket_id: int, draft: ReportDraft, routing: _Routing, *, actor: Actor, now: datetime
) -> int:
    return await add_event(
        ticket_id,
        EventKind.CREATED,
        actor,
        at=now,
        public=True,
        to_status=Status.BARU.value,
        data={
            "channel": draft.channel.value,
            "incomplete": draft.incomplete,
            **({"held": routing.held} if routing.held else {}),
        },
    )


async def _receipt(
    ticket_id: int, draft: ReportDraft, *, ref: str, pin: str, event_id: int
) -> list[Message]:
    """The reference (and the PIN when it should travel) to the contact the reporter gave."""
    r = draft.reporter
    if draft.channel in (Channel.WHATSAPP, Channel.SMS):
        # The conversation's own reply carries the reference and PIN (hotline/messaging).
        return []
    # Phone callers cannot write the PIN down while listening: they get it by SMS.
    with_pin = draft.send_pin or draft.channel in (Channel.TELEPON, Channel.OPERATOR)
    text = messages.received(
        r.locale, reference=ref, pin=pin if with_pin else None, url=get_settings().public_url
    )
    contact: Contact = {"phone": r.phone, "email": r.email, "sms_consent": r.sms_consent}
    return await notices.outgoing(
        ticket_id,
        contact,
        text,
        event_id=event_id,
        locale=r.locale,
        sensitive=with_pin,
        report_channel=draft.channel.value,
    )


async def _dispatch_by_rule(
    ticket_id: int, routing: _Routing, *, now: datetime, filing: _Filing
) -> Status:
    """Dispatch under a confident rule, if one applies: the status the report is left in."""
    rule = routing.dispatching
    if rule is None:
        return Status.BARU
    # Nobody dispatched it: the system did, under a named routing rule (not the reporter who
    # filed it, nor the operator who typed it in).
    transition = await _apply(
        ticket_id,
        Action.DISPATCH,
        SYSTEM,
        now=now,
        agency_id=rule.agency_id,
        reason=ROUTING_RULE,
        extra={"rule": rule.rule_id, "rule_note": rule.rule_note},
        filing=filing,
    )
    return transition.to_status


def rule_may_dispatch(draft: ReportDraft, confident: bool) -> bool:
    """Whether a routing rule dispatches `draft` without a verifier, unless `held_for_verifier`.

    Only a confident rule does, and never for a phone report (its content is a recording) nor
    one flagged incomplete or a likely prank: those always go past a person. Pure, so the demo
    plans its history with the same rule."""
    return (
        confident
        and draft.channel is not Channel.TELEPON
        and not draft.incomplete
        and not draft.likely_prank
    )


def held_for_verifier(
    draft: ReportDraft, agency_id: int | None, agencies: list[conflicts.AgencyName]
) -> str:
    """Why a report a confident rule would dispatch waits for a verifier instead ("" if not).

    A `rahasia` report is read by the central unit first: it is often about staff, and its
    identity is the central unit's alone to protect. A report naming the agency it would go to
    is about that agency (directory.conflicts)."""
    if draft.privacy is Privacy.RAHASIA:
        return "rahasia"
    text = " ".join((draft.title, draft.description, draft.location_text))
    if conflicts.names_target(text, agency_id, agencies):
        return "names_agency"
    return ""


async def load_ticket(ticket_id: int, *, for_update: bool = False) -> TicketRow:
    query = Ticket.select(exclude_secrets=True).where(Ticket.id == ticket_id)
    if for_update and not is_sqlite():
        # Two officers acting on one ticket at once: the second waits and sees the first's
        # result, so its transition is checked against the real current status.
        query = query.lock_rows("UPDATE", of=(Ticket,))
    row = await query.output(load_json=True).first()
    if row is None:
        raise NotFound(N_("Report not found."))
    return cast(TicketRow, row)


async def find_by_reference(ref: str) -> TicketRow:
    row = (
        await Ticket.select(exclude_secrets=True)
        .where(Ticket.reference == reference.normalize(ref))
        .output(load_json=True)
        .first()
    )
    if row is None:
        raise NotFound(N_("Report not found."))
    return cast(TicketRow, row)


async def references(ticket_ids: list[int]) -> dict[int, str]:
    """The reference number of each ticket, by id (for lists that name reports)."""
    if not ticket_ids:
        return {}
    rows = await Ticket.select(Ticket.id, Ticket.reference).where(Ticket.id.is_in(ticket_ids))
    return {r["id"]: r["reference"] for r in rows}


async def perform(
    ticket_id: int,
    action: Action,
    *,
    actor: Actor,
    body: str = "",
    agency_id: int | None = None,
    reason: str = "",
    duplicate_of: int | None = None,
) -> Transition:
    """Move a ticket through its lifecycle (one transaction); see lifecycle.TRANSITIONS."""
    now = clock.now()
    async with transaction():
        return await _apply(
            ticket_id,
            action,
            actor,
            now=now,
            body=body,
            agency_id=agency_id,
            reason=reason,
            duplicate_of=duplicate_of,
        )


async def auto_close(ticket_id: int, *, at: datetime) -> Transition:
    """The worker closes an answered report whose auto-close deadline passed, as of the sweep's
    instant `at` and inside the sweep's transaction (with the claim of the clock)."""
    async with transaction():
        return await _apply(ticket_id, Action.AUTO_CLOSE, WORKER, now=at)


async def _apply(
    ticket_id: int,
    action: Action,
    actor: Actor,
    *,
    now: datetime,
    body: str = "",
    agency_id: int | None = None,
    reason: str = "",
    duplicate_of: int | None = None,
    extra: dict[str, Any] | None = None,
    filing: _Filing | None = None,
) -> Transition:
    """One lifecycle step, the same for every action: check the move (lifecycle), run the
    action's effect (effects.EFFECTS), then write the ticket, its event, the publication and
    the reporter's notice.

    `filing`: the step is taken on a report being filed in this transaction (create_report):
    its row is the one written, and its publication and notice are left to create_report."""
    ticket = filing.ticket if filing else await load_ticket(ticket_id, for_update=True)
    resume_to = Status(ticket["resume_status"]) if ticket["resume_status"] else None
    transition = next_status(Status(ticket["status"]), action, resume_status=resume_to)
    step = Step(
        ticket,
        transition,
        actor,
        now,
        body=body.strip(),
        agency_id=agency_id,
        reason=reason,
        duplicate_of=duplicate_of,
        data={"action": action.value, **(extra or {})},
    )
    await EFFECTS[action](step)
    changes = {Ticket.status: transition.to_status.value, Ticket.updated_at: now, **step.changes}
    await Ticket.update(changes).where(Ticket.id == ticket_id)
    event_id = await add_event(
        ticket_id,
        EventKind.STATUS_CHANGED,
        actor,
        at=now,
        public=step.public,
        body=step.body,
        from_status=transition.from_status.value,
        to_status=transition.to_status.value,
        data=step.data,
    )
    if filing is not None:
        filing.ticket = cast(TicketRow, {**ticket, **{c._meta.name: v for c, v in changes.items()}})
        filing.announce = step.public
        if filing.reporter is not None:
            filing.messages += await notices.of_step_to(
                filing.reporter, ticket, transition, event_id=event_id, params=step.notice
            )
        return transition
    await publication.refresh(ticket_id, at=now, announce=step.public, publish=step.publish)
    if ticket["reporter"] is not None:
        await notices.of_step(ticket, transition, event_id=event_id, now=now, params=step.notice)
    return transition


async def reply(ticket_id: int, body: str, *, actor: Actor, public: bool) -> int:
    """A public answer or an internal note without a change of status."""
    body = body.strip()
    if not body:
        raise ValidationFailed([FieldError("body", N_("Write the text first."))])
    now = clock.now()
    async with transaction():
        ticket = await load_ticket(ticket_id, for_update=True)
        if Status(ticket["status"]) in (Status.DITOLAK, Status.DUPLIKAT, Status.DIARSIPKAN):
            raise Conflict(N_("This report is closed."))
        kind = EventKind.PUBLIC_REPLY if public else EventKind.INTERNAL_NOTE
        event_id = await add_event(ticket_id, kind, actor, at=now, public=public, body=body)
        if public and ticket["agency"] is not None:
            # An agency's first public word to the reporter meets its first-response clock.
            await clocks.stop(ticket_id, ClockKind.FIRST_RESPONSE, at=now)
            if ticket["first_response_at"] is None:
                await Ticket.update({Ticket.first_response_at: now, Ticket.updated_at: now}).where(
                    Ticket.id == ticket_id
                )
        if public:
            reporter_row = await notices.reporter_of(ticket)
            if reporter_row is not None:
                text = messages.public_reply(
                    reporter_row["locale"],
                    reference=ticket["reference"],
                    agency=await notices.agency_name(ticket["agency"])
                    or t(reporter_row["locale"], messages.CENTRAL_UNIT_NAME),
                    url=get_settings().public_url,
                )
                await notices.send(ticket_id, reporter_row, text, event_id=event_id, now=now)
        return event_id


async def add_information(ticket_id: int, body: str, *, actor: Actor = REPORTER) -> int:
    """The reporter adds information; a ticket waiting for it resumes (and so do its clocks)."""
    body = body.strip()
    if not body:
        raise ValidationFailed([FieldError("body", N_("Write the information first."))])
    now = clock.now()
    async with transaction():
        ticket = await load_ticket(ticket_id, for_update=True)
        status = Status(ticket["status"])
        if status in (Status.DITOLAK, Status.DUPLIKAT, Status.DIARSIPKAN):
            raise Conflict(N_("This report is closed."))
        event_id = await add_event(
            ticket_id, EventKind.INFO_ADDED, actor, at=now, public=True, body=body
        )
        if status is Status.PERLU_DILENGKAPI:
            await _apply(ticket_id, Action.PROVIDE_INFO, actor, now=now)
        return event_id


async def rate(ticket_id: int, rating: int, comment: str = "", *, actor: Actor = REPORTER) -> None:
    """The reporter rates the answer (1–5); rating an answered ticket also confirms it."""
    if not 1 <= rating <= 5:
        raise ValidationFailed([FieldError("rating", N_("Choose a rating from 1 to 5."))])
    now = clock.now()
    async with transaction():
        ticket = await load_ticket(ticket_id, for_update=True)
        status = Status(ticket["status"])
        if status not in (Status.DITANGGAPI, Status.SELESAI):
            raise Conflict(N_("A report can be rated once it has been answered."))
        await Ticket.update(
            {Ticket.rating: rating, Ticket.rating_comment: comment.strip()[:2000]}
        ).where(Ticket.id == ticket_id)
        await add_event(
            ticket_id,
            EventKind.RATED,
            actor,
            at=now,
            public=True,
            body=comment.strip()[:2000],
            data={"rating": rating},
        )
        if status is Status.DITANGGAPI:
            await _apply(ticket_id, Action.CONFIRM, actor, now=now)


async def redact(ticket_id: int, text: str, *, actor: Actor) -> bool:
    """The verifier's publishing step: the report's text with personal data removed.

    Published at once when the report may be published (publication.is_publishable), otherwise
    when it is verified. Returns False when the text was already that."""
    text = text.strip()
    now = clock.now()
    async with transaction():
        ticket = await load_ticket(ticket_id, for_update=True)
        if Status(ticket["status"]) in CLOSED_UNRESOLVED:
            raise Conflict(N_("This report is closed."))
        if ticket["public_description"] == text:
            return False
        changes: dict[Any, Any] = {Ticket.public_description: text, Ticket.updated_at: now}
        if ticket["verified_at"] is None and Status(ticket["status"]) is not Status.BARU:
            # Dispatched by a confident routing rule, so nobody had read it: the verifier who
            # redacts it has, and that is what publication needs.
            changes[Ticket.verified_at] = now
        await Ticket.update(changes).where(Ticket.id == ticket_id)
        await add_event(
            ticket_id,
            EventKind.EDITED,
            actor,
            at=now,
            public=False,
            data={
                "fields": ["public_description"],
                "before": {"public_description": ticket["public_description"]},
                "after": {"public_description": text},
            },
        )
        await publication.refresh(ticket_id, at=now, announce=False, publish=True)
    return True


# Texts of the history that may be published once redacted: what the agency wrote to the
# reporter and what the reporter added. Internal notes are never published.
PUBLISHABLE_EVENTS = frozenset(
    {EventKind.STATUS_CHANGED, EventKind.PUBLIC_REPLY, EventKind.INFO_ADDED, EventKind.RATED}
)
MAX_PUBLISHED_TEXT = 4000


async def publish_update(
    ticket_id: int,
    event_id: int,
    text: str,
    *,
    actor: Actor,
    checked: bool,
    central_unit: bool,
) -> int:
    """Someone on staff publishes a text of the report's history, redacted by them.

    Never by default: the caller confirms (`checked`) that they read it for personal data.
    Never for `rahasia` reports, and only once the report's own text is published. What the
    reporter wrote after filing is published only by the central unit, as their report was."""
    text = text.strip()
    errors = []
    if not text:
        errors.append(FieldError("text", N_("Write the text to publish.")))
    elif len(text) > MAX_PUBLISHED_TEXT:
        errors.append(FieldError("text", N_("The text is too long.")))
    if not checked:
        errors.append(
            FieldError("checked", N_("Confirm that you removed every name, number and address."))
        )
    if errors:
        raise ValidationFailed(errors)
    now = clock.now()
    async with transaction():
        ticket = await load_ticket(ticket_id, for_update=True)
        if ticket["privacy"] == Privacy.RAHASIA.value:
            raise Forbidden(N_("A confidential report is never published."))
        if not publication.is_publishable(ticket):
            raise Conflict(N_("Publish the redacted text of the report first."))
        source = (
            await TicketEvent.select(TicketEvent.kind, TicketEvent.actor_type, TicketEvent.public)
            .where((TicketEvent.id == event_id) & (TicketEvent.ticket == ticket_id))
            .first()
        )
        if (
            source is None
            or not source["public"]
            or EventKind(source["kind"]) not in PUBLISHABLE_EVENTS
        ):
            raise NotFound(N_("This entry cannot be published."))
        if source["actor_type"] == ActorType.REPORTER.value and not central_unit:
            raise Forbidden(N_("Only the central hotline unit publishes what a reporter wrote."))
        key = f"published:{event_id}"
        if await TicketEvent.exists().where(TicketEvent.dedupe_key == key):
            raise Conflict(N_("This entry is already published."))
        update_id = await gate.publish_update(ticket_id, text, at=now)
        await add_event(
            ticket_id,
            EventKind.UPDATE_PUBLISHED,
            actor,
            at=now,
            public=False,
            body=text,
            data={"source": event_id, "update": update_id},
            dedupe_key=key,
        )
        return update_id


REFUSED = N_(
    "The reference or the PIN is not right. After several wrong tries, wait {minutes} minutes"
    " before trying again."
)
# Checked against when the reference is unknown: the same HMAC as for a real report.
_NO_PIN = "hmac-sha256$0000000000000000$" + "0" * 64


# One new PIN per report in this time at most: a stranger who knows a reference cannot keep
# replacing the owner's PIN (each new one still goes only to the owner's own contact).
PIN_RESET_INTERVAL = timedelta(minutes=15)


async def reset_pin(ticket_ref: str) -> None:
    """The reporter forgot their PIN: a new one goes to the contact on file, never elsewhere.

    Says nothing to the caller: a reference that does not exist, has no contact on file, or got
    a new PIN a moment ago is answered exactly like one whose PIN was sent (by the route)."""
    now = clock.now()
    secret = get_settings().secret_key
    async with transaction():
        ref = reference.normalize(ticket_ref)
        ticket = (
            await Ticket.select(Ticket.id, Ticket.reference, Ticket.reporter, Ticket.channel)
            .where(Ticket.reference == ref)
            .first()
            if ref
            else None
        )
        if ticket is None:
            return
        reporter_row = await notices.reporter_of(ticket)
        recent = await TicketEvent.exists().where(
            (TicketEvent.ticket == ticket["id"])
            & (TicketEvent.kind == EventKind.PIN_RESET.value)
            & (TicketEvent.at > now - PIN_RESET_INTERVAL)
        )
        reachable = reporter_row is not None and notices.reachable(reporter_row, ticket["channel"])
        if reporter_row is None or not reachable or recent:
            return
        pin = pins.new_pin()
        await Ticket.update({Ticket.pin_hash: pins.hash_pin(pin, secret)}).where(
            Ticket.id == ticket["id"]
        )
        event_id = await add_event(ticket["id"], EventKind.PIN_RESET, SYSTEM, at=now, public=False)
        text = messages.new_pin(reporter_row["locale"], reference=ticket["reference"], pin=pin)
        await notices.send(
            ticket["id"], reporter_row, text, event_id=event_id, now=now, sensitive=True
        )


async def check_pin(
    ticket_ref: str, pin: str, *, client: str, limiter: pins.Limiter | None = None
) -> TicketRow:
    """Open a report with its PIN, for `client` (an address, or "phone:<number>").

    Every refusal is the same NotFound: wrong PIN, unknown reference, a locked client or a
    reference slowing down (docs/DECISIONS.md, "Lockouts"); an unknown reference takes the same
    steps as a wrong PIN, so neither the answer nor the work says which references exist.
    """
    limiter = limiter or pins.shared()
    now = clock.now()
    secret = get_settings().secret_key
    attempt = pins.Attempt(client=client, reference=reference.normalize(ticket_ref))
    admitted = await pins.admitted(limiter, attempt, now)
    row = (
        await Ticket.select(Ticket.id, Ticket.pin_hash)
        .where(Ticket.reference == attempt.reference)
        .first()
    )
    right = pins.pin_matches(pin, row["pin_hash"] if row else _NO_PIN, secret)
    if admitted and row is not None and right:
        await pins.succeeded(limiter, attempt)
        return await load_ticket(row["id"])
    if admitted and await pins.failed(limiter, attempt, now) and row is not None:
        async with transaction():
            await add_event(
                row["id"],
                EventKind.PIN_LOCKED,
                SYSTEM,
                at=now,
                public=False,
                data={"slowed_from": now.isoformat()},
            )
    raise NotFound(REFUSED, minutes=int(pins.LOCKOUT.total_seconds() // 60))


@dataclass(frozen=True)
class Identity:
    name: str
    phone: str
    email: str


async def reporter_identity(ticket_id: int, *, actor: Actor, central_unit: bool) -> Identity:
    """Who reported, for a staff member allowed to know; every look is recorded in the history.

    anonim: nobody on the staff; rahasia: the central unit only; publik: the staff handling it.
    """
    now = clock.now()
    async with transaction():
        ticket = await load_ticket(ticket_id)
        if not staff_may_see_identity(Privacy(ticket["privacy"]), central_unit=central_unit):
            raise Forbidden(N_("The reporter chose not to be identified to you."))
        row = await notices.reporter_of(ticket)
        await add_event(
            ticket_id,
            EventKind.IDENTITY_VIEWED,
            actor,
            at=now,
            public=False,
            data={"central_unit": central_unit},
        )
    if row is None:
        return Identity("", "", "")
    return Identity(row["name"], row["phone"], row["email"])
