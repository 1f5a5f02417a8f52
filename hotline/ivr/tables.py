"""The phone line's tables.

`QueueCall` is the contract between the IVR (which writes it) and the transparency figures (which
read it): one row per caller who asked for an officer, from the moment they were queued to the
end of the conversation. The IVR adds its own tables (call state, raw queue events) beside it.
"""

from __future__ import annotations

from piccolo.columns import ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from hotline.accounts.tables import User
from hotline.tickets.tables import Ticket


class QueueCall(Table, tablename="ivr_queue_call"):
    """One caller's wait for an officer and, when answered, the conversation.

    outcome: `waiting` (still queued), `answered`, `abandoned` (hung up while waiting), `recording`
    (left a recorded message instead: the wait ran out or the caller chose it). A caller out of
    service hours is never queued, so never counted as offered.
    """

    id: Serial  # Piccolo adds it; declared for type checkers

    call_sid = Varchar(length=64, unique=True)
    queue = Varchar(length=20)  # the caller's language: "id" | "en"
    entered_at = Timestamptz(index=True)
    answered_at = Timestamptz(null=True, default=None)
    ended_at = Timestamptz(null=True, default=None)
    outcome = Varchar(length=20, default="waiting")
    wait_seconds = Integer(null=True, default=None)  # queued → answered, abandoned or recording
    handle_seconds = Integer(null=True, default=None)  # answered → hung up (talk time)
    agent = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    ticket = ForeignKey(Ticket, null=True, on_delete=OnDelete.set_null)
