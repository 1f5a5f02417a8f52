"""Who may do what in the console: the one place where access is decided (pure, no I/O).

Two questions, always asked together:
1. May this role use this page or action at all? (`may`) A role without it gets 403.
2. Is this ticket inside the staff member's scope? (`sees_ticket`) Outside it the ticket does not
   exist for them: 404, not 403, so an officer learns nothing about other agencies' reports.

Scope: the central unit (verifikator) sees every ticket; petugas and supervisor see the tickets
currently with their agency; operators and admins see no ticket pages (operators find a caller's
earlier reports through their own lookup, which shows a summary only; admins run the reference
data, not casework).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from hotline.accounts.roles import Role
from hotline.tickets.events import ActorType
from hotline.tickets.privacy import Privacy, staff_may_see_identity
from hotline.tickets.service import Actor


class Perm(StrEnum):
    VERIFICATION_QUEUE = "verification_queue"
    AGENCY_QUEUE = "agency_queue"
    SUPERVISOR_VIEW = "supervisor_view"
    OPERATOR_VIEW = "operator_view"
    ADMIN = "admin"
    # Ticket actions (each also needs the ticket in scope and a status that allows it).
    VIEW_TICKET = "view_ticket"
    CORRECT = "correct"  # category, location, text (the original stays in the history)
    REDACT = "redact"  # write the public_description
    VERIFY = "verify"
    DISPATCH = "dispatch"
    REJECT = "reject"
    MERGE = "merge"
    REQUEST_INFO = "request_info"
    NOTE = "note"  # internal note
    REPLY = "reply"  # public reply, no change of status
    ACCEPT = "accept"
    ASSIGN_SELF = "assign_self"
    ASSIGN_ANYONE = "assign_anyone"  # within the agency
    TRANSFER = "transfer"
    NOT_OUR_MANDATE = "not_our_mandate"
    RESOLVE = "resolve"  # the answer that resolves (-> ditanggapi)
    ERASE_IDENTITY = "erase_identity"  # UU 27/2022: the reporter's request to be forgotten
    PUBLISH = "publish"  # publish a redacted text of the history (never by default)
    BLOCKLIST = "blocklist"  # phone numbers that may not report by phone (hotline/ivr/blocklist.py)
    OUTBOX = "outbox"  # every undelivered message, with retry (admins have it through ADMIN)
    CALL_CENTRE = "call_centre"  # the call centre's reports and wallboard (hotline/callcentre/)
    CALL_STATE = "call_state"  # an officer sets their own state on the line (ready, break, ...)
    # Play the recordings of officers' conversations (the caller's voice: each play audited;
    # hotline/callcentre/callpage.py). The coordinator and the evaluators.
    LISTEN_RECORDING = "listen_recording"
    # Quality monitoring (hotline/callcentre/quality/): QUALITY shows the pages (a call agent
    # sees only their own evaluations), QUALITY_EVALUATE claims and scores calls, QUALITY_MANAGE
    # sees everyone's, decides disputes and runs calibration.
    QUALITY = "quality"
    QUALITY_EVALUATE = "quality_evaluate"
    QUALITY_MANAGE = "quality_manage"
    ROSTER = "roster"  # the call centre's roster of shifts (hotline/callcentre/roster*.py)


_CENTRAL = {
    Perm.VERIFICATION_QUEUE,
    Perm.VIEW_TICKET,
    Perm.CORRECT,
    Perm.REDACT,
    Perm.VERIFY,
    Perm.DISPATCH,
    Perm.REJECT,
    Perm.MERGE,
    Perm.REQUEST_INFO,
    Perm.NOTE,
    Perm.ERASE_IDENTITY,
    Perm.PUBLISH,
    Perm.BLOCKLIST,
    Perm.OUTBOX,
}
_OFFICER = {
    Perm.AGENCY_QUEUE,
    Perm.VIEW_TICKET,
    Perm.REQUEST_INFO,
    Perm.NOTE,
    Perm.REPLY,
    Perm.ACCEPT,
    Perm.ASSIGN_SELF,
    Perm.TRANSFER,
    Perm.NOT_OUR_MANDATE,
    Perm.RESOLVE,
    Perm.PUBLISH,
}

PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.VERIFIKATOR: frozenset(_CENTRAL | {Perm.CALL_CENTRE}),
    Role.PETUGAS: frozenset(_OFFICER),
    Role.SUPERVISOR: frozenset(_OFFICER | {Perm.SUPERVISOR_VIEW, Perm.ASSIGN_ANYONE}),
    Role.OPERATOR: frozenset({Perm.OPERATOR_VIEW, Perm.CALL_STATE, Perm.QUALITY}),
    Role.KOORDINATOR: frozenset(
        {
            Perm.CALL_CENTRE,
            Perm.CALL_STATE,
            Perm.QUALITY,
            Perm.QUALITY_EVALUATE,
            Perm.QUALITY_MANAGE,
            Perm.LISTEN_RECORDING,
            Perm.ROSTER,
        }
    ),
    Role.PENILAI: frozenset({Perm.QUALITY, Perm.QUALITY_EVALUATE, Perm.LISTEN_RECORDING}),
    Role.ADMIN: frozenset({Perm.ADMIN}),
}

AGENCY_SCOPED = frozenset({Role.PETUGAS, Role.SUPERVISOR})
CENTRAL_UNIT = frozenset({Role.VERIFIKATOR})


@dataclass(frozen=True)
class Staff:
    """The signed-in staff member, loaded afresh on every request."""

    id: int
    username: str
    display_name: str
    role: Role
    agency_id: int | None
    agency_name: str = ""
    timezone: str = "Asia/Jakarta"

    @property
    def central_unit(self) -> bool:
        return self.role in CENTRAL_UNIT

    @property
    def actor(self) -> Actor:
        return Actor(ActorType.STAFF, self.id, self.display_name)

    def may(self, perm: Perm) -> bool:
        return perm in PERMISSIONS[self.role]

    @property
    def home(self) -> str:
        """Where this role starts its day."""
        return {
            Role.VERIFIKATOR: "/konsol/verifikasi",
            Role.PETUGAS: "/konsol/antrian",
            Role.SUPERVISOR: "/konsol/supervisor",
            Role.OPERATOR: "/konsol/operator",
            Role.ADMIN: "/konsol/admin",
            Role.KOORDINATOR: "/konsol/pusat-panggilan",
            Role.PENILAI: "/konsol/pusat-panggilan/mutu",
        }[self.role]


def sees_ticket(staff: Staff, ticket: Mapping[str, Any]) -> bool:
    if not staff.may(Perm.VIEW_TICKET):
        return False
    if staff.role in AGENCY_SCOPED:
        return staff.agency_id is not None and ticket["agency"] == staff.agency_id
    return True


def may_see_identity(staff: Staff, ticket: Mapping[str, Any]) -> bool:
    return sees_ticket(staff, ticket) and staff_may_see_identity(
        Privacy(ticket["privacy"]), central_unit=staff.central_unit
    )


def operator_may_list(privacy: Privacy) -> bool:
    """A caller's earlier reports found by their number: linking a number to a report reveals
    who made it, so only where staff outside the central unit may know the reporter."""
    return staff_may_see_identity(privacy, central_unit=False)
