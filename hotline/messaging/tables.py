"""The messaging area's tables: every inbound message as received, one conversation per sender
and channel, and the numbers that asked not to be messaged.

A sender's number is personal data, stored in E.164 as the phone line's caller number is
(`ivr_call.caller`); staff never read it here: a report's contact is its `reporter` row.
"""

from __future__ import annotations

from piccolo.columns import JSON, Boolean, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.table import Table


class InboundMessage(Table, tablename="msg_inbound"):
    """One message as Twilio posted it, saved before anything else is done with it (a message is
    never lost because a later step failed), keyed by Twilio's MessageSid: a retried webhook
    finds its row and gets the reply stored in it.

    status: `received` (saved, not yet handled), `done` (handled: `reply` is the answer),
    `limited` (over the sender's quota or blocked: kept, not handled)."""

    id: Serial  # Piccolo adds it; declared for type checkers

    message_sid = Varchar(length=64, unique=True)
    channel = Varchar(length=10)  # sms | whatsapp
    sender = Varchar(length=20, index=True)  # E.164
    body = Text(default="")
    # [{"url": ..., "content_type": ...}] as Twilio listed them (fetched later by the worker)
    media = JSON(default=[])
    latitude = Varchar(length=20, default="")
    longitude = Varchar(length=20, default="")
    status = Varchar(length=10, default="received")
    reply = Text(default="")  # the TwiML answered
    received_at = Timestamptz()
    handled_at = Timestamptz(null=True, default=None)
    # The report the message made or added to, once it did (with the messages of the
    # conversation before it): what the reporter's data download lists (hotline/privacy).
    ticket = Integer(null=True, default=None, index=True)


class Conversation(Table, tablename="msg_conversation"):
    """Where one sender stands in the chat flows on one channel, so any replica answers the next
    message. `last_inbound_at` opens WhatsApp's 24-hour window for free-form replies."""

    id: Serial  # Piccolo adds it; declared for type checkers

    key = Varchar(length=40, unique=True)  # "<channel>:<E.164>"
    channel = Varchar(length=10)
    sender = Varchar(length=20, index=True)
    locale = Varchar(length=5, default="id")
    state = Varchar(length=80, default="")  # "" between conversations
    failures = Integer(default=0)
    vars = JSON(default={})
    last_inbound_at = Timestamptz()
    updated_at = Timestamptz()


class OptOut(Table, tablename="msg_opt_out"):
    """A number that sent STOP/BERHENTI (`opted_out`), or START/MULAI since (`opted_out` false):
    one row per number, every channel; the senders read it at send time. The word and the
    moment are kept as the record of the citizen's choice."""

    id: Serial  # Piccolo adds it; declared for type checkers

    number = Varchar(length=20, unique=True)  # E.164
    opted_out = Boolean(default=True)
    word = Varchar(length=20, default="")
    channel = Varchar(length=10, default="")
    changed_at = Timestamptz()
