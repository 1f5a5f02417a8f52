"""Typed records of the ticket core's rows where they cross modules: a ticket, a reporter, a
clock. Piccolo's selects return plain dicts; these TypedDicts name their keys and types for the
type checker, so `ticket["agnecy"]` or `ticket["rating"] + 1` without a None check fail `make
check`, at no cost at run time (the row is still the dict the query returned).

The keys follow the tables (hotline/tickets/tables.py); tests/unit/tickets/test_records.py
fails when a column is added, removed or renamed without its record. A ticket's `pin_hash` is a
secret column, never loaded with the record (it is read only by the PIN check).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypedDict


class TicketRow(TypedDict):
    id: int
    reference: str
    channel: str  # hotline.tickets.channels.Channel
    status: str  # hotline.tickets.lifecycle.Status
    resume_status: str
    privacy: str  # hotline.tickets.privacy.Privacy
    reporter: int | None
    category: int | None
    region: int | None
    location_text: str
    latitude: float | None
    longitude: float | None
    title: str
    description: str
    public_description: str
    agency: int | None
    proposed_agency: int | None
    assignee: int | None
    duplicate_of: int | None
    incomplete: bool
    likely_prank: bool
    reject_reason: str
    rating: int | None
    rating_comment: str
    reopen_count: int
    transfer_count: int
    sla_policy: dict[str, Any]  # loaded from JSON
    attributes: dict[str, Any]  # loaded from JSON
    external_id: str
    is_demo: bool
    created_at: datetime
    updated_at: datetime
    verified_at: datetime | None
    dispatched_at: datetime | None
    first_response_at: datetime | None
    answered_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    anonymised_at: datetime | None


class ReporterRow(TypedDict):
    id: int
    name: str
    phone: str  # E.164, or "" when none was given
    email: str
    locale: str
    sms_consent: bool
    created_at: datetime


class Contact(TypedDict):
    """Where a message to a reporter can go: a reporter's row is one, and so is the contact of a
    report being filed, before its row exists."""

    phone: str
    email: str
    sms_consent: bool


class ReporterContact(Contact):
    """A contact and the language to write to it in (a reporter's row is one too)."""

    locale: str


class ClockRow(TypedDict):
    id: int
    ticket: int
    kind: str  # hotline.sla.policy.ClockKind
    agency: int | None
    duration: str  # "5 working_days"
    started_at: datetime
    due_at: datetime | None
    warn_at: datetime | None
    paused_at: datetime | None
    paused_seconds: int
    stopped_at: datetime | None
    met: bool | None
    warned_at: datetime | None
    breached_at: datetime | None
    escalation_level: int
    next_check_at: datetime | None
