"""Writing the log: `record(...)`, the one function every event goes through (the IVR's queue
and agent line through the listener below, the console's state form directly). It runs inside
the caller's transaction, so the event commits or rolls back with the change it records; its
unique `event_key` makes a retried callback write nothing twice."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hotline.callcentre.definitions import Kind
from hotline.callcentre.records import Event
from hotline.callcentre.tables import CallCentreEvent
from hotline.ivr.records import QueueNews


def event(
    kind: Kind | str,
    key: str,
    at: datetime,
    *,
    call_sid: str = "",
    queue: str = "",
    agent: int | None = None,
    position: int | None = None,
    wait_seconds: int | None = None,
    hold_seconds: int | None = None,
    talk_seconds: int | None = None,
    reason: str = "",
) -> Event:
    return Event(
        event_key=key,
        at=at,
        kind=str(Kind(kind)),
        call_sid=call_sid,
        queue=queue,
        agent=agent,
        position=position,
        wait_seconds=wait_seconds,
        hold_seconds=hold_seconds,
        talk_seconds=talk_seconds,
        reason=reason,
    )


async def record(e: Event) -> bool:
    """Append one event; False when one with its key is there already (a retry)."""
    rows: list[Any] = await (
        CallCentreEvent.insert(CallCentreEvent(**e))
        .on_conflict(action="DO NOTHING")
        .returning(CallCentreEvent.id)
    )
    return bool(rows)


async def from_queue(news: QueueNews) -> None:
    """What the IVR's queue and agent line tell (hotline/ivr/news.py). The queue has no hold;
    a bridged conversation's hold is 0 until a line that can hold tells otherwise."""
    kind = Kind(news["kind"])
    completes = kind in (Kind.COMPLETECALLER, Kind.COMPLETEAGENT)
    await record(
        event(
            kind,
            news["key"],
            news["at"],
            call_sid=news["call_sid"],
            queue=news["queue"],
            agent=news["agent"],
            position=news["position"],
            wait_seconds=news["wait_seconds"],
            hold_seconds=0 if completes else None,
            talk_seconds=news["talk_seconds"],
            reason=news["reason"],
        )
    )
