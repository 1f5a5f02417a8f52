"""This area's part in every `hotline worker` round (hotline/worker/loop.py): replay the webhooks
spooled while the database was away, and finish calls that went quiet without a status callback
(a report is never lost because Twilio's last request was); and the outbox channel it delivers
itself, call recordings fetched from Twilio."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta
from typing import Any

from hotline import clock
from hotline.db.tx import claim_due, transaction
from hotline.ivr import calls, conversations, recordings, spool
from hotline.ivr.agent import answer_agent
from hotline.ivr.config import IvrConfig, get_config
from hotline.ivr.queuebook import end_queue_wait, mark_answered
from hotline.ivr.tables import IvrCall
from hotline.notify.handlers import Handlers
from hotline.settings import Settings

STALE_BATCH = 50


async def replay_record(record: dict[str, Any]) -> None:
    """One spooled request, handled as of the moment it was received: the report a caller made
    during an outage is dated then, and its SLA clock starts then, not when the database came
    back (the spool records the receiving time; older files without it use the replay time)."""
    received = record.get("received_at")
    when = (
        clock.pinned(datetime.fromtimestamp(float(received), UTC))
        if received is not None
        else contextlib.nullcontext()
    )
    with when:
        await _replay(record)


async def _replay(record: dict[str, Any]) -> None:
    req = calls.Request(record["form"], record["query"], record.get("token", ""))
    kind = record["kind"]
    if kind == "voice":
        await calls.answer_voice(req)
    elif kind == "status":
        await calls.answer_status(req)
    elif kind == "agent":
        await answer_agent(req)
    elif kind == "queue_connect":
        async with transaction():
            await mark_answered(
                req.call_sid,
                req.form.get("DequeingCallSid", ""),
                int(req.form.get("QueueTime", "0") or 0),
                clock.now(),
            )
    elif kind == "conversation_recording":
        await conversations.save_recording(req.form, clock.now())
    else:
        raise ValueError(f"unknown spooled request kind {kind!r}")


async def finish_stale_calls(config: IvrConfig) -> int:
    """Calls with no news for HOTLINE_IVR_STALE_CALL_MINUTES: Twilio's status callback never came
    (or was lost); finish them as it would have."""
    cutoff = clock.now() - timedelta(minutes=config.stale_call_minutes)
    done = 0
    async with transaction():
        rows = await claim_due(
            IvrCall.select()
            .where((IvrCall.status == "active") & (IvrCall.updated_at < cutoff))
            .order_by(IvrCall.updated_at)
            .limit(STALE_BATCH)
            .output(load_json=True),
            IvrCall,
        )
        for row in rows:
            await end_queue_wait(row["call_sid"], clock.now(), reason="stale")
            await calls.finish_call(row, config, clock.now())
            done += 1
    return done


async def run_round(settings: Settings) -> int:
    """Do what is due; return how many things were done (for the worker's log)."""
    del settings
    config = get_config()
    done = await spool.replay(config.spool_dir, replay_record)
    return done + await finish_stale_calls(config)


def add_handlers(handlers: Handlers, settings: Settings) -> None:
    handlers.add(recordings.fetcher(settings))
