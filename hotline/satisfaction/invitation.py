"""Inviting the reporter of a resolved report to the survey, once, through the outbox.

The worker looks for reports resolved (selesai) lately that have no survey yet, and for each,
in one transaction, makes its survey (unique per report: a report reopened and resolved again
is not invited twice) and queues the invitation on the reporter's channels, chosen where every
message to a reporter is (`tickets/notices.outgoing`): SMS when they gave a phone and allow SMS,
WhatsApp for a report made there, e-mail when they gave one. A reporter without contact still finds the
survey on /lacak and at the end of a status call. The ticket core does not know of the survey:
it needs no hook, the resolved status and its date are enough (docs/SATISFACTION.md).

Each channel is one outbox message with the same words and the same link, queued once under
`survey:<ticket>:<channel>`; WhatsApp's rules (the 24-hour window, templates, SMS instead with
consent) are applied by its sender at delivery (hotline/messaging).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from hotline import clock
from hotline.db.tx import transaction
from hotline.i18n import N_, t
from hotline.notify.outbox import Message, enqueue_all
from hotline.satisfaction import survey
from hotline.satisfaction.tables import Survey
from hotline.tickets import messages, notices
from hotline.tickets.lifecycle import Status
from hotline.tickets.notices import reporter_of
from hotline.tickets.records import ReporterRow
from hotline.tickets.tables import Ticket, TicketEvent

# Reports resolved longer ago are not invited: the survey is about a service just received,
# and a hotline that starts surveying does not invite every report it ever resolved.
INVITE_WITHIN = timedelta(days=14)
BATCH = 200

INVITATION = N_(
    "Hotline: report {reference} is resolved. Please rate our service "
    "(9 questions, 1 minute): {link}"
)
INVITATION_SUBJECT = N_("Report {reference}: how was our service?")


async def due(now: datetime) -> list[dict[str, Any]]:
    """Resolved reports, lately, with no survey yet (oldest first). Every worker round asks, so
    each read is bounded: the resolutions of the last days through the history's date index,
    then the surveys of those reports only (not every report ever resolved or surveyed)."""
    since = now - INVITE_WITHIN
    recent = await TicketEvent.select(TicketEvent.ticket).where(
        (TicketEvent.at >= since) & (TicketEvent.to_status == Status.SELESAI.value)
    )
    candidates = sorted({r["ticket"] for r in recent})
    if not candidates:
        return []
    surveyed = {
        r["ticket"]
        for r in await Survey.select(Survey.ticket).where(Survey.ticket.is_in(candidates))
    }
    waiting = [c for c in candidates if c not in surveyed]
    if not waiting:
        return []
    rows: list[dict[str, Any]] = await (
        Ticket.select(Ticket.id, Ticket.reference, Ticket.agency, Ticket.reporter)
        .where(
            Ticket.id.is_in(waiting)
            & (Ticket.status == Status.SELESAI.value)
            & (Ticket.resolved_at >= since)
            & Ticket.anonymised_at.is_null()
        )
        .order_by(Ticket.resolved_at)
        .limit(BATCH)
    )
    return rows


async def invite(ticket: dict[str, Any], *, now: datetime) -> bool:
    """Make the report's survey and queue its invitation, in one transaction; False when the
    report had one already (another worker, an earlier round)."""
    async with transaction():
        token = await survey.open_for(ticket["id"], agency=ticket["agency"], now=now)
        if token is None:
            return False
        reporter = await reporter_of(ticket)
        if reporter is not None:
            await enqueue_all(
                await outgoing(ticket["id"], ticket["reference"], reporter, token), now=now
            )
    return True


async def outgoing(
    ticket_id: int, reference: str, reporter: ReporterRow, token: str
) -> list[Message]:
    """The invitation on each channel the reporter can be reached on, as every message to a
    reporter is (`tickets/notices.outgoing`): SMS with their consent, WhatsApp for a report made
    there (by WhatsApp's rules, hotline/messaging), e-mail if given."""
    locale = str(reporter["locale"] or "id")
    text = messages.Text(
        subject=t(locale, INVITATION_SUBJECT, reference=reference),
        body=t(locale, INVITATION, reference=reference, link=survey.link(token)),
    )
    return await notices.outgoing(
        ticket_id, reporter, text, key=f"survey:{ticket_id}", locale=locale
    )


async def run(now: datetime | None = None) -> int:
    """Invite every report due; how many were invited."""
    now = now or clock.now()
    done = 0
    for ticket in await due(now):
        done += await invite(cast(dict[str, Any], ticket), now=now)
    return done
