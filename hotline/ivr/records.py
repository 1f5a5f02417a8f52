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


class QueueNews(TypedDict):
    """What the queue and the agent line tell the areas above (hotline/ivr/news.py), in the
    words of Asterisk's queue_log: ENTERQUEUE, CONNECT, ABANDON, EXITWITHTIMEOUT,
    COMPLETECALLER, COMPLETEAGENT for a caller; AGENTLOGIN, READY, WRAPUP, AGENTLOGOFF for an
    officer on the agent line. `key` is unique per change, so a retried callback tells it once."""

    key: str
    kind: str
    at: datetime
    call_sid: str
    queue: str
    agent: int | None  # the officer's user id
    position: int | None  # place in the queue on entering (1 = next)
    wait_seconds: int | None
    talk_seconds: int | None
    reason: str
