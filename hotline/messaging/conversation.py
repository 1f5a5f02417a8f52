"""One inbound message, from saved to answered: the service behind `POST /pesan/masuk` and
`hotline chat` (the terminal plays the same functions, without HTTP and the signature).

1. `save`: the message is INSERTed first, in its own transaction, keyed by MessageSid (ON
   CONFLICT DO NOTHING), so nothing a later step does can lose it; a retried webhook of a
   message already handled gets the reply stored with it, and creates nothing twice.
2. The sender's quota (hotline/limiter.py) is counted before any heavy work: a flood from one
   number is kept and answered with nothing past its first refusal, and others do not wait.
3. `handle`: one transaction: the keywords (STOP/BERHENTI, START/MULAI, STATUS …), the
   conversation's step through the flows and its actions (a report, information added), the
   conversation saved, and the reply stored on the message row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from twilio.twiml.messaging_response import MessagingResponse

from hotline import clock
from hotline.db.prebuilt import Insert
from hotline.db.tx import is_sqlite, transaction
from hotline.directory import operator as service_operator
from hotline.i18n import t
from hotline.limiter import Rule, shared
from hotline.messaging import engine
from hotline.messaging.actions import DbEffects
from hotline.messaging.config import get_config
from hotline.messaging.flow import ChatFlows
from hotline.messaging.inbound import Inbound
from hotline.messaging.keywords import keyword
from hotline.messaging.loader import load_flows
from hotline.messaging.optout import opted_out, record_choice
from hotline.messaging.prompts import PROMPTS
from hotline.messaging.tables import Conversation, InboundMessage
from hotline.notify.outbox import Message, enqueue_all

_INSERT = Insert(InboundMessage, on_conflict_nothing=InboundMessage.message_sid)


def twiml(text: str) -> str:
    """`<Response><Message>…</Message></Response>`, or an empty `<Response/>` for no reply."""
    response = MessagingResponse()
    if text:
        response.message(text)
    return str(response.to_xml(xml_declaration=True))


EMPTY = twiml("")


async def save(msg: Inbound, now: datetime) -> str | None:
    """Keep the message; the reply already given when it was handled before (a retry)."""
    async with transaction():
        rows = await _INSERT.run(
            [
                {
                    "message_sid": msg.sid,
                    "channel": msg.channel,
                    "sender": msg.sender,
                    "body": msg.incoming.text,
                    "media": [
                        {"url": m.url, "content_type": m.content_type} for m in msg.incoming.media
                    ],
                    "latitude": msg.incoming.latitude,
                    "longitude": msg.incoming.longitude,
                    "status": "received",
                    "reply": "",
                    "received_at": now,
                    "handled_at": None,
                }
            ]
        )
    if rows:
        return None
    row = (
        await InboundMessage.select(InboundMessage.status, InboundMessage.reply)
        .where(InboundMessage.message_sid == msg.sid)
        .first()
    )
    if row is None or row["status"] == "received":
        return None  # a first attempt that failed before answering: handle it now
    return str(row["reply"]) or EMPTY


async def over_quota(msg: Inbound, now: datetime) -> str | None:
    """The sender's quota: None within it; else the answer (once "too many", then nothing)."""
    rule = Rule(
        name="messaging-sender",
        threshold=get_config().messages_per_minute,
        block=timedelta(0),
        window=timedelta(minutes=1),
        aligned=True,
    )
    count = await shared().count(rule, msg.sender, now)
    if not count.exceeded:
        return None
    answer = EMPTY
    if count.used == count.limit + 1:
        answer = twiml(t(await _locale(msg), PROMPTS["too_many"]))
    async with transaction():
        await InboundMessage.update(
            {
                InboundMessage.status: "limited",
                InboundMessage.reply: answer,
                InboundMessage.handled_at: now,
            }
        ).where(InboundMessage.message_sid == msg.sid)
    return answer


async def _locale(msg: Inbound) -> str:
    row = (
        await Conversation.select(Conversation.locale).where(Conversation.key == _key(msg)).first()
    )
    return str(row["locale"]) if row else "id"


def _key(msg: Inbound) -> str:
    return f"{msg.channel}:{msg.sender}"


@dataclass
class Handled:
    twiml: str
    text: str  # the reply's text ("" for none), for the terminal


async def receive(msg: Inbound) -> Handled:
    """Everything the webhook does with a message whose signature was checked."""
    now = clock.now()
    stored = await save(msg, now)
    if stored is not None:
        return Handled(stored, "")
    return await after_save(msg, now)


async def after_save(msg: Inbound, now: datetime, *, reply_by_outbox: bool = False) -> Handled:
    """The quota, then the message handled (it is saved already). STOP and START are honoured
    whatever the quota: a number flooded with our replies must be able to stop them."""
    word = keyword(msg.incoming.text)
    if word is None or word.word not in ("stop", "start"):
        limited = await over_quota(msg, now)
        if limited is not None:
            return Handled(limited, "")
    return await handle(msg, now, reply_by_outbox=reply_by_outbox)


def apology(locale: str = "id") -> str:
    """Said without the database: the message is kept (saved, or spooled) and answered later."""
    return twiml(t(locale, PROMPTS["sorry_later"]))


