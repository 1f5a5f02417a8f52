"""One call seen by the call centre: its events from the log and the recordings of its
conversations with an officer (/konsol/pusat-panggilan/panggilan/<CallSid>), and the route that
plays a recording (/konsol/pusat-panggilan/rekaman/<RecordingSid>).

A recording is the caller's voice: personal data. It is played only to staff with
`Perm.LISTEN_RECORDING`, never to anyone the reporter chose not to be identified to (the
privacy level of the report filed in the call), and each play is audited where the console
audits reads of a reporter's identity: the report's `identity_viewed` event, or, when no
report was filed in the call, an `AccessEvent` (`recording_played`). Both are listed on the
admin's access history.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, Router, get
from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.response import Template

from hotline import clock
from hotline.accounts import audit
from hotline.callcentre import queries, routes
from hotline.callcentre.definitions import Kind
from hotline.callcentre.tables import CallCentreEvent
from hotline.choices import N_
from hotline.db.tx import transaction
from hotline.errors import Forbidden
from hotline.ivr.tables import ConversationRecording
from hotline.konsol.access import Perm, Staff
from hotline.konsol.auth import allow, client_address, current_staff, signed_in
from hotline.konsol.routes import ERRORS
from hotline.tickets import storage
from hotline.tickets.events import EventKind
from hotline.tickets.privacy import Privacy, staff_may_see_identity
from hotline.tickets.service import add_event
from hotline.tickets.tables import Ticket
from hotline.web.errors import renders

# What each of a caller's events says on the page (the log's kinds are Asterisk's names).
EVENT_LABELS = {
    Kind.ENTERQUEUE: N_("Entered the queue"),
    Kind.CONNECT: N_("Answered by an officer"),
    Kind.ABANDON: N_("Hung up while waiting"),
    Kind.EXITWITHTIMEOUT: N_("Taken out at the wait limit"),
    Kind.COMPLETECALLER: N_("The caller ended the conversation"),
    Kind.COMPLETEAGENT: N_("The officer ended the conversation"),
    Kind.TRANSFER: N_("Passed to another officer"),
    Kind.RINGNOANSWER: N_("Not taken by an officer"),
}
NOT_IDENTIFIED = N_("The reporter chose not to be identified to you.")


def call_url(call_sid: str) -> str:
    """The page of one call (the quality-evaluation page links here)."""
    return f"{routes.PAGE}/panggilan/{call_sid}"


def recording_url(recording_sid: str) -> str:
    return f"{routes.PAGE}/rekaman/{recording_sid}"


async def _privacy_of(ticket_ids: set[int]) -> dict[int, dict[str, Any]]:
    if not ticket_ids:
        return {}
    rows = await Ticket.select(Ticket.id, Ticket.reference, Ticket.privacy).where(
        Ticket.id.is_in(sorted(ticket_ids))
    )
    return {r["id"]: r for r in rows}


def _may_hear(staff: Staff, ticket: dict[str, Any] | None) -> bool:
    """The voice identifies the caller: the report's privacy level decides, as for the name."""
    if ticket is None:
        return True
    return staff_may_see_identity(Privacy(ticket["privacy"]), central_unit=staff.central_unit)


async def conversations(staff: Staff, call_sid: str) -> list[dict[str, Any]]:
    """The recordings of the officers' conversations in a call, as this page and the quality
    evaluator's page show them: officer, report, whether `staff` may hear it, and its URL."""
    recordings = (
        await ConversationRecording.select()
        .where(ConversationRecording.call_sid == call_sid)
        .order_by(ConversationRecording.created_at)
    )
    tickets = await _privacy_of({r["ticket"] for r in recordings if r["ticket"] is not None})
    names = await queries.officer_names({r["agent"] for r in recordings if r["agent"] is not None})
    return [
        {
            **r,
            "officer": names.get(r["agent"], "–") if r["agent"] is not None else "–",
            "reference": tickets[r["ticket"]]["reference"] if r["ticket"] in tickets else "",
            "may_hear": _may_hear(staff, tickets.get(r["ticket"])),
            "url": recording_url(r["recording_sid"]),
        }
        for r in recordings
    ]


@get("/panggilan/{call_sid:str}", guards=[allow(Perm.CALL_CENTRE, Perm.LISTEN_RECORDING)])
async def call_page(request: Request[Any, Any, Any], staff: Staff, call_sid: str) -> Template:
    events = (
        await CallCentreEvent.select()
        .where(CallCentreEvent.call_sid == call_sid)
        .order_by(CallCentreEvent.at)
        .order_by(CallCentreEvent.id)
    )
    recordings = await conversations(staff, call_sid) if staff.may(Perm.LISTEN_RECORDING) else []
    if not events and not recordings:
        raise NotFoundException()
    names = await queries.officer_names({e["agent"] for e in events if e["agent"] is not None})
    return routes._render(
        request,
        staff,
        "call.html",
        call_sid=call_sid,
        events=[
            {
                **e,
                "label": EVENT_LABELS.get(Kind(e["kind"]), e["kind"]),
                "officer": names.get(e["agent"], "") if e["agent"] is not None else "",
            }
            for e in events
        ],
        recordings=recordings,
        may_listen=staff.may(Perm.LISTEN_RECORDING),
        not_identified=NOT_IDENTIFIED,
    )


@get("/rekaman/{recording_sid:str}", guards=[allow(Perm.LISTEN_RECORDING)])
async def play_recording(
    request: Request[Any, Any, Any], staff: Staff, recording_sid: str
) -> Response[bytes]:
    """The audio, streamed from storage, and one audit row for the play."""
    row = (
        await ConversationRecording.select()
        .where(ConversationRecording.recording_sid == recording_sid)
        .first()
    )
    if row is None or row["erased_at"] is not None or not row["storage_path"]:
        raise NotFoundException()
    ticket = (await _privacy_of({row["ticket"]})).get(row["ticket"]) if row["ticket"] else None
    if not _may_hear(staff, ticket):
        raise Forbidden(NOT_IDENTIFIED)
    try:
        content = storage.read_bytes(row["storage_path"])
    except (FileNotFoundError, ValueError):
        raise NotFoundException() from None
    now = clock.now()
    detail = {"via": "conversation_recording", "recording": recording_sid}
    async with transaction():
        if ticket is not None:
            await add_event(
                ticket["id"],
                EventKind.IDENTITY_VIEWED,
                staff.actor,
                at=now,
                public=False,
                data={**detail, "central_unit": staff.central_unit},
            )
        else:
            await audit.record(
                audit.AccessKind.RECORDING_PLAYED,
                at=now,
                staff_id=staff.id,
                username=staff.username,
                address=client_address(request),
                user_agent=request.headers.get("user-agent", ""),
                data={**detail, "call_sid": row["call_sid"]},
            )
    return Response(
        content,
        media_type=row["content_type"] or "audio/x-wav",
        headers={
            "cache-control": "no-store",
            "content-disposition": f'inline; filename="{recording_sid}.wav"',
        },
    )


ROUTES: list[Any] = [
    Router(
        path=routes.PAGE,
        route_handlers=[call_page, play_recording],
        guards=[signed_in],
        dependencies={"staff": Provide(current_staff, sync_to_thread=False)},
        opt=renders(ERRORS),
        include_in_schema=False,
    ),
]
