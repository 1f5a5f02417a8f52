"""What each lifecycle action does beyond changing the status: its fields, clocks and notice.

`lifecycle.TRANSITIONS` says (purely) where an action may start and where it leads; here each
action has its one effect, registered with `@effect(Action.X)` in `EFFECTS`. The service's
`_apply` checks the move, runs the action's effect on a `Step`, then writes the ticket, its
history event, the publication and the reporter's notice the same way for every action. Adding
an action is an entry in the table and a function here; a unit test checks every action has
exactly one effect.

An effect validates what it was given before it writes anything (a refused step leaves no
clock moved), and runs in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hotline.directory.service import agency_by_id, policy_for
from hotline.errors import FieldError, ValidationFailed
from hotline.i18n import N_
from hotline.sla.policy import ClockKind, Policy
from hotline.tickets import clocks
from hotline.tickets.actors import Actor
from hotline.tickets.lifecycle import (
    Action,
    RejectReason,
    Status,
    Transition,
)
from hotline.tickets.notices import agency_name
from hotline.tickets.records import TicketRow
from hotline.tickets.tables import Ticket


@dataclass
class Step:
    """One action being applied to a locked ticket: what was asked, and what its effect adds."""

    ticket: TicketRow  # the ticket's row as it was before the step
    transition: Transition
    actor: Actor
    now: datetime
    body: str = ""  # stripped: the text of the step's event
    agency_id: int | None = None
    reason: str = ""
    duplicate_of: int | None = None
    # Filled by the effect: the ticket's columns to change (beside status and updated_at), the
    # event's data, the parameters of the reporter's message (lifecycle.NOTIFY_REPORTER).
    changes: dict[Any, Any] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    notice: dict[str, str] = field(default_factory=dict)
    # Whether the event is public and the status change announced on the publication gate, and
    # whether the step publishes the redacted text (publication.refresh).
    public: bool = True
    publish: bool = False

    @property
    def ticket_id(self) -> int:
        return int(self.ticket["id"])

    @property
    def policy(self) -> Policy:
        """The SLA policy snapshot stored on the ticket."""
        return Policy.from_dict(self.ticket["sla_policy"])


Effect = Callable[[Step], Awaitable[None]]

EFFECTS: dict[Action, Effect] = {}


def effect(action: Action) -> Callable[[Effect], Effect]:
    """Register the decorated function as `action`'s one effect."""

    def register(fn: Effect) -> Effect:
        if action in EFFECTS:
            raise RuntimeError(f"{action} already has an effect: {EFFECTS[action].__name__}")
        EFFECTS[action] = fn
        return fn

    return register


def _refuse(field_name: str, message: str) -> ValidationFailed:
    return ValidationFailed([FieldError(field_name, message)])


# -- verification ---------------------------------------------------------------------------


@effect(Action.VERIFY)
async def verify(step: Step) -> None:
    step.changes[Ticket.verified_at] = step.now
    # The verifier has read the report: its redacted text may now be published.
    step.publish = True


@effect(Action.REQUEST_INFO)
async def request_info(step: Step) -> None:
    if not step.body:
        raise _refuse("body", N_("Write what information is needed."))
    # The reporter's answer returns the ticket here and nowhere else (lifecycle.next_status).
    step.changes[Ticket.resume_status] = step.transition.from_status.value
    await clocks.pause(step.ticket_id, at=step.now)


@effect(Action.PROVIDE_INFO)
async def provide_info(step: Step) -> None:
    step.changes[Ticket.resume_status] = ""
    await clocks.resume_all(step.ticket_id, at=step.now)


# -- closed without resolution --------------------------------------------------------------


async def _close_unresolved(step: Step) -> None:
    """Closed, not resolved: verification counts as done; the agency's clocks just stop."""
    await clocks.stop(step.ticket_id, ClockKind.VERIFICATION, at=step.now, counts=True)
    await clocks.stop(
        step.ticket_id, ClockKind.FIRST_RESPONSE, ClockKind.RESOLUTION, at=step.now, counts=False
    )
    step.changes[Ticket.closed_at] = step.now


@effect(Action.REJECT)
async def reject(step: Step) -> None:
    try:
        why = RejectReason(step.reason)
    except ValueError:
        raise _refuse("reason", N_("Choose why the report is rejected.")) from None
    step.changes[Ticket.reject_reason] = why.value
    step.data["reason"] = why.value
    step.notice["reason"] = why.label  # a msgid, read in the reporter's language
    step.notice["explanation"] = step.body  # the verifier's words to the reporter, if any
    await _close_unresolved(step)


@effect(Action.MERGE)
async def merge(step: Step) -> None:
    other = await _merge_target(step.ticket_id, step.duplicate_of)
    step.changes[Ticket.duplicate_of] = other["id"]
    step.data["duplicate_of"] = other["reference"]
    step.notice["other"] = other["reference"]
    await _close_unresolved(step)


@effect(Action.ARCHIVE)
async def archive(step: Step) -> None:
    await _close_unresolved(step)


@effect(Action.WITHDRAW)
async def withdraw(step: Step) -> None:
    await _close_unresolved(step)


async def _merge_target(ticket_id: int, other_id: int | None) -> dict[str, Any]:
    if other_id is None or other_id == ticket_id:
        raise _refuse("duplicate_of", N_("Choose the report this one duplicates."))
    other = (
        await Ticket.select(Ticket.id, Ticket.reference, Ticket.status)
        .where(Ticket.id == other_id)
        .first()
    )
    if other is None or other["status"] == Status.DUPLIKAT.value:
        raise _refuse("duplicate_of", N_("A report cannot be merged into that one."))
    return other


# -- to an agency and back ------------------------------------------------------------------


