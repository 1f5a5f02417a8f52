"""What every Twilio webhook shares: the signature check (403), and the guard that turns any
failure (the database away, above all) into a spooled request and a valid TwiML answer."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from litestar import MediaType, Request, Response
from twilio.twiml.voice_response import VoiceResponse

from hotline.db.tx import POOL_SIZE
from hotline.i18n import normalize_locale
from hotline.ivr import calls, spool
from hotline.ivr.config import get_config
from hotline.ivr.signature import is_valid, signed_url
from hotline.ivr.twiml import add_prompt, document
from hotline.settings import get_settings

log = logging.getLogger("hotline.ivr")

XML = MediaType.XML


class Gate:
    """Admits at most `size` webhooks at a time into their database work; the rest wait their
    turn in arrival order (asyncio.Semaphore is first come, first served).

    Why: without it every webhook starts at once and queues for a pooled connection at each of
    its statements; a step of two statements (or a report of fifteen) goes to the back of that
    queue each time, so under a burst the longest steps waited the longest, many times over. One
    slot per pooled connection means a webhook queues once, then runs to the end (PERFORMANCE.md:
    the p99 at 200 calls). One semaphore per event loop: a semaphore belongs to its loop."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._by_loop: dict[asyncio.AbstractEventLoop, asyncio.Semaphore] = {}

    def __call__(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        semaphore = self._by_loop.get(loop)
        if semaphore is None:
            # Loops closed since (tests run one per test) are dropped with their semaphores.
            self._by_loop = {lp: s for lp, s in self._by_loop.items() if not lp.is_closed()}
            semaphore = self._by_loop[loop] = asyncio.Semaphore(self.size)
        return semaphore


ADMISSION = Gate(POOL_SIZE)


def twiml_response(body: str, status_code: int = 200) -> Response[str]:
    return Response(body, media_type=XML, status_code=status_code)


async def signed_request(request: Request[Any, Any, Any]) -> calls.Request | None:
    """The webhook's form and query, or None when the signature is missing or wrong."""
    form = {k: str(v) for k, v in (await request.form()).items()}
    settings = get_settings()
    query_string = request.scope.get("query_string", b"").decode("latin-1")
    url = signed_url(settings.public_url, request.url.path, query_string)
    if not is_valid(
        settings.twilio_auth_token, url, form, request.headers.get("x-twilio-signature", "")
    ):
        return None
    query = {k: str(v) for k, v in request.query_params.items()}
    return calls.Request(form, query, request.headers.get("i-twilio-idempotency-token", ""))


def forbidden() -> Response[str]:
    return Response("Forbidden: bad or missing Twilio signature", status_code=403)


def apology(locale: str) -> str:
    """Said without the database: an apology and a <Record> whose result is kept (spooled if the
    database is still away when it arrives)."""
    voice = calls.voice()
    response = VoiceResponse()
    add_prompt(response, voice, "down_apology", locale, {})
    response.record(
        action=voice.url("/ivr/voice", mode="down", l=locale),
        max_length=120,
        timeout=5,
        finish_on_key="#",
        play_beep=True,
        trim="trim-silence",
    )
    add_prompt(response, voice, "goodbye", locale, {})
    response.hangup()
    return document(response)


def goodbye_after_message(locale: str) -> str:
    response = VoiceResponse()
    add_prompt(response, calls.voice(), "down_thanks", locale, {})
    response.hangup()
    return document(response)


# Webhooks given up at their deadline, still cancelling: kept so that they are not collected
# half-way, and so that what ended them is logged.
_abandoned: set[asyncio.Task[str]] = set()


def _abandon(task: asyncio.Task[str]) -> None:
    """Cancel a webhook's work without waiting for it: its clean-up (a ROLLBACK, a connection
    handed back) may itself wait on a frozen database. The connection it held is terminated,
    not reused (hotline/db/postgres.py)."""
    task.cancel()
    _abandoned.add(task)
    task.add_done_callback(_forget)


def _forget(task: asyncio.Task[str]) -> None:
    _abandoned.discard(task)
    if not task.cancelled() and task.exception() is not None:
        log.warning("IVR work given up at its deadline then failed: %r", task.exception())


async def _admitted(work: Callable[[], Awaitable[str]]) -> str:
    async with ADMISSION():
        return await work()


async def guarded(
    kind: str,
    req: calls.Request,
    work: Callable[[], Awaitable[str]],
    fallback: Callable[[], str],
) -> Response[str]:
    config = get_config()
    # The work runs as its own task, and the answer waits for it at most db_timeout_seconds
    # (the wait for admission included: an overloaded server apologises and keeps the request,
    # rather than leave the caller to Twilio's 15 s limit). Not `asyncio.timeout` around the
    # work: that cancels the work and then waits for its clean-up, and a frozen database held
    # the answer for 19 s that way (issue 16). Past the deadline the work is abandoned.
    task = asyncio.create_task(_admitted(work))
    try:
        done, _ = await asyncio.wait({task}, timeout=config.db_timeout_seconds)
        if not done:
            _abandon(task)
            raise TimeoutError(f"no answer from the database in {config.db_timeout_seconds} s")
        return twiml_response(task.result())
    except asyncio.CancelledError:
        _abandon(task)  # the request itself was cancelled (Twilio hung up on it)
        raise
    except Exception as exc:
        # Answer the caller anyway (Twilio would otherwise play its own error and hang up) and
        # keep the request, so what they said is replayed into the database later.
        if spool.is_unavailable(exc):
            log.warning(
                "IVR %s: database unavailable (%s); request spooled", kind, type(exc).__name__
            )
        else:
            log.exception("IVR %s failed; request spooled for replay", kind)
        spool.write(config.spool_dir, kind, req.form, req.query, req.token)
        return twiml_response(fallback())


def locale_of(req: calls.Request) -> str:
    return normalize_locale(req.query.get("l") or get_settings().default_locale)
