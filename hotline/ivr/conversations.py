"""Recording the officers' conversations (issue 18): the agent line's <Dial> records both legs
from the moment the officer is bridged, one channel each, and Twilio posts the finished
recording to POST /ivr/queue/recording. The callback saves one `ConversationRecording` row
linked to the caller's call, the officer and any report filed in that call, and leaves an
outbox row (channel `recording`) for the worker to fetch the audio (hotline/ivr/recordings.py,
the one fetcher). It answers at once; a retried callback (same RecordingSid) adds nothing.

The caller is told before being queued (the prompt `recording_notice`, said only when the line
records: HOTLINE_IVR_RECORD_CONVERSATIONS). Playing and erasing the recordings is for the areas
above: the call page in the call centre, retention in privacy (docs/PRIVACY.md).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

from litestar import Request, Response, post
from piccolo.columns.combination import Combinable
from twilio.twiml.voice_response import VoiceResponse

from hotline import clock
from hotline.db.tx import transaction
from hotline.ivr.recordings import CONVERSATION, RECORDING
from hotline.ivr.tables import ConversationRecording, IvrCall, QueueCall
from hotline.ivr.twiml import Voice, document
from hotline.ivr.webhook import XML, forbidden, guarded, signed_request
from hotline.notify.outbox import About, enqueue

log = logging.getLogger("hotline.ivr")

CALLBACK_PATH = "/ivr/queue/recording"
# What the outbox rows of these recordings are about (the privacy area blanks them on erasure).
ABOUT = "ivr_conversation_recording"
# An officer's conversations are matched to their recording by the moment of answer; one that
# answered longer ago than this is not the recording's conversation.
MATCH_WINDOW = timedelta(hours=6)


def dial_attributes(voice: Voice) -> dict[str, str]:
    """The <Dial> attributes that record the conversation: both legs from the answer, one channel
    each (the officer and the caller apart, for a quality review), and the callback once the
    recording is ready (only `completed`: nothing to keep from an absent or failed one)."""
    return {
        "record": "record-from-answer-dual",
        "recording_status_callback": voice.url(CALLBACK_PATH),
        "recording_status_callback_method": "POST",
        "recording_status_callback_event": "completed",
    }


async def of_report(ticket_id: int) -> Combinable:
    """The condition for a report's conversation recordings: linked to it when saved, or made
    in the call that filed it (a report filed after the recording was saved)."""
    calls = [
        r["call_sid"]
        for r in await IvrCall.select(IvrCall.call_sid).where(IvrCall.ticket == ticket_id)
    ]
    linked: Combinable = ConversationRecording.ticket == ticket_id
    if calls:
        linked = linked | ConversationRecording.call_sid.is_in(calls)
    return linked


def about(recording_id: int) -> About:
    return About(ABOUT, recording_id)


def _int(value: str | None) -> int:
    try:
        return max(int(value or 0), 0)
    except ValueError:
        return 0


def recording_start(value: str | None) -> datetime | None:
    """Twilio's RecordingStartTime (RFC 2822), or None."""
    if not value:
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None


async def bridged_call(
    agent_call_sid: str, started: datetime | None, now: datetime
) -> tuple[Mapping[str, Any] | None, int | None]:
    """The caller's QueueCall this recording belongs to, and the officer (staff user id).

    The officer's leg is their call to the agent line, which may take several callers in turn
    (1 for the next): of the callers that officer answered, the one answered closest to the
    recording's start (recorded from the answer), else the latest. The queue's bookkeeping knows
    the officer of each answered caller (`QueueCall.agent`, set when Twilio bridged them)."""
    agent_row = (
        await IvrCall.select(IvrCall.agent).where(IvrCall.call_sid == agent_call_sid).first()
        if agent_call_sid
        else None
    )
    agent = agent_row["agent"] if agent_row else None
    if agent is None:
        return None, None
    answered = (QueueCall.agent == agent) & QueueCall.answered_at.is_not_null()
    columns = (QueueCall.call_sid, QueueCall.answered_at, QueueCall.ticket)
    rows = []
    if started is None:
        latest = (
            await QueueCall.select(*columns)
            .where(answered & (QueueCall.answered_at >= now - MATCH_WINDOW))
            .order_by(QueueCall.answered_at, ascending=False)
            .first()
        )
        rows = [latest] if latest else []
    else:
        # The nearest answer on each side of the start: the closest is one of the two.
        before = (
            await QueueCall.select(*columns)
            .where(
                answered
                & (QueueCall.answered_at <= started)
                & (QueueCall.answered_at >= started - MATCH_WINDOW)
            )
            .order_by(QueueCall.answered_at, ascending=False)
            .first()
        )
        after = (
            await QueueCall.select(*columns)
            .where(
                answered
                & (QueueCall.answered_at > started)
                & (QueueCall.answered_at <= started + MATCH_WINDOW)
            )
            .order_by(QueueCall.answered_at)
            .first()
        )
        rows = [r for r in (after, before) if r]
    return closest_answer(rows, started), int(agent)


