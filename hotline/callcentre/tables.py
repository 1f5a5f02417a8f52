"""The call centre's one table: an append-only log of queue and officer events (modelled on
Asterisk's queue_log). Rows are only ever inserted; every report is computed from them.

`event_key` is unique: each event is written with a key that names the change it records (the
call and the kind, or the officer's request), inserted with ON CONFLICT DO NOTHING, so a
retried Twilio callback or a replayed spool file writes nothing twice.
"""

from __future__ import annotations

from piccolo.columns import Date, Integer, Serial, Timestamptz, Varchar
from piccolo.table import Table


class CallCentreEvent(Table, tablename="callcentre_event"):
    id: Serial  # Piccolo adds it; declared for type checkers

    event_key = Varchar(length=120, unique=True)
    at = Timestamptz(index=True)
    kind = Varchar(length=20)  # hotline.callcentre.definitions.Kind
    call_sid = Varchar(length=64, default="")  # a caller's call; "" for an officer's state
    queue = Varchar(length=20, default="")
    # The officer (accounts' user id). No foreign key: the log is never rewritten, not even
    # when an account goes.
    agent = Integer(null=True, default=None, index=True)  # an officer's last state
    position = Integer(null=True, default=None)
    wait_seconds = Integer(null=True, default=None)
    hold_seconds = Integer(null=True, default=None)
    talk_seconds = Integer(null=True, default=None)
    reason = Varchar(length=40, default="")


class Shift(Table, tablename="callcentre_shift"):
    """One officer's rostered shift (the coordinator's roster, docs/CALLCENTRE.md "Staffing").

    Times are the line's local time (HOTLINE_IVR_TIMEZONE) as minutes after midnight of `day`:
    minutes rather than a TIME column so a shift that crosses midnight is plain arithmetic
    (`end_minute` <= `start_minute` ends the next day) and the two engines read them alike."""

    id: Serial

    officer = Integer(index=True)  # accounts' user id, as the log's `agent`
    day = Date(index=True)  # the local date the shift starts on
    start_minute = Integer()
    end_minute = Integer()
    note = Varchar(length=200, default="")
    created_by = Varchar(length=80, default="")
    # The add form's token: posted twice, the second finds the first and adds nothing.
    form_token = Varchar(length=40, unique=True)
