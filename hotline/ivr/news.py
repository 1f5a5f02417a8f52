"""The queue tells what happened to whoever listens above it (the call centre's event log), in
the transaction of the webhook that made the change: the listener's write commits or rolls back
with the IVR's own. The IVR does not know who listens (hotline/areas.py `listeners`): the call
centre sits above it in the layers, so the IVR may not import it."""

from __future__ import annotations

from datetime import datetime

from hotline.areas import listeners
from hotline.ivr.records import QueueNews

TOPIC = "ivr.queue"


async def tell(
    kind: str,
    key: str,
    at: datetime,
    *,
    call_sid: str = "",
    queue: str = "",
    agent: int | None = None,
    position: int | None = None,
    wait_seconds: int | None = None,
    talk_seconds: int | None = None,
    reason: str = "",
) -> None:
    news = QueueNews(
        key=key,
        kind=kind,
        at=at,
        call_sid=call_sid,
        queue=queue,
        agent=agent,
        position=position,
        wait_seconds=wait_seconds,
        talk_seconds=talk_seconds,
        reason=reason,
    )
    for listener in listeners(TOPIC):
        await listener(news)
