"""The ticket core's operations: file a report, move it through its lifecycle, reply, rate.

Each operation is one transaction: the ticket change, its history event, its clock changes and
the outbox rows for the messages it causes are written together or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from hotline import clock
from hotline.db.tx import is_sqlite, transaction
from hotline.directory import conflicts
from hotline.directory.service import agency_names, policy_for, region_by_code, route_report
from hotline.directory.tables import Agency, Category
from hotline.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed
from hotline.i18n import N_, t
from hotline.notify.outbox import enqueue
from hotline.notify.senders.base import Channel as MessageChannel
from hotline.publication import gate
from hotline.settings import get_settings
from hotline.sla.policy import ClockKind, Policy
from hotline.tickets import clocks, messages, pins, publication, reference
from hotline.tickets.channels import Channel
from hotline.tickets.drafts import ReportDraft, validate
from hotline.tickets.events import ROUTING_RULE, ActorType, EventKind
from hotline.tickets.lifecycle import (
    CLOSED_UNRESOLVED,
    NOTIFY_REPORTER,
    Action,
    RejectReason,
    Status,
    Transition,
    next_status,
)
from hotline.tickets.privacy import Privacy, staff_may_see_identity
from hotline.tickets.tables import Reporter, Ticket, TicketEvent


@dataclass(frozen=True)
class Actor:
    type: ActorType
    user_id: int | None = None
    name: str = ""


SYSTEM = Actor(ActorType.SYSTEM)
WORKER = Actor(ActorType.WORKER)
REPORTER = Actor(ActorType.REPORTER)


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
    rows = await TicketEvent.insert(
        TicketEvent(
            ticket=ticket_id,
            at=at,
            kind=kind.value,
            actor_type=actor.type.value,
            actor=actor.user_id,
            from_status=from_status,
            to_status=to_status,
            public=public,
            body=body,
            data=data or {},
            dedupe_key=dedupe_key,
        )
    ).returning(TicketEvent.id)
    return int(rows[0]["id"])


async def _category_id(code: str | None) -> int | None:
    if not code:
        return None
    row = (
        await Category.select(Category.id)
        .where((Category.service_code == code) & Category.active.eq(True))
        .first()
    )
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
    draft = validate(draft)
    now = clock.now()
    category_id = await _category_id(draft.category_code)
    region_id = await _region_id(draft.region_code)
    settings = get_settings()
    async with transaction():
        reporter_id = None
        r = draft.reporter
        if r.name or r.phone or r.email:
            rows = await Reporter.insert(
                Reporter(
                    name=r.name,
                    phone=r.phone,
                    email=r.email,
                    locale=r.locale,
                    sms_consent=r.sms_consent,
                    created_at=now,
                )
            ).returning(Reporter.id)
            reporter_id = rows[0]["id"]
        pin = pins.new_pin()
        routed = await route_report(category_id, draft.category_code, draft.region_code)
        agency_id, confident = (routed.agency_id, routed.confident) if routed else (None, False)
        auto_dispatch = rule_may_dispatch(draft, confident)
        held = held_for_verifier(draft, agency_id, await agency_names()) if auto_dispatch else ""
        auto_dispatch = auto_dispatch and not held
        policy = await policy_for(category_id, agency_id)
        # 10^7 random references a year: a clash is rare. The unique index decides (no check
        # before, which another transaction could overtake); a clash inserts nothing, and a
        # new reference is drawn, without aborting the transaction as a violation would.
        while True:
            ticket = Ticket(
                reference=reference.new_reference(now.date()),
                pin_hash=pins.hash_pin(pin, settings.secret_key),
                channel=draft.channel.value,
                status=Status.BARU.value,
                privacy=draft.privacy.value,
                reporter=reporter_id,
                category=category_id,
                region=region_id,
                location_text=draft.location_text,
                latitude=draft.latitude,
                longitude=draft.longitude,
                title=draft.title,
                description=draft.description,
                proposed_agency=agency_id,
                incomplete=draft.incomplete,
                likely_prank=draft.likely_prank,
                sla_policy=policy.to_dict(),
                attributes=draft.attributes,
                external_id=draft.external_id,
                created_at=now,
                updated_at=now,
            )
            rows = await (
                Ticket.insert(ticket)
                .on_conflict(target=Ticket.reference, action="DO NOTHING")
                .returning(Ticket.id)
            )
            if rows:
                break
        ref = ticket.reference
        ticket_id = int(rows[0]["id"])
        event_id = await add_event(
            ticket_id,
            EventKind.CREATED,
            actor,
            at=now,
            public=True,
            to_status=Status.BARU.value,
            data={
                "channel": draft.channel.value,
                "incomplete": draft.incomplete,
                **({"held": held} if held else {}),
            },
        )
        due = await clocks.start(
            ticket_id, ClockKind.VERIFICATION, policy.verification, at=now, agency_id=None
        )
        await publication.refresh(ticket_id, at=now, announce=False)
        if reporter_id is not None:
            # Phone callers cannot write the PIN down while listening: they get it by SMS.
            with_pin = draft.send_pin or draft.channel in (Channel.TELEPON, Channel.OPERATOR)
            text = messages.received(
                r.locale, reference=ref, pin=pin if with_pin else None, url=settings.public_url
            )
            contact = {"phone": r.phone, "email": r.email, "sms_consent": r.sms_consent}
            await _send_to_reporter(
                ticket_id, contact, text, event_id=event_id, now=now, sensitive=with_pin
            )
        status = Status.BARU
        if auto_dispatch:
            assert routed is not None
            # Nobody dispatched it: the system did, under a named routing rule (not the reporter
            # who filed it, nor the operator who typed it in).
            transition = await _apply(
                ticket_id,
                Action.DISPATCH,
                SYSTEM,
                now=now,
                agency_id=routed.agency_id,
                body="",
                reason=ROUTING_RULE,
                extra={"rule": routed.rule_id, "rule_note": routed.rule_note},
            )
            status = transition.to_status
    return CreatedReport(ticket_id, ref, pin, status, agency_id, due)


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


async def _reporter_of(ticket: dict[str, Any]) -> dict[str, Any] | None:
    """The report's reporter row, or None (an anonymous report without contact has none)."""
    if ticket["reporter"] is None:
        return None
    return await Reporter.select().where(Reporter.id == ticket["reporter"]).first()  # type: ignore[no-any-return]


