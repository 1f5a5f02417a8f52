"""The citizen area's table: which web form has already been filed."""

from __future__ import annotations

from piccolo.columns import ForeignKey, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from hotline.tickets.tables import Ticket


class WebSubmission(Table):
    """One filed /lapor form, keyed by the nonce the form carried.

    Written in the report's own transaction, so a form sent twice (a double click, the back
    button and "send again", a retry after a timeout) meets the unique key and files nothing
    the second time.
    """

    id: Serial  # Piccolo adds it; declared for type checkers

    nonce = Varchar(length=64, unique=True, index=True)
    ticket = ForeignKey(Ticket, on_delete=OnDelete.cascade)
    created_at = Timestamptz()
