"""The typed record of a phone call's row, where it crosses modules (the webhook, the agent line,
the worker's finishing of quiet calls): `call["stat"]` or a missing None check fail `make check`.
The row is still the dict the query returned (hotline/tickets/records.py says why)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NotRequired, TypedDict


class CallRow(TypedDict):
    id: int
    call_sid: str
    line: str  # caller | agent
    caller: str  # E.164, "" when withheld
    locale: str
    state: str  # the flow's state id, "" once the flow has ended
    seq: int
    failures: int
    vars: dict[str, Any]  # loaded from JSON
    status: str  # active | ended | done
    ticket: int | None
    agent: int | None
    likely_prank: bool
    started_at: datetime
    updated_at: datetime
    ended_at: datetime | None
    duration_seconds: int | None
    call_status: str
    # PostgreSQL only: the row's version (xmin) read with it, for the optimistic step.
    row_version: NotRequired[str]
