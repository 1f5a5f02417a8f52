"""The ticket lifecycle as an explicit state machine (pure: no I/O).

Statuses are stable keys (they appear in URLs, exports and Open311); their labels are translated.
Each action names the statuses it may start from and the one it leads to. "Bukan wewenang"
(not our mandate) returns a ticket to verification for re-routing: it never closes it.
Closed-without-resolution (ditolak, duplikat, diarsipkan) is kept apart from resolved (selesai)
so an agency cannot raise its "% resolved" by closing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hotline.choices import Choice
from hotline.errors import Conflict
from hotline.i18n import N_, t


class Status(Choice):
    BARU = "baru", N_("Received")
    PERLU_DILENGKAPI = "perlu_dilengkapi", N_("Waiting for more information")
    DIVERIFIKASI = "diverifikasi", N_("Verified")
    DIDISPOSISIKAN = "didisposisikan", N_("Dispatched to agency")
    DIPROSES = "diproses", N_("In progress")
    DITANGGAPI = "ditanggapi", N_("Answered")
    SELESAI = "selesai", N_("Resolved")
    DITOLAK = "ditolak", N_("Rejected")
    DUPLIKAT = "duplikat", N_("Duplicate")
    DIARSIPKAN = "diarsipkan", N_("Archived")


RESOLVED = frozenset({Status.SELESAI})
CLOSED_UNRESOLVED = frozenset({Status.DITOLAK, Status.DUPLIKAT, Status.DIARSIPKAN})
TERMINAL = CLOSED_UNRESOLVED
OPEN = frozenset(Status) - RESOLVED - CLOSED_UNRESOLVED


class Action(StrEnum):
    VERIFY = "verify"
    REQUEST_INFO = "request_info"
    PROVIDE_INFO = "provide_info"
    REJECT = "reject"
    MERGE = "merge"
    DISPATCH = "dispatch"
    ACCEPT = "accept"
    NOT_OUR_MANDATE = "not_our_mandate"
    TRANSFER = "transfer"
    ANSWER = "answer"
    CONFIRM = "confirm"
    AUTO_CLOSE = "auto_close"
    DISPUTE = "dispute"
    ARCHIVE = "archive"
    WITHDRAW = "withdraw"


class RejectReason(Choice):
    SPAM = "spam", N_("Spam")
    PRANK = "prank", N_("Prank report")
    OUT_OF_SCOPE = "out_of_scope", N_("Outside the government's authority")
    INCOMPLETE = "incomplete", N_("Not enough information to act on")


S = Status
_BEFORE_AGENCY = frozenset({S.BARU, S.DIVERIFIKASI})
_AT_AGENCY = frozenset({S.DIDISPOSISIKAN, S.DIPROSES})

# action -> (statuses it may start from, status it leads to). PROVIDE_INFO leads back to the
# status the ticket was paused from, so its target is decided by `next_status`.
TRANSITIONS: dict[Action, tuple[frozenset[Status], Status | None]] = {
    Action.VERIFY: (frozenset({S.BARU}), S.DIVERIFIKASI),
    Action.REQUEST_INFO: (_BEFORE_AGENCY | _AT_AGENCY, S.PERLU_DILENGKAPI),
    Action.PROVIDE_INFO: (frozenset({S.PERLU_DILENGKAPI}), None),
    Action.REJECT: (_BEFORE_AGENCY | {S.PERLU_DILENGKAPI}, S.DITOLAK),
    Action.MERGE: (_BEFORE_AGENCY | {S.PERLU_DILENGKAPI}, S.DUPLIKAT),
    Action.DISPATCH: (_BEFORE_AGENCY, S.DIDISPOSISIKAN),
    Action.ACCEPT: (frozenset({S.DIDISPOSISIKAN}), S.DIPROSES),
    Action.NOT_OUR_MANDATE: (_AT_AGENCY, S.DIVERIFIKASI),
    Action.TRANSFER: (_AT_AGENCY, S.DIDISPOSISIKAN),
    Action.ANSWER: (_AT_AGENCY, S.DITANGGAPI),
    Action.CONFIRM: (frozenset({S.DITANGGAPI}), S.SELESAI),
    Action.AUTO_CLOSE: (frozenset({S.DITANGGAPI}), S.SELESAI),
    Action.DISPUTE: (frozenset({S.DITANGGAPI, S.SELESAI}), S.DIPROSES),
    Action.ARCHIVE: (frozenset({S.PERLU_DILENGKAPI}), S.DIARSIPKAN),
    Action.WITHDRAW: (OPEN - {S.DITANGGAPI}, S.DIARSIPKAN),
}

# The reporter hears of these (SMS for phone reports, e-mail when given, the tracking page).
# Every step the reporter did not take themselves is told to them (DESIGN: "told at every
# step"); what they did (adding information, confirming, withdrawing) they already know.
NOTIFY_REPORTER = frozenset(
    {
        Action.VERIFY,
        Action.ACCEPT,
        Action.NOT_OUR_MANDATE,
        Action.REQUEST_INFO,
        Action.REJECT,
        Action.MERGE,
        Action.DISPATCH,
        Action.TRANSFER,
        Action.ANSWER,
        Action.AUTO_CLOSE,
        Action.DISPUTE,
        Action.ARCHIVE,
    }
)


class IllegalTransition(Conflict):
    """A domain error: the action is not allowed from the ticket's current status (a 409, shown
    to people as the status the report is in; the log line names both statuses)."""

    def __init__(self, current: Status, action: Action, requested: Status | None) -> None:
        super().__init__(
            N_("This action is not possible while the report is: {status}."),
            status=current.label,
        )
        self.current = current
        self.action = action
        self.requested = requested

    def __str__(self) -> str:
        target = self.requested.value if self.requested else "?"
        return (
            f"cannot {self.action.value} a ticket in status {self.current.value!r} "
            f"(requested status {target!r})"
        )

    def localized(self, locale: str) -> str:
        # The status is a label to translate too, not a value to show as it is.
        return t(locale, self.message, status=t(locale, self.current.label))


@dataclass(frozen=True)
class Transition:
    action: Action
    from_status: Status
    to_status: Status


def allowed_actions(current: Status) -> list[Action]:
    return [a for a, (sources, _) in TRANSITIONS.items() if current in sources]


def next_status(
    current: Status, action: Action, *, resume_status: Status | None = None
) -> Transition:
    sources, target = TRANSITIONS[action]
    if action is Action.PROVIDE_INFO:
        # Back to where request_info paused it from, and nowhere else.
        target = resume_status
        if target is None or target not in TRANSITIONS[Action.REQUEST_INFO][0]:
            raise IllegalTransition(current, action, target)
    assert target is not None or current not in sources
    if current not in sources:
        raise IllegalTransition(current, action, target)
    assert target is not None
    return Transition(action=action, from_status=current, to_status=target)
