"""This area's table: one survey per resolved report, from its invitation to its answers."""

from __future__ import annotations

from piccolo.columns import ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from hotline.directory.tables import Agency
from hotline.tickets.tables import Ticket


class Survey(Table, tablename="satisfaction_survey"):
    """A report's satisfaction survey: made when the reporter is invited (once per report, the
    unique ticket), answered once (`submitted_at`). The token is the survey link's key: random,
    it says nothing of the reporter or the report. The agency is the one that resolved the
    report, kept so that the index stays with it if the report moves on later. Answers are
    1–4, NULL for unanswered or "not applicable". No personal data: the comment is the
    reporter's own words and never published."""

    id: Serial  # Piccolo adds it; declared for type checkers

    ticket = ForeignKey(Ticket, unique=True, on_delete=OnDelete.cascade)
    token = Varchar(length=64, unique=True)
    agency = ForeignKey(Agency, null=True, on_delete=OnDelete.restrict, index=True)
    invited_at = Timestamptz()
    # web | telepon (keypad at the end of a status call) | sms | whatsapp: where it was answered.
    channel = Varchar(length=12, default="")
    submitted_at = Timestamptz(null=True, default=None, index=True)
    u1 = Integer(null=True, default=None)
    u2 = Integer(null=True, default=None)
    u3 = Integer(null=True, default=None)
    u4 = Integer(null=True, default=None)
    u5 = Integer(null=True, default=None)
    u6 = Integer(null=True, default=None)
    u7 = Integer(null=True, default=None)
    u8 = Integer(null=True, default=None)
    u9 = Integer(null=True, default=None)
    comment = Text(default="")
