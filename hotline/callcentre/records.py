"""The typed records of this area, where they cross modules (the log as read, and the facts the
reports are computed from)."""

from __future__ import annotations

from datetime import date, datetime
from typing import NotRequired, TypedDict


class Event(TypedDict):
    """One row of the log (`callcentre_event`), as written and as read (read without its key:
    queries.COLUMNS)."""

    event_key: NotRequired[str]
    at: datetime
    kind: str  # definitions.Kind
    call_sid: str
    queue: str
    agent: int | None
    position: int | None
    wait_seconds: int | None
    hold_seconds: int | None
    talk_seconds: int | None
    reason: str


class CallFact(TypedDict):
    """One caller's time in the queue, folded from its events (intervals.calls)."""

    call_sid: str
    queue: str
    entered_at: datetime
    position: int | None
    outcome: str  # definitions.Outcome
    wait_seconds: int | None  # to the answer, the hang-up or the time-out
    agent: int | None
    talk_seconds: int
    hold_seconds: int
    wrapup_seconds: int
    completed_by: str  # "caller" | "agent" | ""


class Span(TypedDict):
    """An officer's time in one state, [start, end) (intervals.spans)."""

    agent: int
    state: str  # definitions.State
    reason: str
    start: datetime
    end: datetime


class ShiftRow(TypedDict):
    """One rostered shift (`callcentre_shift`) as the roster and the staffing page read it."""

    id: int
    officer: int
    day: date
    start_minute: int  # local minutes after midnight of `day`
    end_minute: int  # at or before start_minute: ends the next day
    note: str
