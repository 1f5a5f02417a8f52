"""The actions an officer takes on a ticket page, one entry each: the permission it needs, the
lifecycle action that must be allowed from the ticket's status (None: the status does not
change), and the small function that performs it from the submitted form.

Adding an action to the console is one entry here and its form in ticket.html."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from hotline.errors import FieldError, NotFound, ValidationFailed
from hotline.i18n import N_
from hotline.konsol import casework
from hotline.konsol.access import Perm, Staff
from hotline.konsol.common import to_int
from hotline.tickets import service
from hotline.tickets.lifecycle import Action

Form = dict[str, str]
Run = Callable[[Staff, int, Form], Awaitable[object]]


@dataclass(frozen=True)
class ConsoleAction:
    perm: Perm
    lifecycle: Action | None
    run: Run


def _lifecycle(action: Action, *, body: bool = False, reason: bool = False) -> Run:
    """A plain lifecycle action whose only inputs are the text and/or the reason."""

    async def run(staff: Staff, tid: int, data: Form) -> object:
        return await service.perform(
            tid,
            action,
            actor=staff.actor,
            body=data.get("body", "") if body else "",
            reason=data.get("reason", "") if reason else "",
        )

    return run


async def _dispatch(staff: Staff, tid: int, data: Form) -> None:
    await casework.dispatch(tid, staff, to_int(data.get("agency")), data.get("reason", ""))


async def _merge(staff: Staff, tid: int, data: Form) -> object:
    ref = data.get("duplicate_of", "").strip()
    other_id = None
    if ref:
        try:
            other_id = (await service.find_by_reference(ref))["id"]
        except NotFound:
            other_id = None
    if other_id is None:
        raise ValidationFailed(
            [FieldError("duplicate_of", N_("No report has this reference number."))]
        )
    return await service.perform(
        tid, Action.MERGE, actor=staff.actor, duplicate_of=other_id, body=data.get("body", "")
    )


async def _transfer(staff: Staff, tid: int, data: Form) -> object:
    return await service.perform(
        tid,
        Action.TRANSFER,
        actor=staff.actor,
        agency_id=to_int(data.get("agency")),
        reason=data.get("reason", ""),
    )


def _message(public: bool) -> Run:
    async def run(staff: Staff, tid: int, data: Form) -> object:
        return await service.reply(tid, data.get("body", ""), actor=staff.actor, public=public)

    return run


async def _assign(staff: Staff, tid: int, data: Form) -> None:
    await casework.assign(tid, staff, to_int(data.get("assignee")) or staff.id)


async def _correct(staff: Staff, tid: int, data: Form) -> None:
    await casework.correct(
        tid,
        staff,
        title=data.get("title", ""),
        description=data.get("description", ""),
        location_text=data.get("location_text", ""),
        category_code=data.get("category", ""),
        region_code=data.get("region", "").strip(),
    )


async def _redact(staff: Staff, tid: int, data: Form) -> None:
    await casework.redact(tid, staff, data.get("public_description", ""))


async def _publish(staff: Staff, tid: int, data: Form) -> object:
    return await service.publish_update(
        tid,
        to_int(data.get("event")) or 0,
        data.get("text", ""),
        actor=staff.actor,
        checked=data.get("checked") == "1",
        central_unit=staff.central_unit,
    )


ACTIONS: dict[str, ConsoleAction] = {
    "verify": ConsoleAction(Perm.VERIFY, Action.VERIFY, _lifecycle(Action.VERIFY)),
    "dispatch": ConsoleAction(Perm.DISPATCH, Action.DISPATCH, _dispatch),
    "reject": ConsoleAction(
        Perm.REJECT, Action.REJECT, _lifecycle(Action.REJECT, reason=True, body=True)
    ),
    "merge": ConsoleAction(Perm.MERGE, Action.MERGE, _merge),
    "request_info": ConsoleAction(
        Perm.REQUEST_INFO, Action.REQUEST_INFO, _lifecycle(Action.REQUEST_INFO, body=True)
    ),
    "accept": ConsoleAction(Perm.ACCEPT, Action.ACCEPT, _lifecycle(Action.ACCEPT)),
    "transfer": ConsoleAction(Perm.TRANSFER, Action.TRANSFER, _transfer),
    "not_our_mandate": ConsoleAction(
        Perm.NOT_OUR_MANDATE,
        Action.NOT_OUR_MANDATE,
        _lifecycle(Action.NOT_OUR_MANDATE, reason=True),
    ),
    "resolve": ConsoleAction(Perm.RESOLVE, Action.ANSWER, _lifecycle(Action.ANSWER, body=True)),
    "reply": ConsoleAction(Perm.REPLY, None, _message(public=True)),
    "note": ConsoleAction(Perm.NOTE, None, _message(public=False)),
    "assign": ConsoleAction(Perm.ASSIGN_SELF, None, _assign),
    "correct": ConsoleAction(Perm.CORRECT, None, _correct),
    "redact": ConsoleAction(Perm.REDACT, None, _redact),
    "publish": ConsoleAction(Perm.PUBLISH, None, _publish),
}