def _reachable(reporter_row: dict[str, Any]) -> bool:
    """Whether a message can reach the reporter: SMS with their consent, or e-mail."""
    return bool((reporter_row["phone"] and reporter_row["sms_consent"]) or reporter_row["email"])


async def _send_to_reporter(
    ticket_id: int,
    reporter_row: dict[str, Any],
    text: messages.Text,
    *,
    event_id: int,
    now: datetime,
    sensitive: bool = False,
) -> None:
    """Queue `text` to the reporter's phone (if they allow SMS) and e-mail (if given)."""
    if reporter_row["phone"] and reporter_row["sms_consent"]:
        await enqueue(
            channel=MessageChannel.SMS,
            recipient=reporter_row["phone"],
            body=text.body,
            dedupe_key=f"event:{event_id}:sms",
            now=now,
            about=messages.about(ticket_id),
            sensitive=sensitive,
        )
    if reporter_row["email"]:
        await enqueue(
            channel=MessageChannel.EMAIL,
            recipient=reporter_row["email"],
            subject=text.subject,
            body=text.body,
            dedupe_key=f"event:{event_id}:email",
            now=now,
            about=messages.about(ticket_id),
            sensitive=sensitive,
        )


async def load_ticket(ticket_id: int, *, for_update: bool = False) -> dict[str, Any]:
    query = Ticket.select().where(Ticket.id == ticket_id)
    if for_update and not is_sqlite():
        # Two officers acting on one ticket at once: the second waits and sees the first's
        # result, so its transition is checked against the real current status.
        query = query.lock_rows("UPDATE", of=(Ticket,))
    row = await query.output(load_json=True).first()
    if row is None:
        raise NotFound(N_("Report not found."))
    return row


async def find_by_reference(ref: str) -> dict[str, Any]:
    row = await Ticket.select().where(Ticket.reference == reference.normalize(ref)).first()
    if row is None:
        raise NotFound(N_("Report not found."))
    return row


async def _agency(agency_id: int) -> dict[str, Any]:
    row = await Agency.select().where(Agency.id == agency_id).first()
    if row is None or not row["active"]:
        raise ValidationFailed([FieldError("agency", N_("This agency does not exist."))])
    return row


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


