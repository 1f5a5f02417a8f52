"""The agent line (/ivr/agent): an officer calls in, enters their agent PIN and is connected with
<Dial><Queue> to the caller who has waited longest, after a whisper of that caller's language and
any report reference they gave. After each conversation, 1 takes the next caller.

It is a fixed, staff-facing dialogue (not a YAML flow); its steps are stored and replayed like the
caller's (same CallSid:step keys), so a retried request gets the same answer. Agents speak to the
system in Indonesian, like every staff notice.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from litestar import Request, Response, post
from twilio.twiml.voice_response import Dial, VoiceResponse

from hotline import clock
from hotline.accounts.tables import User
from hotline.db.tx import transaction
from hotline.errors import FieldError, NotFound, ValidationFailed
from hotline.i18n import N_
from hotline.ivr import calls
from hotline.ivr.config import get_config
from hotline.ivr.conversations import dial_attributes
from hotline.ivr.engine import queue_name
from hotline.ivr.news import tell
from hotline.ivr.records import CallRow
from hotline.ivr.tables import IvrAgent, IvrCall, QueueCall
from hotline.ivr.twiml import add_prompt, document
from hotline.ivr.webhook import XML, forbidden, guarded, signed_request
from hotline.settings import get_settings
from hotline.tickets import pins

LOCALE = "id"
MAX_PIN_TRIES = 3


def _gather_pin(response: VoiceResponse, url: str, prefix: list[str]) -> None:
    voice = calls.voice()
    gather = response.gather(
        action=url, action_on_empty_result=True, input="dtmf", finish_on_key="#", timeout=10
    )
    for key in [*prefix, "agent_pin"]:
        add_prompt(gather, voice, key, LOCALE, {})
    response.hangup()


async def _agent_for_pin(pin: str) -> int | None:
    secret = get_settings().secret_key
    rows = await IvrAgent.select(IvrAgent.user, IvrAgent.pin_hash).where(IvrAgent.active.eq(True))
    found = None
    for row in rows:
        # Compare with every agent (no early exit): the time says nothing about which matched.
        if pins.pin_matches(pin, row["pin_hash"], secret):
            found = int(row["user"])
    return found


async def _connect(response: VoiceResponse, url: str) -> None:
    """Whisper who is next, then take them: the head of the queue that has waited longest."""
    voice = calls.voice()
    head = (
        await QueueCall.select(QueueCall.call_sid, QueueCall.queue)
        .where(QueueCall.outcome == "waiting")
        .order_by(QueueCall.entered_at)
        .first()
    )
    queue = head["queue"] if head else "id"
    if head is None:
        add_prompt(response, voice, "agent_queue_empty", LOCALE, {})
    else:
        add_prompt(response, voice, "agent_whisper", LOCALE, {"language": queue})
        caller = (
            await IvrCall.select(IvrCall.vars)
            .where(IvrCall.call_sid == head["call_sid"])
            .output(load_json=True)
            .first()
        )
        reference = (caller or {}).get("vars", {}).get("reference") if caller else None
        if reference:
            add_prompt(response, voice, "agent_whisper_reference", LOCALE, {"reference": reference})
    # The conversation is recorded (both legs, from the answer) unless the line does not record:
    # the caller was told before being queued (hotline/ivr/conversations.py).
    recording = dial_attributes(voice) if get_config().record_conversations else {}
    dial = Dial(action=url, **recording)
    dial.queue(queue_name(queue), url=voice.url("/ivr/queue/connect", l=queue))
    response.append(dial)


async def answer_agent(req: calls.Request) -> str:
    sid, n = req.call_sid, req.step
    key = f"{sid}:agent:{n}"
    now = clock.now()

    def new_call() -> dict[str, Any]:
        return {
            "line": "agent",
            "locale": LOCALE,
            "state": "pin",
            "vars": {},
            "started_at": now,
            "updated_at": now,
        }

    async with transaction():
        row, fresh = await calls.open_call(sid, new_call, first=n == 0)
        stored = None if fresh else await calls.stored_answer(key, req.token)
        if stored is not None:
            return stored
        twiml = await _agent_step(row, req, now)
        await calls.store_answer(key, req.token, sid, twiml, now)
        return twiml


async def _agent_step(row: CallRow, req: calls.Request, now: datetime) -> str:
    voice = calls.voice()
    url = voice.url("/ivr/agent", n=req.step + 1)
    response = VoiceResponse()
    state, v = row["state"], dict(row["vars"] or {})
    changes: dict[Any, Any] = {IvrCall.updated_at: now, IvrCall.seq: req.step}
    if req.step == 0:
        _gather_pin(response, url, [])
    elif state == "pin":
        user = await _agent_for_pin((req.form.get("Digits") or "").strip())
        if user is None:
            v["tries"] = v.get("tries", 0) + 1
            if v["tries"] >= MAX_PIN_TRIES:
                add_prompt(response, voice, "agent_pin_wrong", LOCALE, {})
                response.hangup()
                changes[IvrCall.state] = ""
            else:
                _gather_pin(response, url, ["agent_pin_wrong"])
        else:
            changes[IvrCall.agent] = user
            changes[IvrCall.state] = "connected"
            await tell("AGENTLOGIN", f"{req.call_sid}:AGENTLOGIN", now, agent=user)
            await _connect(response, url)
    elif state == "connected":
        # The <Dial> is over (the conversation ended, or nobody came): next caller?
        gather = response.gather(
            action=voice.url("/ivr/agent", n=req.step + 1, next=1),
            action_on_empty_result=True,
            input="dtmf",
            num_digits=1,
            timeout=8,
        )
        add_prompt(gather, voice, "agent_done", LOCALE, {})
        response.hangup()
        changes[IvrCall.state] = "between"
        await tell("WRAPUP", f"{req.call_sid}:WRAPUP:{req.step}", now, agent=row["agent"])
    elif state == "between" and (req.form.get("Digits") or "") == "1":
        changes[IvrCall.state] = "connected"
        await tell("READY", f"{req.call_sid}:READY:{req.step}", now, agent=row["agent"])
        await _connect(response, url)
    else:
        add_prompt(response, voice, "goodbye", LOCALE, {})
        response.hangup()
        if row["agent"] is not None and state != "pin":
            await tell("AGENTLOGOFF", f"{req.call_sid}:AGENTLOGOFF", now, agent=row["agent"])
        changes[IvrCall.state] = ""
    changes[IvrCall.vars] = v
    await IvrCall.update(changes).where(IvrCall.id == row["id"])
    return document(response)


@post("/agent", media_type=XML)
async def agent_webhook(request: Request[Any, Any, Any]) -> Response[str]:
    req = await signed_request(request)
    if req is None:
        return forbidden()

    def sorry() -> str:
        response = VoiceResponse()
        add_prompt(response, calls.voice(), "sorry_error", LOCALE, {})
        response.hangup()
        return document(response)

    return await guarded("agent", req, lambda: answer_agent(req), sorry)


PIN_DIGITS = range(4, 9)


async def set_agent_pin(username: str, pin: str) -> None:
    """Give a staff member an agent PIN (4 to 8 digits, different from every other agent's)."""
    if not pin.isdigit() or len(pin) not in PIN_DIGITS:
        raise ValidationFailed([FieldError("pin", N_("The agent PIN must be 4 to 8 digits."))])
    secret = get_settings().secret_key
    async with transaction():
        user = (
            await User.select(User.id)
            .where((User.username == username) & User.active.eq(True))
            .first()
        )
        if user is None:
            raise NotFound(N_("No active staff account has this username."))
        others = await IvrAgent.select(IvrAgent.user, IvrAgent.pin_hash)
        if any(
            pins.pin_matches(pin, o["pin_hash"], secret) and o["user"] != user["id"] for o in others
        ):
            raise ValidationFailed(
                [FieldError("pin", N_("Another agent has this PIN; choose another."))]
            )
        pin_hash = pins.hash_pin(pin, secret, secrets.token_hex(8))
        await IvrAgent.delete().where(IvrAgent.user == user["id"])
        await IvrAgent.insert(
            IvrAgent(user=user["id"], pin_hash=pin_hash, active=True, created_at=clock.now())
        )


ROUTES = [agent_webhook]
