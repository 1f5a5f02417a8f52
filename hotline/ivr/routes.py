"""The Twilio webhooks under /ivr: the voice URL and status callback of the hotline number, the
officer queue's callbacks, the agent line, and the recorded prompt files.

Every POST is checked against Twilio's signature first (403 otherwise). After that a caller
never gets an error page: if the database does not answer within HOTLINE_IVR_DB_TIMEOUT_SECONDS
(or anything else fails) the request is spooled to disk for the worker to replay, and the caller
hears an apology and is offered to leave a message: a valid TwiML document, never a 500.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar import Request, Response, Router, get, post
from litestar.exceptions import NotFoundException
from litestar.response import File
from twilio.twiml.voice_response import VoiceResponse

from hotline.i18n import normalize_locale
from hotline.ivr import agent, calls, conversations, queue
from hotline.ivr.config import get_config
from hotline.ivr.twiml import AUDIO_SUFFIXES, document
from hotline.ivr.webhook import (
    XML,
    apology,
    forbidden,
    goodbye_after_message,
    guarded,
    locale_of,
    signed_request,
)
from hotline.web.errors import Failure, renders


@post("/voice", media_type=XML)
async def voice_webhook(request: Request[Any, Any, Any]) -> Response[str]:
    req = await signed_request(request)
    if req is None:
        return forbidden()
    locale = locale_of(req)
    fallback = (
        (lambda: goodbye_after_message(locale))
        if req.query.get("mode") == "down"
        else (lambda: apology(locale))
    )
    return await guarded("voice", req, lambda: calls.answer_voice(req), fallback)


@post("/status", media_type=XML)
async def status_webhook(request: Request[Any, Any, Any]) -> Response[str]:
    req = await signed_request(request)
    if req is None:
        return forbidden()

    async def work() -> str:
        await calls.answer_status(req)
        return document(VoiceResponse())

    return await guarded("status", req, work, lambda: document(VoiceResponse()))


@get("/audio/{locale:str}/{name:str}", media_type="audio/mpeg")
async def audio_file(locale: str, name: str) -> File:
    """A recorded prompt (ivr_flows/audio/<locale>/<key>.mp3|.wav), fetched by Twilio's <Play>."""
    config = get_config()
    path = config.audio_dir / normalize_locale(locale) / Path(name).name
    if path.suffix not in AUDIO_SUFFIXES or not path.is_file():
        raise NotFoundException()
    return File(path, media_type="audio/mpeg" if path.suffix == ".mp3" else "audio/x-wav")


def twiml_error(request: Request[Any, Any, Any], failure: Failure) -> Response[str]:
    """How errors under /ivr look (declared on the router; hotline/web/errors.py calls it)."""
    if failure.status >= 500:
        # Answered 200 on purpose: Twilio plays TwiML only from a 2xx, and on a 5xx tells the
        # caller "an application error has occurred" in English and hangs up. The apology
        # offers to record a message instead, as when the database is away.
        return Response(apology(failure.locale), media_type=XML, status_code=200)
    return Response(document(VoiceResponse()), media_type=XML, status_code=failure.status)


ROUTES: list[Any] = [
    Router(
        path="/ivr",
        route_handlers=[
            voice_webhook,
            status_webhook,
            *queue.ROUTES,
            *conversations.ROUTES,
            *agent.ROUTES,
            audio_file,
        ],
        opt=renders(twiml_error),
        include_in_schema=False,
    )
]
