"""Ticket tables.

Personal data lives only in Reporter; a ticket points at it. TicketEvent is append-only: the
migration installs triggers that refuse UPDATE and DELETE on both engines.
"""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    BigInt,
    Boolean,
    DoublePrecision,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from hotline.accounts.tables import User
from hotline.directory.tables import Agency, Category, Region


class Reporter(Table):
    """The minimum we need to answer a pelapor: no NIK, no address."""

    id: Serial  # Piccolo adds it; declared for type checkers

    name = Varchar(length=160, default="")
    phone = Varchar(length=20, default="", index=True)  # E.164
    email = Varchar(length=200, default="")
    locale = Varchar(length=5, default="id")
    sms_consent = Boolean(default=True)
    created_at = Timestamptz()


class Ticket(Table):
    id: Serial  # Piccolo adds it; declared for type checkers

    reference = Varchar(length=12, unique=True, index=True)
    pin_hash = Varchar(length=100, secret=True)
    channel = Varchar(length=12, index=True)  # telepon | web | open311 | operator
    status = Varchar(length=20, index=True)
    # Where a paused ticket (perlu_dilengkapi) returns to when the reporter answers.
    resume_status = Varchar(length=20, default="")
    privacy = Varchar(length=10)  # publik | anonim | rahasia
    reporter = ForeignKey(Reporter, null=True, on_delete=OnDelete.restrict)
    category = ForeignKey(Category, null=True, on_delete=OnDelete.restrict, index=True)
    region = ForeignKey(Region, null=True, on_delete=OnDelete.restrict, index=True)
    location_text = Text(default="")
    latitude = DoublePrecision(null=True, default=None)
    longitude = DoublePrecision(null=True, default=None)
    title = Varchar(length=200, default="")
    description = Text(default="")
    # What may be published after verification: the description with personal data removed.
    public_description = Text(default="")
    agency = ForeignKey(Agency, null=True, on_delete=OnDelete.restrict, index=True)
    proposed_agency = ForeignKey(Agency, null=True, on_delete=OnDelete.restrict)
    assignee = ForeignKey(User, null=True, on_delete=OnDelete.restrict)
    duplicate_of: ForeignKey[Ticket] = ForeignKey("self", null=True, on_delete=OnDelete.restrict)
    incomplete = Boolean(default=False)
    likely_prank = Boolean(default=False)
    reject_reason = Varchar(length=40, default="")
    rating = Integer(null=True, default=None)
    rating_comment = Text(default="")
    reopen_count = Integer(default=0)
    transfer_count = Integer(default=0)
    # The SLA policy in force when the clocks started (hotline.sla.policy.Policy.to_dict()).
    sla_policy = JSON(default={})
    attributes = JSON(default={})
    external_id = Varchar(length=80, default="")
    is_demo = Boolean(default=False)
    created_at = Timestamptz(index=True)
    updated_at = Timestamptz()
    verified_at = Timestamptz(null=True, default=None)
    dispatched_at = Timestamptz(null=True, default=None)
    first_response_at = Timestamptz(null=True, default=None)
    answered_at = Timestamptz(null=True, default=None)
    resolved_at = Timestamptz(null=True, default=None)
    closed_at = Timestamptz(null=True, default=None)
    # When the retention step erased this report's personal data (hotline/privacy/retention.py).
    anonymised_at = Timestamptz(null=True, default=None)


class TicketClock(Table):
    """One SLA clock of a ticket: when it started, when it is due, where the worker is with it.

    `next_check_at` is the next instant the worker must look at this clock (the 75 % warning,
    the breach, the next escalation level) and NULL when there is nothing left to do, so the
    worker's sweep reads only what is due through its index.
    """

    id: Serial  # Piccolo adds it; declared for type checkers

    ticket = ForeignKey(Ticket, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=20)  # hotline.sla.policy.ClockKind
    agency = ForeignKey(Agency, null=True, on_delete=OnDelete.restrict)
    duration = Varchar(length=40)  # "5 working_days"
    started_at = Timestamptz()
    due_at = Timestamptz(null=True, default=None)
    warn_at = Timestamptz(null=True, default=None)
    paused_at = Timestamptz(null=True, default=None)
    # Total time spent paused, in the clock's own time (working seconds for working-day clocks).
    paused_seconds = BigInt(default=0)
    stopped_at = Timestamptz(null=True, default=None)
    met = Boolean(null=True, default=None)
    warned_at = Timestamptz(null=True, default=None)
    breached_at = Timestamptz(null=True, default=None)
    escalation_level = Integer(default=0)
    next_check_at = Timestamptz(null=True, default=None, index=True)


class TicketEvent(Table):
    """The append-only history: every change to a ticket, who made it, and who may see it."""

    id: Serial  # Piccolo adds it; declared for type checkers

    ticket = ForeignKey(Ticket, on_delete=OnDelete.restrict, index=True)
    at = Timestamptz(index=True)
    kind = Varchar(length=30)  # hotline.tickets.events.EventKind
    actor_type = Varchar(length=12)  # system | reporter | staff | worker
    actor = ForeignKey(User, null=True, on_delete=OnDelete.restrict)
    from_status = Varchar(length=20, default="")
    to_status = Varchar(length=20, default="")
    public = Boolean(default=False)
    body = Text(default="")
    data = JSON(default={})
    # Makes an event that must happen once (a warning, an escalation) happen once, whatever
    # number of workers race for it.
    dedupe_key = Varchar(length=120, null=True, default=None, unique=True)


class Attachment(Table):
    id: Serial  # Piccolo adds it; declared for type checkers

    ticket = ForeignKey(Ticket, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=20)  # photo | document | recording
    filename = Varchar(length=200, default="")
    content_type = Varchar(length=100, default="")
    size = BigInt(default=0)
    sha256 = Varchar(length=64, default="")
    storage_path = Varchar(length=300, default="")
    source_url = Varchar(length=500, default="")
    public = Boolean(default=False)
    created_at = Timestamptz()
