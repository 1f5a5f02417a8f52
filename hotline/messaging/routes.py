"""`POST /pesan/masuk`: the Messaging webhook of the SMS and WhatsApp numbers (a public contract).

Signature checked as the voice webhooks' (hotline/ivr/webhook.py: signed_request, 403 otherwise).
Then the message is saved before anything else, and answered with TwiML: `<Message>` with the
reply, or an empty `<Response/>` when there is nothing to say (an opted-out number, a flood).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from litestar import Request, Response, Router, post

from hotline import clock
from hotline.ivr import spool
from hotline.ivr.webhook import ADMISSION, XML, forbidden, signed_request
from hotline.messaging import conversation, inbound
from hotline.messaging.config import get_config
from hotline.web.errors import Failure, renders

log = logging.getLogger("hotline.messaging")


@post("/masuk", media_type=XML, status_code=200)
async def message_webhook(request: Request[Any, Any, Any]) -> Response[str]:
    req = await signed_request(request)
    if req is None:
        return forbidden()
    msg = inbound.parse(req.form)
    if msg is None:
        # Answered 200 on purpose: Twilio would retry a 4xx/5xx, and a form without a sender we
        # can answer will not become one. Logged without the number.
        log.warning("message webhook without a MessageSid or a valid From: ignored")
        return Response(conversation.EMPTY, media_type=XML)
    # One webhook per pooled connection in its database work, first come first served, shared
    # with the phone line's (hotline/ivr/webhook.py: Gate): under a burst each message waits
    # once for its turn instead of at every statement.
    async with ADMISSION():
        return await _receive(req.form, msg)


async def _receive(form: Mapping[str, str], msg: inbound.Inbound) -> Response[str]:
    now = clock.now()
    try:
        stored = await conversation.save(msg, now)
    except Exception as exc:
        if not spool.is_unavailable(exc):
            raise
        # The database is away: the message is kept on disk for the worker (the IVR's spool),
        # and the citizen told that the answer will come (through the outbox, once replayed).
        log.warning("message webhook: database unavailable (%s); spooled", type(exc).__name__)
        spool.write(get_config().spool_dir, "message", form, {}, "")
        return Response(conversation.apology(), media_type=XML)
    if stored is not None:
        return Response(stored, media_type=XML)
    try:
        handled = await conversation.after_save(msg, now)
    except Exception:
        # Answered 200 on purpose: the message is saved, and the worker handles a saved message
        # left unhandled (hotline/messaging/jobs.py), its reply through the outbox; a 5xx would
        # only make Twilio show an error. Logged with its traceback.
        log.exception("message webhook: handling a saved message failed; the worker will retry")
        return Response(conversation.apology(), media_type=XML)
    return Response(handled.twiml, media_type=XML)


def twiml_error(request: Request[Any, Any, Any], failure: Failure) -> Response[str]:
    """How errors under /pesan look: an empty TwiML answer with the failure's status. A 5xx
    makes Twilio retry the webhook later; the message was saved first, and the retry finds it
    still unhandled and handles it."""
    return Response(conversation.EMPTY, media_type=XML, status_code=failure.status)


ROUTES: list[Any] = [
    Router(
        path="/pesan",
        route_handlers=[message_webhook],
        opt=renders(twiml_error),
        include_in_schema=False,
    )
]
