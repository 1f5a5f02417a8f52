"""The breach list (UU 27/2022 PDP, Art. 46: notice within 3 × 24 hours): which reporters' data
a staff account, or every staff account in a time window, could have exposed.

Read from the history, the audit the project keeps of staff access to personal data:

- an `identity_viewed` event (the ticket page's "show who reported", the operator's look-up by
  phone number) exposed the reporter's identity: the name, phone and e-mail held;
- any other event a staff member wrote (a note, a reply, a dispatch, a correction...) means
  they had the report open: its text, location and attachments were exposed, not the identity
  (the identity is shown only through the audited look).

Staff sign-ins are audited by another part of the console; a page merely viewed leaves no event,
so for an account known to be compromised the runbook (docs/PRIVACY.md) widens the list to
every report in the account's scope. The list names the kinds of data, never the data itself,
unless `--with-contact` asks for the contact details needed to send the notices.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hotline.accounts.tables import User
from hotline.tickets.events import ActorType, EventKind
from hotline.tickets.tables import Attachment, Reporter, Ticket, TicketEvent


class UnknownUser(ValueError):
    pass


@dataclass
class Affected:
    reference: str
    privacy: str
    identity: list[str] = field(default_factory=list)  # kinds of identity data exposed
    content: list[str] = field(default_factory=list)  # kinds of report content exposed
    by: set[str] = field(default_factory=set)  # usernames
    first_at: datetime | None = None
    last_at: datetime | None = None
    contact: dict[str, str] = field(default_factory=dict)  # only with --with-contact

    @property
    def exposed(self) -> list[str]:
        return self.identity + self.content


def _widen(item: Affected, at: datetime) -> None:
    item.first_at = at if item.first_at is None else min(item.first_at, at)
    item.last_at = at if item.last_at is None else max(item.last_at, at)


async def _staff_events(
    since: datetime, until: datetime, username: str | None
) -> list[dict[str, Any]]:
    where = (
        (TicketEvent.at >= since)
        & (TicketEvent.at < until)
        & (TicketEvent.actor_type == ActorType.STAFF.value)
    )
    if username:
        user = await User.select(User.id).where(User.username == username.lower()).first()
        if user is None:
            raise UnknownUser(f"no staff account named {username!r}")
        where = where & (TicketEvent.actor == user["id"])
    return await TicketEvent.select(  # type: ignore[no-any-return]
        TicketEvent.ticket,
        TicketEvent.kind,
        TicketEvent.at,
        TicketEvent.actor.username.as_alias("username"),
    ).where(where)


@dataclass
class _Held:
    """What is held now about the tickets in the list."""

    tickets: dict[int, dict[str, Any]]
    reporters: dict[int, dict[str, Any]]
    files: dict[int, list[str]]

    def reporter_of(self, ticket: dict[str, Any]) -> dict[str, Any] | None:
        return self.reporters.get(ticket["reporter"]) if ticket["reporter"] is not None else None


async def _held(ticket_ids: list[int]) -> _Held:
    tickets = {
        t["id"]: t
        for t in await Ticket.select(
            Ticket.id,
            Ticket.reference,
            Ticket.privacy,
            Ticket.reporter,
            Ticket.description,
            Ticket.location_text,
            Ticket.latitude,
        ).where(Ticket.id.is_in(ticket_ids))
    }
    reporter_ids = [t["reporter"] for t in tickets.values() if t["reporter"] is not None]
    reporters = (
        {r["id"]: r for r in await Reporter.select().where(Reporter.id.is_in(reporter_ids))}
        if reporter_ids
        else {}
    )
    files: dict[int, list[str]] = {}
    for a in await Attachment.select(Attachment.ticket, Attachment.kind).where(
        Attachment.ticket.is_in(ticket_ids)
    ):
        files.setdefault(a["ticket"], []).append(a["kind"])
    return _Held(tickets, reporters, files)


def _identity_kinds(reporter: dict[str, Any] | None) -> list[str]:
    if reporter is None:
        return ["identity (none held now)"]
    return [
        label
        for label, key in (("name", "name"), ("phone", "phone"), ("e-mail", "email"))
        if reporter[key]
    ]


def _content_kinds(ticket: dict[str, Any], kinds: list[str]) -> list[str]:
    found = []
    if ticket["description"]:
        found.append("report text")
    if ticket["location_text"] or ticket["latitude"] is not None:
        found.append("location")
    found += [
        f"{kind} ×{kinds.count(kind)}"
        for kind in ("photo", "document", "recording")
        if kind in kinds
    ]
    return found


def _contact(reporter: dict[str, Any]) -> dict[str, str]:
    return {
        "name": reporter["name"],
        "phone": reporter["phone"],
        "email": reporter["email"],
        "language": reporter["locale"],
    }


def _item(tid: int, rows: list[dict[str, Any]], held: _Held, *, with_contact: bool) -> Affected:
    ticket = held.tickets[tid]
    reporter = held.reporter_of(ticket)
    item = Affected(ticket["reference"], ticket["privacy"])
    for e in rows:
        item.by.add(e["username"] or "?")
        _widen(item, e["at"])
    kinds = {e["kind"] for e in rows}
    if EventKind.IDENTITY_VIEWED.value in kinds:
        item.identity += _identity_kinds(reporter)
    if kinds - {EventKind.IDENTITY_VIEWED.value}:
        item.content += _content_kinds(ticket, held.files.get(tid, []))
    if with_contact and reporter is not None:
        item.contact = _contact(reporter)
    return item


async def affected(
    since: datetime, until: datetime, *, username: str | None = None, with_contact: bool = False
) -> list[Affected]:
    found: dict[int, list[dict[str, Any]]] = {}
    for e in await _staff_events(since, until, username):
        found.setdefault(e["ticket"], []).append(e)
    if not found:
        return []
    held = await _held(list(found))
    out = [_item(tid, rows, held, with_contact=with_contact) for tid, rows in found.items()]
    out.sort(key=lambda a: (a.first_at or since, a.reference))
    return out