def _policy(ticket: dict[str, Any]) -> Policy:
    return Policy.from_dict(ticket["sla_policy"])


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
) -> Transition:
    ticket = await load_ticket(ticket_id, for_update=True)
    current = Status(ticket["status"])
    resume_to = Status(ticket["resume_status"]) if ticket["resume_status"] else None
    transition = next_status(current, action, resume_status=resume_to)
    body = body.strip()
    changes: dict[Any, Any] = {Ticket.status: transition.to_status.value, Ticket.updated_at: now}
    data: dict[str, Any] = {"action": action.value, **(extra or {})}
    public = True
    notice: dict[str, str] = {}
    policy = _policy(ticket)

    if action is Action.VERIFY:
        changes[Ticket.verified_at] = now
    elif action is Action.REQUEST_INFO:
        if not body:
            raise ValidationFailed([FieldError("body", N_("Write what information is needed."))])
        changes[Ticket.resume_status] = current.value
        await clocks.pause(ticket_id, at=now)
    elif action is Action.PROVIDE_INFO:
        changes[Ticket.resume_status] = ""
        await clocks.resume_all(ticket_id, at=now)
    elif action in (Action.REJECT, Action.MERGE, Action.ARCHIVE, Action.WITHDRAW):
        if action is Action.REJECT:
            try:
                why = RejectReason(reason)
            except ValueError:
                raise ValidationFailed(
                    [FieldError("reason", N_("Choose why the report is rejected."))]
                ) from None
            changes[Ticket.reject_reason] = why.value
            data["reason"] = why.value
            notice["reason"] = why.label  # a msgid, translated in _notify
            notice["explanation"] = body  # the verifier's words to the reporter, if any
        if action is Action.MERGE:
            other = await _merge_target(ticket_id, duplicate_of)
            changes[Ticket.duplicate_of] = other["id"]
            data["duplicate_of"] = other["reference"]
            notice["other"] = other["reference"]
        await clocks.stop(ticket_id, ClockKind.VERIFICATION, at=now, counts=True)
        await clocks.stop(
            ticket_id, ClockKind.FIRST_RESPONSE, ClockKind.RESOLUTION, at=now, counts=False
        )
        changes[Ticket.closed_at] = now
    elif action in (Action.DISPATCH, Action.TRANSFER):
        if agency_id is None:
            raise ValidationFailed([FieldError("agency", N_("Choose the agency."))])
        agency = await _agency(agency_id)
        if action is Action.TRANSFER:
            if agency_id == ticket["agency"]:
                raise ValidationFailed(
                    [FieldError("agency", N_("The report is already with this agency."))]
                )
            if not reason.strip():
                raise ValidationFailed(
                    [FieldError("reason", N_("Give the reason for the transfer."))]
                )
            changes[Ticket.transfer_count] = ticket["transfer_count"] + 1
            await clocks.stop(ticket_id, ClockKind.FIRST_RESPONSE, at=now, counts=False)
        data.update(agency=agency["code"], from_agency=ticket["agency"], reason=reason.strip())
        notice["agency"] = agency["name"]
        changes[Ticket.agency] = agency_id
        changes[Ticket.assignee] = None
        if ticket["dispatched_at"] is None:
            changes[Ticket.dispatched_at] = now
        # The agency may have its own policy for this category: snapshot it as its clocks start.
        policy = await policy_for(ticket["category"], agency_id)
        changes[Ticket.sla_policy] = policy.to_dict()
        await clocks.stop(ticket_id, ClockKind.VERIFICATION, at=now, counts=True)
        await clocks.start(
            ticket_id, ClockKind.FIRST_RESPONSE, policy.first_response, at=now, agency_id=agency_id
        )
        # The reporter's end-to-end clock starts at the first disposition and survives transfers.
        if await clocks.running_due(ticket_id, ClockKind.RESOLUTION) is None:
            await clocks.start(
                ticket_id, ClockKind.RESOLUTION, policy.resolution, at=now, agency_id=agency_id
            )
    elif action is Action.ACCEPT:
        notice["agency"] = await _agency_name(ticket["agency"])
        if actor.user_id is not None and ticket["assignee"] is None:
            changes[Ticket.assignee] = actor.user_id
    elif action is Action.NOT_OUR_MANDATE:
        if not reason.strip():
            raise ValidationFailed(
                [FieldError("reason", N_("Explain why this is not your agency's mandate."))]
            )
        data.update(from_agency=ticket["agency"], reason=reason.strip())
        public = False
        changes[Ticket.agency] = None
        changes[Ticket.assignee] = None
        await clocks.stop(ticket_id, ClockKind.FIRST_RESPONSE, at=now, counts=False)
        # Back with the central unit, which gets a fresh verification clock to re-route it.
        await clocks.start(
            ticket_id, ClockKind.VERIFICATION, policy.verification, at=now, agency_id=None
        )
    elif action is Action.ANSWER:
        if not body:
            raise ValidationFailed([FieldError("body", N_("Write the answer to the reporter."))])
        notice["agency"] = await _agency_name(ticket["agency"])
        if ticket["first_response_at"] is None:
            changes[Ticket.first_response_at] = now
        changes[Ticket.answered_at] = now
        await clocks.stop(ticket_id, ClockKind.FIRST_RESPONSE, ClockKind.RESOLUTION, at=now)
        await clocks.start(
            ticket_id, ClockKind.AUTO_CLOSE, policy.auto_close, at=now, agency_id=ticket["agency"]
        )
    elif action in (Action.CONFIRM, Action.AUTO_CLOSE):
        data["confirmed_by"] = "reporter" if action is Action.CONFIRM else "timeout"
        changes[Ticket.resolved_at] = now
        changes[Ticket.closed_at] = now
        await clocks.stop(ticket_id, ClockKind.AUTO_CLOSE, at=now, counts=False)
    elif action is Action.DISPUTE:
        notice["agency"] = await _agency_name(ticket["agency"])
        changes[Ticket.reopen_count] = ticket["reopen_count"] + 1
        changes[Ticket.resolved_at] = None
        changes[Ticket.closed_at] = None
        await clocks.stop(ticket_id, ClockKind.AUTO_CLOSE, at=now, counts=False)
        await clocks.start(
            ticket_id, ClockKind.RESOLUTION, policy.resolution, at=now, agency_id=ticket["agency"]
        )

    await Ticket.update(changes).where(Ticket.id == ticket_id)
    event_id = await add_event(
        ticket_id,
        EventKind.STATUS_CHANGED,
        actor,
        at=now,
        public=public,
        body=body,
        from_status=transition.from_status.value,
        to_status=transition.to_status.value,
        data=data,
    )
    await publication.refresh(ticket_id, at=now, announce=public, publish=action is Action.VERIFY)
    if ticket["reporter"] is not None:
        await _notify(ticket, transition, event_id=event_id, now=now, params=notice)
    return transition