async def handle(msg: Inbound, now: datetime, *, reply_by_outbox: bool = False) -> Handled:
    """Handle a saved message (one transaction). `reply_by_outbox`: the webhook was answered
    long ago (the worker handling a message whose webhook failed): the reply is queued."""
    flows = load_flows()
    async with transaction():
        await _serialise(_key(msg))
        row = (
            await InboundMessage.select(InboundMessage.status, InboundMessage.reply)
            .where(InboundMessage.message_sid == msg.sid)
            .first()
        )
        if row is not None and row["status"] != "received":
            return Handled(str(row["reply"]) or EMPTY, "")  # handled meanwhile by a twin
        conv, exists = await _load(msg)
        text, ticket_id = await _answer(flows, conv, msg, now)
        await _store(msg, conv, exists, now)
        if ticket_id is not None:
            await _link(msg, ticket_id, now)
        answer = twiml(text)
        await InboundMessage.update(
            {
                InboundMessage.status: "done",
                InboundMessage.reply: answer,
                InboundMessage.handled_at: now,
            }
        ).where(InboundMessage.message_sid == msg.sid)
        if reply_by_outbox and text:
            await enqueue_all(
                [
                    Message(
                        msg.channel, msg.sender, text, f"reply:{msg.sid}", sensitive="PIN" in text
                    )
                ],
                now=now,
            )
    return Handled(answer, text)


async def _serialise(key: str) -> None:
    """One message of a conversation at a time: two messages of one sender handled at once
    would both start from the same state. SQLite's IMMEDIATE transaction already serialises
    writers; PostgreSQL takes a lock on the conversation's key for the transaction (it works
    before the conversation's row exists)."""
    if not is_sqlite():
        await Conversation.raw("SELECT pg_advisory_xact_lock(hashtextextended({}, 0))", key)


async def _answer(
    flows: ChatFlows, conv: engine.Conversation, msg: Inbound, now: datetime
) -> tuple[str, int | None]:
    """The reply's text, and the report the message made or added to (None: neither)."""
    word = keyword(msg.incoming.text)
    if word is not None and word.word in ("stop", "start"):
        await record_choice(msg.sender, msg.channel, word.word, msg.incoming.text.strip(), now)
        conv.state, conv.failures, conv.vars = "", 0, {}
        return t(conv.locale, PROMPTS["stopped" if word.word == "stop" else "started"]), None
    if await opted_out(msg.sender):
        # They asked for no messages: kept (saved above), not answered, until START.
        return "", None
    fx = DbEffects(msg.channel, msg.sender, msg.incoming)
    if word is not None:  # STATUS <reference> [<PIN>]: straight to the status flow
        conv.state, conv.failures = "status.reference", 0
        conv.vars = {"reference": word.reference, **({"pin": word.pin} if word.pin else {})}
        fx.incoming = None
        reply = await engine.advance(flows, conv, None, fx)
    else:
        reply = await engine.advance(flows, conv, msg.incoming, fx)
    if msg.refused_media:
        reply.lines.insert(0, ("media_refused", {}))
    operator = await service_operator.current()
    text = engine.render(
        reply,
        t,
        conv.locale,
        operator=operator.name(conv.locale),
        megabytes=get_config().max_media_mb,
    )
    return text, fx.ticket_id


# The messages linked to a report when it is made: the number's on this channel not linked yet
# from this long before (a conversation takes minutes; WhatsApp's session is a day).
LINK_WINDOW = timedelta(hours=24)


async def _link(msg: Inbound, ticket_id: int, now: datetime) -> None:
    """This message, and the conversation's earlier ones, belong to the report: the reporter's
    data download lists them (their right of access, docs/PRIVACY.md)."""
    await InboundMessage.update({InboundMessage.ticket: ticket_id}).where(
        (InboundMessage.sender == msg.sender)
        & (InboundMessage.channel == msg.channel)
        & InboundMessage.ticket.is_null()
        & (InboundMessage.received_at >= now - LINK_WINDOW)
    )
    await InboundMessage.update({InboundMessage.ticket: ticket_id}).where(
        InboundMessage.message_sid == msg.sid
    )


async def _load(msg: Inbound) -> tuple[engine.Conversation, bool]:
    row = (
        await Conversation.select()
        .where(Conversation.key == _key(msg))
        .output(load_json=True)
        .first()
    )
    if row is None:
        return engine.Conversation(), False
    return (
        engine.Conversation(
            state=row["state"],
            locale=row["locale"],
            failures=row["failures"],
            vars=cast(dict[str, Any], row["vars"] or {}),
        ),
        True,
    )


async def _store(msg: Inbound, conv: engine.Conversation, exists: bool, now: datetime) -> None:
    values: dict[Any, Any] = {
        Conversation.state: conv.state,
        Conversation.locale: conv.locale,
        Conversation.failures: conv.failures,
        Conversation.vars: conv.vars,
        Conversation.last_inbound_at: now,
        Conversation.updated_at: now,
    }
    if exists:
        await Conversation.update(values).where(Conversation.key == _key(msg))
        return
    await Conversation.insert(
        Conversation(
            key=_key(msg),
            channel=msg.channel,
            sender=msg.sender,
            state=conv.state,
            locale=conv.locale,
            failures=conv.failures,
            vars=conv.vars,
            last_inbound_at=now,
            updated_at=now,
        )
    )
