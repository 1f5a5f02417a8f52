"""Recording the officers' conversations (issue 18): what Twilio's recording callback costs
(`conversations.save_recording`, in process: the row, its link to the caller and the outbox row)
on a line with 20 officers, 4,000 answered callers and 20,000 earlier recordings, new and
retried; and the retention round erasing 5,000 recordings without a report.

    .venv/bin/python -m bench conversations     # both engines, each on a throwaway database
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from datetime import timedelta

from bench.setup import prepare
from hotline import clock
from hotline.accounts.tables import User
from hotline.db.tx import connection_pool
from hotline.ivr.conversations import save_recording
from hotline.ivr.tables import ConversationRecording, IvrCall, QueueCall
from hotline.privacy.erasure import conversation_round

OFFICERS = 20
ANSWERED_PER_OFFICER = 200
EARLIER = 20_000
CALLBACKS = 500
DUE = 5_000
BATCH = 500


def _ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p99_ms": round(ordered[int(len(ordered) * 0.99) - 1] * 1000, 2),
    }


async def _line() -> list[str]:
    """Officers, their calls to the agent line, and the callers they answered over 4 days."""
    now = clock.now()
    # No one signs in as these officers: the hash is a placeholder.
    no_sign_in = "x"
    users = await User.insert(
        *(
            User(
                username=f"petugas{i}",
                display_name=f"Petugas {i}",
                password_hash=no_sign_in,
                role="operator",
                created_at=now,
            )
            for i in range(OFFICERS)
        )
    ).returning(User.id)
    agent_calls = []
    for i, u in enumerate(users):
        sid = f"CAagent{i:026d}"
        agent_calls.append(sid)
        await IvrCall.insert(
            IvrCall(call_sid=sid, line="agent", agent=u["id"], started_at=now, updated_at=now)
        )
        rows = [
            QueueCall(
                call_sid=f"CA{i:04d}{n:028d}",
                queue="id",
                entered_at=now - timedelta(minutes=10 * n + 1),
                answered_at=now - timedelta(minutes=10 * n),
                outcome="answered",
                agent=u["id"],
            )
            for n in range(ANSWERED_PER_OFFICER)
        ]
        await QueueCall.insert(*rows)
    return agent_calls


async def _recordings(count: int, *, days_ago: int, prefix: str) -> None:
    at = clock.now() - timedelta(days=days_ago)
    for first in range(0, count, BATCH):
        await ConversationRecording.insert(
            *(
                ConversationRecording(
                    recording_sid=f"RE{prefix}{n:030d}",
                    call_sid=f"CAold{n:027d}",
                    created_at=at,
                    duration_seconds=120,
                    channels=2,
                )
                for n in range(first, min(first + BATCH, count))
            )
        )


async def run() -> dict[str, object]:
    await prepare()
    agent_calls = await _line()
    await _recordings(EARLIER, days_ago=10, prefix="a")
    form = {
        "RecordingUrl": "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1",
        "RecordingStatus": "completed",
        "RecordingDuration": "184",
        "RecordingChannels": "2",
    }
    new: list[float] = []
    for n in range(CALLBACKS):
        start = clock.now() - timedelta(minutes=10 * (n % ANSWERED_PER_OFFICER))
        callback = {
            **form,
            "CallSid": agent_calls[n % OFFICERS],
            "RecordingSid": f"REnew{n:029d}",
            "RecordingStartTime": start.strftime("%a, %d %b %Y %H:%M:%S +0000"),
        }
        t0 = time.perf_counter()
        saved = await save_recording(callback, clock.now())
        new.append(time.perf_counter() - t0)
        assert saved
    retried: list[float] = []
    for n in range(CALLBACKS):
        callback = {**form, "CallSid": agent_calls[n % OFFICERS], "RecordingSid": f"REnew{n:029d}"}
        t0 = time.perf_counter()
        saved = await save_recording(callback, clock.now())
        retried.append(time.perf_counter() - t0)
        assert not saved
    await _recordings(DUE, days_ago=100, prefix="d")
    t0 = time.perf_counter()
    stats = await conversation_round()
    erase_s = time.perf_counter() - t0
    assert stats.conversations == DUE
    return {
        "callback_new": _ms(new),
        "callback_retried": _ms(retried),
        "retention_5000_recordings_s": round(erase_s, 2),
    }


async def main() -> None:
    async with connection_pool():
        result = await run()
    print(json.dumps(result))


if __name__ == "__main__":
    asyncio.run(main())
