"""The call centre's one table: an append-only log of queue and officer events (modelled on
Asterisk's queue_log). Rows are only ever inserted; every report is computed from them.

`event_key` is unique: each event is written with a key that names the change it records (the
call and the kind, or the officer's request), inserted with ON CONFLICT DO NOTHING, so a
retried Twilio callback or a replayed spool file writes nothing twice.
"""

from __future__ import annotations

from piccolo.columns import Integer, Serial, Timestamptz, Varchar
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
