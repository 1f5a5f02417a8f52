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


# The day summaries (daily.py, summaries.py): a closed local day of the log folded into sums,
# written by the worker, so a long range adds up stored days instead of folding every event.
# Derived data: rewritten whole when late events arrive for the day.


class CallCentreDay(Table, tablename="callcentre_day"):
    """One row per summarised local day. `events` and `max_event_id` are the count and the
    highest id of the events the day was folded from (its window): a late event (a spooled
    webhook replayed, dated when Twilio sent it) changes them, and the day is folded again."""

    id: Serial

    day = Date(unique=True)
    events = Integer(default=0)
    max_event_id = Integer(default=0)
    # The abandon curve's counts per bucket of definitions.ABANDON_BUCKETS, comma-separated.
    abandons = Varchar(length=200, default="")
    summarised_at = Timestamptz()


class CallCentreDayInterval(Table, tablename="callcentre_day_interval"):
    """A day's 15-minute interval (local time) with callers: reports.Tally's counts and sums."""

    id: Serial

    day = Date(index=True)
    minute = Integer()  # the minute of the local day the interval starts at (0, 15, … 1425)
    offered = Integer(default=0)
    answered = Integer(default=0)
    abandoned = Integer(default=0)
    short_abandons = Integer(default=0)
    timed_out = Integer(default=0)
    waiting = Integer(default=0)
    answered_in_time = Integer(default=0)
    answer_wait = Integer(default=0)
    talk = Integer(default=0)
    hold = Integer(default=0)
    wrapup = Integer(default=0)


class CallCentreDayOfficer(Table, tablename="callcentre_day_officer"):
    """An officer's day: the calls they handled with their times (reports.OfficerTally), and
    the seconds in each state (cut at midnight)."""

    id: Serial

    day = Date(index=True)
    agent = Integer()
    handled = Integer(default=0)
    talk = Integer(default=0)
    hold = Integer(default=0)
    wrapup = Integer(default=0)
    in_ready = Integer(default=0)
    in_talk = Integer(default=0)
    in_wrapup = Integer(default=0)
    in_not_ready = Integer(default=0)
    in_break = Integer(default=0)


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
