"""Messages that did not get out (hotline/notify/failures.py), where staff can act on them.

- On a ticket's page, a panel lists that report's dead and stuck messages (channel, masked
  recipient, last error, since when) with a retry button; a retry is an internal history event.
- /konsol/admin/pesan-gagal lists every one, for admins and the central unit, with the same
  retry (recorded in the report's history when the message is about a report).

Recipients are masked for everyone, and only the masked form reaches a template: a reporter's
full address is their identity, which staff read only through the recorded "show who reported"
(DESIGN.md: every read is an audit event). Those who may see it find it there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from litestar import Request, Response, get, post
from litestar.response import Template

from hotline import clock
from hotline.db.tx import transaction
from hotline.errors import NotFound
from hotline.i18n import N_
from hotline.konsol.access import Perm, Staff, sees_ticket
from hotline.konsol.auth import allow
from hotline.konsol.common import render, see_other
from hotline.notify import failures
from hotline.notify.failures import FailedMessage
from hotline.tickets import service
from hotline.tickets.events import EventKind
from hotline.tickets.messages import about, ticket_about

VIEW = "/konsol/admin/pesan-gagal"
# Admins run the system, so they see what it failed to send; the central unit answers to the
# reporters who were not told. Neither reads a report through this page, only its reference.
OPERATORS = [allow(Perm.ADMIN, Perm.OUTBOX)]


@dataclass(frozen=True)
class Shown:
    """A failed message as staff see it: what, how, to whom (masked), why and since when."""

    id: int
    state: str
    channel: str
    to: str
    subject: str
    last_error: str
    attempts: int
    since: datetime
    ticket_id: int | None

    @classmethod
    def of(cls, message: FailedMessage) -> Shown:
        return cls(
            id=message.id,
            state=message.state,
            channel=message.channel,
            to=message.masked_recipient,
            subject=message.subject,
            last_error=message.last_error,
            attempts=message.attempts,
            since=message.since,
            ticket_id=ticket_about(message.about),
        )


async def ticket_panel(ticket_id: int) -> list[Shown]:
    """The report's dead and stuck messages, for the panel on its page."""
    return [
        Shown.of(m) for m in await failures.failed_messages(clock.now(), about=about(ticket_id))
    ]


async def _retry(staff: Staff, message_id: int, ticket_id: int | None) -> bool:
    """Send a message again; the report it is about records who asked. False when it was no
    longer dead or stuck (sent meanwhile, or retried by someone else: a second click)."""
    now = clock.now()
    async with transaction():
        retried = await failures.retry(
            message_id, now, about=about(ticket_id) if ticket_id is not None else None
        )
        if retried is None:
            return False
        retried_ticket = ticket_about(retried.about)
        if retried_ticket is not None:
            await service.add_event(
                retried_ticket,
                EventKind.MESSAGE_RETRIED,
                staff.actor,
                at=now,
                public=False,
                data={"message": retried.id, "channel": retried.channel, "was": retried.state},
            )
    return True


@post("/tiket/{ticket_id:int}/pesan/{message_id:int}/ulang", guards=[allow(Perm.VIEW_TICKET)])
async def retry_from_ticket(staff: Staff, ticket_id: int, message_id: int) -> Response[Any]:
    if not sees_ticket(staff, await service.load_ticket(ticket_id)):
        raise NotFound(N_("Report not found."))
    done = await _retry(staff, message_id, ticket_id)
    return see_other(f"/konsol/tiket/{ticket_id}?ok={'retried' if done else 'none'}#pesan")


@get("/admin/pesan-gagal", guards=OPERATORS)
async def failed_view(request: Request[Any, Any, Any], staff: Staff) -> Template:
    now = clock.now()
    rows = [Shown.of(m) for m in await failures.failed_messages(now, limit=500)]
    ticket_ids = [m.ticket_id for m in rows if m.ticket_id is not None]
    references = await service.references(ticket_ids)
    return render(
        request,
        staff,
        "admin/failed_messages.html",
        title=N_("Undelivered messages"),
        rows=rows,
        counts=await failures.count_failures(now),
        references=references,
        stuck_minutes=int(failures.STUCK_AFTER.total_seconds() // 60),
    )


@post("/admin/pesan-gagal/{message_id:int}/ulang", guards=OPERATORS)
async def retry_from_view(staff: Staff, message_id: int) -> Response[Any]:
    done = await _retry(staff, message_id, None)
    return see_other(f"{VIEW}?ok={'retried' if done else 'none'}")


ROUTES = [retry_from_ticket, failed_view, retry_from_view]