async def _merge_target(ticket_id: int, other_id: int | None) -> dict[str, Any]:
    if other_id is None or other_id == ticket_id:
        raise ValidationFailed(
            [FieldError("duplicate_of", N_("Choose the report this one duplicates."))]
        )
    other = (
        await Ticket.select(Ticket.id, Ticket.reference, Ticket.status)
        .where(Ticket.id == other_id)
        .first()
    )
    if other is None or other["status"] == Status.DUPLIKAT.value:
        raise ValidationFailed(
            [FieldError("duplicate_of", N_("A report cannot be merged into that one."))]
        )
    return other


async def _agency_name(agency_id: int | None) -> str:
    if agency_id is None:
        return ""
    row = await Agency.select(Agency.name).where(Agency.id == agency_id).first()
    return row["name"] if row else ""


async def _notify(
    ticket: dict[str, Any],
    transition: Transition,
    *,
    event_id: int,
    now: datetime,
    params: dict[str, str],
) -> None:
    if transition.action not in NOTIFY_REPORTER:
        return
    reporter_row = await _reporter_of(ticket)
    if reporter_row is None:
        return
    locale = reporter_row["locale"]
    # The reason is a label (msgid): it is read in the reporter's language. Names stay as they are.
    localized = {k: t(locale, v) if k == "reason" else v for k, v in params.items()}
    text = messages.for_action(
        locale,
        transition.action,
        status_label=t(locale, transition.to_status.label),
        reference=ticket["reference"],
        url=get_settings().public_url,
        **localized,
    )
    if text is not None:
        await _send_to_reporter(ticket["id"], reporter_row, text, event_id=event_id, now=now)


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
            reporter_row = await _reporter_of(ticket)
            if reporter_row is not None:
                text = messages.public_reply(
                    reporter_row["locale"],
                    reference=ticket["reference"],
                    agency=await _agency_name(ticket["agency"])
                    or t(reporter_row["locale"], messages.CENTRAL_UNIT_NAME),
                    url=get_settings().public_url,
                )
                await _send_to_reporter(ticket_id, reporter_row, text, event_id=event_id, now=now)
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
            await Ticket.select(Ticket.id, Ticket.reference, Ticket.reporter)
            .where(Ticket.reference == ref)
            .first()
            if ref
            else None
        )
        if ticket is None:
            return
        reporter_row = await _reporter_of(ticket)
        recent = await TicketEvent.exists().where(
            (TicketEvent.ticket == ticket["id"])
            & (TicketEvent.kind == EventKind.PIN_RESET.value)
            & (TicketEvent.at > now - PIN_RESET_INTERVAL)
        )
        if reporter_row is None or not _reachable(reporter_row) or recent:
            return
        pin = pins.new_pin()
        await Ticket.update({Ticket.pin_hash: pins.hash_pin(pin, secret)}).where(
            Ticket.id == ticket["id"]
        )
        event_id = await add_event(ticket["id"], EventKind.PIN_RESET, SYSTEM, at=now, public=False)
        text = messages.new_pin(reporter_row["locale"], reference=ticket["reference"], pin=pin)
        await _send_to_reporter(
            ticket["id"], reporter_row, text, event_id=event_id, now=now, sensitive=True
        )


async def check_pin(
    ticket_ref: str, pin: str, *, client: str, limiter: pins.Limiter | None = None
) -> dict[str, Any]:
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
        row = await _reporter_of(ticket)
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