@effect(Action.DISPATCH)
async def dispatch(step: Step) -> None:
    agency_id, agency = await _chosen_agency(step)
    await _to_agency(step, agency_id, agency)


@effect(Action.TRANSFER)
async def transfer(step: Step) -> None:
    agency_id, agency = await _chosen_agency(step)
    if agency_id == step.ticket["agency"]:
        raise _refuse("agency", N_("The report is already with this agency."))
    if not step.reason.strip():
        raise _refuse("reason", N_("Give the reason for the transfer."))
    step.changes[Ticket.transfer_count] = step.ticket["transfer_count"] + 1
    # The agency it leaves stops its response clock uncounted (neither met nor missed).
    await clocks.stop(step.ticket_id, ClockKind.FIRST_RESPONSE, at=step.now, counts=False)
    await _to_agency(step, agency_id, agency)


async def _chosen_agency(step: Step) -> tuple[int, dict[str, Any]]:
    if step.agency_id is None:
        raise _refuse("agency", N_("Choose the agency."))
    row = await agency_by_id(step.agency_id)
    if row is None or not row["active"]:
        raise _refuse("agency", N_("This agency does not exist."))
    return step.agency_id, row


async def _to_agency(step: Step, agency_id: int, agency: dict[str, Any]) -> None:
    """Disposition (first or by transfer): the agency's clocks start, verification's stops."""
    ticket, now = step.ticket, step.now
    step.data.update(
        agency=agency["code"], from_agency=ticket["agency"], reason=step.reason.strip()
    )
    step.notice["agency"] = agency["name"]
    step.changes[Ticket.agency] = agency_id
    step.changes[Ticket.assignee] = None
    if ticket["dispatched_at"] is None:
        step.changes[Ticket.dispatched_at] = now
    # The agency may have its own policy for this category: snapshot it as its clocks start.
    policy = await policy_for(ticket["category"], agency_id)
    step.changes[Ticket.sla_policy] = policy.to_dict()
    await clocks.stop(step.ticket_id, ClockKind.VERIFICATION, at=now, counts=True)
    await clocks.start(
        step.ticket_id, ClockKind.FIRST_RESPONSE, policy.first_response, at=now, agency_id=agency_id
    )
    # The reporter's end-to-end clock starts at the first disposition and survives transfers.
    if await clocks.running_due(step.ticket_id, ClockKind.RESOLUTION) is None:
        await clocks.start(
            step.ticket_id, ClockKind.RESOLUTION, policy.resolution, at=now, agency_id=agency_id
        )


@effect(Action.ACCEPT)
async def accept(step: Step) -> None:
    step.notice["agency"] = await agency_name(step.ticket["agency"])
    if step.actor.user_id is not None and step.ticket["assignee"] is None:
        step.changes[Ticket.assignee] = step.actor.user_id


@effect(Action.NOT_OUR_MANDATE)
async def not_our_mandate(step: Step) -> None:
    reason = step.reason.strip()
    if not reason:
        raise _refuse("reason", N_("Explain why this is not your agency's mandate."))
    step.data.update(from_agency=step.ticket["agency"], reason=reason)
    # The reason is internal: the public sees no change of hands, only the new status.
    step.public = False
    step.changes[Ticket.agency] = None
    step.changes[Ticket.assignee] = None
    await clocks.stop(step.ticket_id, ClockKind.FIRST_RESPONSE, at=step.now, counts=False)
    # Back with the central unit, which gets a fresh verification clock to re-route it.
    await clocks.start(
        step.ticket_id,
        ClockKind.VERIFICATION,
        step.policy.verification,
        at=step.now,
        agency_id=None,
    )


# -- answered, resolved, reopened -----------------------------------------------------------


@effect(Action.ANSWER)
async def answer(step: Step) -> None:
    if not step.body:
        raise _refuse("body", N_("Write the answer to the reporter."))
    ticket, now = step.ticket, step.now
    step.notice["agency"] = await agency_name(ticket["agency"])
    if ticket["first_response_at"] is None:
        step.changes[Ticket.first_response_at] = now
    step.changes[Ticket.answered_at] = now
    await clocks.stop(step.ticket_id, ClockKind.FIRST_RESPONSE, ClockKind.RESOLUTION, at=now)
    await clocks.start(
        step.ticket_id,
        ClockKind.AUTO_CLOSE,
        step.policy.auto_close,
        at=now,
        agency_id=ticket["agency"],
    )


async def _resolve(step: Step, *, confirmed_by: str) -> None:
    # Who closed it is recorded, so confirmations and timeouts are reported apart.
    step.data["confirmed_by"] = confirmed_by
    step.changes[Ticket.resolved_at] = step.now
    step.changes[Ticket.closed_at] = step.now
    await clocks.stop(step.ticket_id, ClockKind.AUTO_CLOSE, at=step.now, counts=False)


@effect(Action.CONFIRM)
async def confirm(step: Step) -> None:
    await _resolve(step, confirmed_by="reporter")


@effect(Action.AUTO_CLOSE)
async def auto_close(step: Step) -> None:
    await _resolve(step, confirmed_by="timeout")


@effect(Action.DISPUTE)
async def dispute(step: Step) -> None:
    ticket, now = step.ticket, step.now
    step.notice["agency"] = await agency_name(ticket["agency"])
    step.changes[Ticket.reopen_count] = ticket["reopen_count"] + 1
    step.changes[Ticket.resolved_at] = None
    step.changes[Ticket.closed_at] = None
    await clocks.stop(step.ticket_id, ClockKind.AUTO_CLOSE, at=now, counts=False)
    # "Belum selesai": a new resolution clock, the reporter's old one having stopped at the answer.
    await clocks.start(
        step.ticket_id,
        ClockKind.RESOLUTION,
        step.policy.resolution,
        at=now,
        agency_id=ticket["agency"],
    )
