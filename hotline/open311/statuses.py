"""Our lifecycle in GeoReport v2 words (pure).

A request is `open` while the lifecycle says it is open (`ditanggapi`, answered but awaiting the
reporter, is still open) and `closed` once resolved or closed without resolution. The updates
extension uses FixMyStreet's finer vocabulary, so a consumer can tell "fixed" from "rejected".
"""

from __future__ import annotations

from hotline.i18n import t
from hotline.open311.models import RequestStatus, UpdateStatus
from hotline.tickets.lifecycle import (
    OPEN,
    RejectReason,
    Status,
)


def request_status(status: Status) -> RequestStatus:
    return "open" if status in OPEN else "closed"


def statuses_for(wanted: RequestStatus) -> list[str]:
    """The lifecycle statuses behind an Open311 status, for a database filter."""
    return [s.value for s in Status if request_status(s) == wanted]


_UPDATE_STATUS: dict[Status, UpdateStatus] = {
    Status.BARU: "open",
    Status.PERLU_DILENGKAPI: "investigating",
    Status.DIVERIFIKASI: "investigating",
    Status.DIDISPOSISIKAN: "action_scheduled",
    # Answered is not fixed until the reporter confirms it (or the auto-close): still in hand.
    Status.DIPROSES: "in_progress",
    Status.DITANGGAPI: "in_progress",
    Status.SELESAI: "fixed",
    Status.DUPLIKAT: "duplicate",
    Status.DIARSIPKAN: "closed",
    Status.DITOLAK: "closed",
}

_REJECTED: dict[RejectReason, UpdateStatus] = {
    RejectReason.OUT_OF_SCOPE: "not_councils_responsibility",
    RejectReason.INCOMPLETE: "no_further_action",
}


def update_status(status: Status, reject_reason: str = "") -> UpdateStatus:
    if status is Status.DITOLAK and reject_reason in {r.value for r in RejectReason}:
        return _REJECTED.get(RejectReason(reject_reason), "closed")
    return _UPDATE_STATUS[status]


def status_notes(locale: str, status: Status, reject_reason: str = "") -> str:
    """The status label in the reader's language; a rejection also says why."""
    label = t(locale, status.label)
    if status is Status.DITOLAK and reject_reason in {r.value for r in RejectReason}:
        return f"{label}: {t(locale, RejectReason(reject_reason).label)}"
    return label
