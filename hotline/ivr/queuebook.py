"""The queue's bookkeeping: QueueCall rows (the contract with the transparency figures) and the
raw IvrQueueEvent trail, written inside the transaction of the webhook that reports the change.
Every function is idempotent: a retried or replayed callback changes nothing twice."""

from __future__ import annotations

from datetime import datetime

from hotline.ivr.news import tell
from hotline.ivr.tables import IvrCall, IvrQueueEvent, QueueCall


async def end_queue_wait(
    sid: str, now: datetime, *, reason: str, queue_time: int | None = None
) -> None:
    """The caller's time in the queue is over without an answer (hung up), or the answered
    conversation is over. Idempotent: a row already closed is left alone."""
    q = await QueueCall.select().where(QueueCall.call_sid == sid).first()
    if q is None or q["ended_at"] is not None:
        return
    if q["outcome"] == "answered":
        handled = int((now - q["answered_at"]).total_seconds()) if q["answered_at"] else None
        await QueueCall.update({QueueCall.ended_at: now, QueueCall.handle_seconds: handled}).where(
            QueueCall.id == q["id"]
        )
        kind = "ended"
        # Back in <Enqueue>'s action with "bridged": the officer hung up; otherwise the caller.
        await tell(
            "COMPLETEAGENT" if reason == "bridged" else "COMPLETECALLER",
            f"{sid}:COMPLETE",
            now,
            call_sid=sid,
            queue=q["queue"],
            agent=q["agent"],
            wait_seconds=q["wait_seconds"],
            talk_seconds=handled,
            reason=reason,
        )
    elif q["outcome"] == "waiting":
        waited = (
            queue_time if queue_time is not None else int((now - q["entered_at"]).total_seconds())
        )
        await QueueCall.update(
            {
                QueueCall.outcome: "abandoned",
                QueueCall.ended_at: now,
                QueueCall.wait_seconds: waited,
            }
        ).where(QueueCall.id == q["id"])
        kind = "abandoned"
        await tell(
            "ABANDON",
            f"{sid}:ABANDON",
            now,
            call_sid=sid,
            queue=q["queue"],
            wait_seconds=waited,
            reason=reason,
        )
    else:
        return
    await IvrQueueEvent.insert(
        IvrQueueEvent(call_sid=sid, kind=kind, queue=q["queue"], at=now, data={"by": reason})
    )


async def mark_answered(caller_sid: str, agent_call_sid: str, waited: int, now: datetime) -> None:
    row = await QueueCall.select().where(QueueCall.call_sid == caller_sid).first()
    if row is None or row["outcome"] != "waiting":
        return
    agent_call = (
        await IvrCall.select(IvrCall.agent).where(IvrCall.call_sid == agent_call_sid).first()
        if agent_call_sid
        else None
    )
    await QueueCall.update(
        {
            QueueCall.outcome: "answered",
            QueueCall.answered_at: now,
            QueueCall.wait_seconds: waited,
            QueueCall.agent: agent_call["agent"] if agent_call else None,
        }
    ).where(QueueCall.id == row["id"])
    await IvrQueueEvent.insert(
        IvrQueueEvent(
            call_sid=caller_sid,
            kind="answered",
            queue=row["queue"],
            at=now,
            data={"wait_seconds": waited, "agent_call": agent_call_sid},
        )
    )
    await tell(
        "CONNECT",
        f"{caller_sid}:CONNECT",
        now,
        call_sid=caller_sid,
        queue=row["queue"],
        agent=agent_call["agent"] if agent_call else None,
        wait_seconds=waited,
    )


async def record_result(caller_sid: str, result: str, waited: int, now: datetime) -> None:
    """The <Enqueue> action: how the caller's time in the queue ended."""
    row = await QueueCall.select().where(QueueCall.call_sid == caller_sid).first()
    if row is None:
        return
    await IvrQueueEvent.insert(
        IvrQueueEvent(
            call_sid=caller_sid,
            kind="left",
            queue=row["queue"],
            at=now,
            data={"result": result, "queue_time": waited},
        )
    )
    if result == "bridged":
        await end_queue_wait(caller_sid, now, reason="bridged")
    elif result == "hangup":
        await end_queue_wait(caller_sid, now, reason="hangup", queue_time=waited)
    elif row["outcome"] == "waiting":
        # The wait ran out (<Leave/>) or Twilio could not queue: offered a message instead.
        await QueueCall.update(
            {
                QueueCall.outcome: "recording",
                QueueCall.ended_at: now,
                QueueCall.wait_seconds: waited,
            }
        ).where(QueueCall.id == row["id"])
        await tell(
            "EXITWITHTIMEOUT",
            f"{caller_sid}:EXIT:{result}",
            now,
            call_sid=caller_sid,
            queue=row["queue"],
            wait_seconds=waited,
            reason=result,
        )
