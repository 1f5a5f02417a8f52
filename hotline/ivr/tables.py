"""The phone line's tables.

`QueueCall` is the contract between the IVR (which writes it) and the transparency figures (which
read it): one row per caller who asked for an officer, from the moment they were queued to the
end of the conversation. The IVR adds its own tables (call state, raw queue events) beside it.
"""

from __future__ import annotations

from piccolo.columns import JSON, Boolean, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
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


class IvrCall(Table, tablename="ivr_call"):
    """One phone call (a caller's, or an officer's on the agent line), keyed by Twilio's CallSid.

    Everything the engine needs between two webhooks lives here, so any replica can answer the
    next one. `vars` holds the caller's answers (category, privacy, recordings, ...).
    """

    id: Serial  # Piccolo adds it; declared for type checkers

    call_sid = Varchar(length=64, unique=True)
    line = Varchar(length=10, default="caller")  # caller | agent
    # E.164; empty when the number is withheld. Indexed: the per-number limit counts by it.
    caller = Varchar(length=20, default="", index=True)
    locale = Varchar(length=5, default="id")
    state = Varchar(length=80, default="")  # "" once the flow has ended
    seq = Integer(default=0)  # the last step answered
    failures = Integer(default=0)
    vars = JSON(default={})
    # active -> ended (Twilio's status callback, or the worker for a call gone quiet) -> done
    # (its report made, or nothing to make).
    status = Varchar(length=10, default="active", index=True)
    ticket = ForeignKey(Ticket, null=True, on_delete=OnDelete.set_null)
    agent = ForeignKey(User, null=True, on_delete=OnDelete.set_null)  # the agent line's officer
    likely_prank = Boolean(default=False)
    started_at = Timestamptz()
    updated_at = Timestamptz(index=True)
    ended_at = Timestamptz(null=True, default=None)
    duration_seconds = Integer(null=True, default=None)
    # Twilio's last CallStatus from the status callback: completed, busy, no-answer, failed, ...
    call_status = Varchar(length=20, default="")


class IvrStep(Table, tablename="ivr_step"):
    """The answer given to one webhook request, so a retry gets the same TwiML and creates
    nothing twice: `step_key` is "<CallSid>:<step>", `idempotency_token` Twilio's
    I-Twilio-Idempotency-Token. Unique keys in the database, so every replica sees them."""

    id: Serial  # Piccolo adds it; declared for type checkers

    step_key = Varchar(length=120, unique=True)
    idempotency_token = Varchar(length=120, null=True, default=None, unique=True)
    call_sid = Varchar(length=64, index=True)
    twiml = Text(default="")
    created_at = Timestamptz()


class IvrQueueEvent(Table, tablename="ivr_queue_event"):
    """The raw queue events behind QueueCall: entered, waiting (position), answered, left,
    abandoned, ended, as Twilio reported them."""

    id: Serial  # Piccolo adds it; declared for type checkers

    call_sid = Varchar(length=64, index=True)
    kind = Varchar(length=20)
    queue = Varchar(length=20, default="")
    at = Timestamptz(index=True)
    data = JSON(default={})


class IvrAgent(Table, tablename="ivr_agent"):
    """A staff member who answers the queue from the agent line, with a keyed hash of a PIN."""

    id: Serial  # Piccolo adds it; declared for type checkers

    user = ForeignKey(User, unique=True, on_delete=OnDelete.cascade)
    pin_hash = Varchar(length=100, secret=True)
    active = Boolean(default=True)
    created_at = Timestamptz()


class IvrBlock(Table, tablename="ivr_block"):
    """A caller's number that may not make reports by phone until `expires_at` (a verifier's
    decision, with its reason; docs/IVR.md "Repeat callers"). The number is kept only as a keyed
    hash (`hotline.ivr.blocklist.number_key`) and a masked form for the console: the list is
    matched, never read back as numbers. Lifting sets `lifted_at`; rows are never deleted, and
    each change is also an AdminChange row."""

    id: Serial  # Piccolo adds it; declared for type checkers

    number_key = Varchar(length=64, index=True)
    number_masked = Varchar(length=24)
    reason = Text()
    created_at = Timestamptz()
    created_by = Varchar(length=80)
    expires_at = Timestamptz(index=True)
    lifted_at = Timestamptz(null=True, default=None)
    lifted_by = Varchar(length=80, default="")


class ConversationRecording(Table, tablename="ivr_conversation_recording"):
    """A recording of an officer's conversation with a caller (both legs, one channel each),
    made by the agent line's <Dial record=…> (hotline/ivr/conversations.py). It is the caller's
    voice, so personal data: played only to staff with the permission, each play audited, and
    erased with the call's report or after HOTLINE_CONVERSATION_RECORDING_DAYS without one
    (docs/PRIVACY.md). Erasing keeps the row (the call-centre figures count recordings) but
    removes the file and Twilio's URL and sets `erased_at`."""

    id: Serial  # Piccolo adds it; declared for type checkers

    recording_sid = Varchar(length=64, unique=True)
    # The caller's CallSid (their QueueCall row); "" when the bridge could not be found.
    call_sid = Varchar(length=64, default="", index=True)
    agent_call_sid = Varchar(length=64, default="")  # the officer's leg on the agent line
    agent = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    # Indexed: retention looks up a report's recordings.
    ticket = ForeignKey(Ticket, null=True, on_delete=OnDelete.set_null, index=True)
    source_url = Text(default="")  # Twilio's RecordingUrl, until erased
    storage_path = Varchar(length=300, default="")  # hotline/tickets/storage.py; "" until fetched
    sha256 = Varchar(length=64, default="")
    size = Integer(default=0)
    content_type = Varchar(length=60, default="")
    duration_seconds = Integer(default=0)
    channels = Integer(default=1)
    created_at = Timestamptz(index=True)
    erased_at = Timestamptz(null=True, default=None)