def closest_answer(
    rows: Sequence[Mapping[str, Any]], started: datetime | None
) -> Mapping[str, Any] | None:
    """Of an officer's answered callers (latest first), the one answered closest to the
    recording's start; without a start, the latest. Pure."""
    if not rows:
        return None
    if started is None:
        return rows[0]
    return min(rows, key=lambda r: abs((r["answered_at"] - started).total_seconds()))


async def _report_of(queue_row: Mapping[str, Any] | None) -> int | None:
    """The report filed in that call: the queue row's, else the one the caller's call made."""
    if queue_row is None:
        return None
    if queue_row["ticket"] is not None:
        return int(queue_row["ticket"])
    call = (
        await IvrCall.select(IvrCall.ticket)
        .where(IvrCall.call_sid == queue_row["call_sid"])
        .first()
    )
    return int(call["ticket"]) if call and call["ticket"] is not None else None


async def save_recording(form: Mapping[str, str], now: datetime) -> bool:
    """One transaction: the row and its fetch order. False when there is nothing new (a retry,
    or a callback without a recording)."""
    sid = form.get("RecordingSid", "").strip()
    url = form.get("RecordingUrl", "").strip()
    status = form.get("RecordingStatus", "completed")
    if not sid or not url or len(sid) > 64 or status != "completed":
        log.info("conversation recording callback without a completed recording: ignored")
        return False
    async with transaction():
        known = await ConversationRecording.exists().where(
            ConversationRecording.recording_sid == sid
        )
        if known:
            return False
        agent_call = form.get("CallSid", "")
        queue_row, agent = await bridged_call(
            agent_call, recording_start(form.get("RecordingStartTime")), now
        )
        rows: list[Any] = await (
            ConversationRecording.insert(
                ConversationRecording(
                    recording_sid=sid,
                    call_sid=queue_row["call_sid"] if queue_row else "",
                    agent_call_sid=agent_call[:64],
                    agent=agent,
                    ticket=await _report_of(queue_row),
                    source_url=url,
                    duration_seconds=_int(form.get("RecordingDuration")),
                    channels=_int(form.get("RecordingChannels")) or 1,
                    created_at=now,
                )
            )
            .on_conflict(action="DO NOTHING")
            .returning(ConversationRecording.id)
        )
        if not rows:  # another replica saved it between our look and our insert
            return False
        recording_id = int(rows[0]["id"])
        await enqueue(
            channel=RECORDING,
            recipient=url,
            body=f"{CONVERSATION}{recording_id}",
            dedupe_key=f"conversation:{sid}",
            now=now,
            about=about(recording_id),
        )
    return True


@post("/queue/recording", media_type=XML)
async def recording_webhook(request: Request[Any, Any, Any]) -> Response[str]:
    """Twilio's recordingStatusCallback of the agent line's <Dial>: answered at once with an
    empty document (nobody hears it); on a database failure the request is spooled and
    replayed by the worker like every other webhook."""
    req = await signed_request(request)
    if req is None:
        return forbidden()

    async def work() -> str:
        await save_recording(req.form, clock.now())
        return document(VoiceResponse())

    return await guarded("conversation_recording", req, work, lambda: document(VoiceResponse()))


ROUTES = [recording_webhook]
