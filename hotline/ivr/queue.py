"""The officer queue: what a waiting caller hears, and the bookkeeping behind the call-centre
figures (QueueCall rows and their raw IvrQueueEvent trail).

A caller enters through the flow's `enqueue` state (actions.DbEffects.enqueue). While they wait
Twilio polls the waitUrl (/ivr/queue/wait): they hear their position and an estimate, and after
HOTLINE_IVR_QUEUE_MAX_WAIT_SECONDS they are taken out (<Leave/>) and offered a message. When an
officer's <Dial><Queue> takes them, Twilio fetches /ivr/queue/connect on the caller's leg: that
is the moment of answer. The <Enqueue> action (back on /ivr/voice) says how the wait ended, and
the status callback closes whatever is still open.
"""

from __future__ import annotations

import math
from typing import Any

from litestar import Request, Response, post
from twilio.twiml.voice_response import VoiceResponse

from hotline import clock
from hotline.db.tx import transaction
from hotline.ivr import calls
from hotline.ivr.config import get_config
from hotline.ivr.queuebook import mark_answered
from hotline.ivr.twiml import add_prompt, document
from hotline.ivr.webhook import XML, forbidden, guarded, locale_of, signed_request, twiml_response

HOLD_SECONDS = 20  # between two announcements of the position


def _int(value: str | None) -> int:
    try:
        return max(int(value or 0), 0)
    except ValueError:
        return 0


def estimate_minutes(position: int, average_wait: int) -> int:
    """A rough, honest estimate: Twilio's average wait of the queue, and no less than 45 s for
    each caller ahead; always at least a minute."""
    return max(1, math.ceil(max(average_wait, 45 * max(position, 1)) / 60))


def wait_twiml(locale: str, position: int, waited: int, average: int, max_wait: int) -> str:
    response = VoiceResponse()
    voice = calls.voice()
    if waited >= max_wait:
        response.leave()
        return document(response)
    values = {"position": position, "minutes": estimate_minutes(position, average)}
    add_prompt(response, voice, "queue_position" if position else "queue_hold", locale, values)
    response.pause(length=HOLD_SECONDS)
    return document(response)


@post("/queue/wait", media_type=XML)
async def queue_wait(request: Request[Any, Any, Any]) -> Response[str]:
    """Needs no database, so a waiting caller hears the same whatever happens to it."""
    req = await signed_request(request)
    if req is None:
        return forbidden()
    twiml = wait_twiml(
        locale_of(req),
        _int(req.form.get("QueuePosition")),
        _int(req.form.get("QueueTime")),
        _int(req.form.get("AvgQueueTime")),
        get_config().queue_max_wait_seconds,
    )
    return twiml_response(twiml)


@post("/queue/connect", media_type=XML)
async def queue_connect(request: Request[Any, Any, Any]) -> Response[str]:
    """Played to the caller as an officer takes them: the moment the call is answered."""
    req = await signed_request(request)
    if req is None:
        return forbidden()
    locale = locale_of(req)

    def connecting() -> str:
        response = VoiceResponse()
        add_prompt(response, calls.voice(), "queue_connecting", locale, {})
        return document(response)

    async def work() -> str:
        async with transaction():
            await mark_answered(
                req.call_sid,
                req.form.get("DequeingCallSid", ""),
                _int(req.form.get("QueueTime")),
                clock.now(),
            )
        return connecting()

    return await guarded("queue_connect", req, work, connecting)


ROUTES = [queue_wait, queue_connect]
