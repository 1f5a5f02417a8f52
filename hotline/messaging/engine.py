"""The chat engine: one inbound message moves a conversation through the flows (pure but for
the actions, which it calls through `Effects`, as the phone line's engine does).

A message is the answer of the state the conversation waits at; a conversation that waits at
none starts at the main flow, and its first message answers the first question met (so "jalan
berlubang di depan pasar Kertek" as a first message is already the report's description). What a
message carries besides text (photos, voice notes, a location pin) is kept whatever the state,
and a question whose answer is already kept is not asked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from hotline.messaging.flow import DYNAMIC_OPTIONS, ChatFlows, State
from hotline.messaging.prompts import PROMPTS, placeholders

MAX_STEPS = 40  # a flow that loops without asking stops here (validation forbids it anyway)


@dataclass(frozen=True)
class Media:
    url: str
    content_type: str

    @property
    def kind(self) -> str:
        """photo | voice | other: what the flows can ask for."""
        if self.content_type.startswith("image/"):
            return "photo"
        if self.content_type.startswith("audio/"):
            return "voice"
        return "other"


@dataclass(frozen=True)
class Incoming:
    text: str = ""
    media: Sequence[Media] = ()
    latitude: str = ""
    longitude: str = ""

    def kinds(self) -> set[str]:
        found = {m.kind for m in self.media}
        if self.latitude and self.longitude:
            found.add("location")
        if self.text.strip():
            found.add("text")
            if self.text.strip().isdigit():
                found.add("digits")
        return found


@dataclass
class Conversation:
    state: str = ""
    locale: str = "id"
    failures: int = 0
    vars: dict[str, Any] = field(default_factory=dict)


Line = tuple[str, Mapping[str, Any]]  # a prompt key and its own parameters


@dataclass
class Reply:
    lines: list[Line] = field(default_factory=list)
    vars: dict[str, Any] = field(default_factory=dict)  # what the prompts are filled from

    def say(self, keys: Sequence[str], **params: Any) -> None:
        self.lines += [(k, params) for k in keys]


class Effects(Protocol):
    async def run(self, action: str, conv: Conversation) -> tuple[str, dict[str, Any]]:
        """Run an action; (outcome, facts to keep in the conversation's variables)."""
        ...

    async def options(self, name: str, locale: str) -> list[tuple[str, str, str]]:
        """A dynamic menu's options: (number, label, value)."""
        ...


def keep_attachments(conv: Conversation, msg: Incoming) -> None:
    """Photos, voice notes and a pin are kept whatever is being asked."""
    if msg.media:
        conv.vars["media"] = [
            *conv.vars.get("media", []),
            *({"url": m.url, "content_type": m.content_type} for m in msg.media),
        ]
    if msg.latitude and msg.longitude:
        conv.vars["latitude"], conv.vars["longitude"] = msg.latitude, msg.longitude


def _kept_kinds(conv: Conversation) -> set[str]:
    kinds = {Media(m["url"], m["content_type"]).kind for m in conv.vars.get("media", [])}
    return kinds | ({"location"} if conv.vars.get("latitude") else set())


def _already_answered(s: State, conv: Conversation) -> bool:
    if s.into and str(conv.vars.get(s.into, "")).strip():
        return True
    return bool(set(s.accept) & _kept_kinds(conv) - {"text", "digits"})


def _answers(s: State, msg: Incoming, conv: Conversation) -> bool:
    """Whether `msg` answers the ask `s`; its text is kept in `s.into` when it does."""
    kinds = msg.kinds()
    text = msg.text.strip()
    if ("text" in s.accept or "digits" in s.accept) and text:
        wanted = "digits" if "digits" in s.accept and "text" not in s.accept else "text"
        if wanted in kinds and len(text) >= s.min_length:
            conv.vars[s.into] = text
            return True
    return bool(set(s.accept) & kinds - {"text", "digits"})


async def advance(flows: ChatFlows, conv: Conversation, msg: Incoming | None, fx: Effects) -> Reply:
    """Handle one message: `conv` is changed in place; the reply is what to write back. `msg`
    None: go on from where the conversation stands without an answer (a keyword moved it)."""
    reply = Reply(vars=conv.vars)  # kept by the reply when the conversation ends
    fresh = not conv.state
    conv.state = conv.state or flows.start
    if msg is not None:
        keep_attachments(conv, msg)
    pending = msg
    for _ in range(MAX_STEPS):
        s = flows.state(conv.state)
        if s.type in ("say", "end", "action"):
            if await _run(s, conv, reply, fx):
                return reply
            continue
        if pending is None:
            # A question answered by an earlier message (a photo sent with the description)
            # is not asked; one waiting for this message's answer takes it (below).
            if s.type == "ask" and _already_answered(s, conv):
                conv.state = s.next
                continue
            await _ask(s, conv, reply, fx)
            return reply
        answer, pending = pending, None
        target = _take(s, answer, conv) if s.type == "ask" else await _choose(s, answer, conv, fx)
        if target:
            conv.failures, conv.state = 0, target
        elif s.type == "menu" and fresh:
            await _ask(s, conv, reply, fx)  # a greeting: the menu, not a reproach
            return reply
        elif not await _failed(s, conv, reply, fx):
            return reply
    raise RuntimeError(f"chat flow did not stop within {MAX_STEPS} steps at {conv.state}")


async def _run(s: State, conv: Conversation, reply: Reply, fx: Effects) -> bool:
    """A state that takes no answer; True when the conversation ends there."""
    if s.type == "action":
        outcome, facts = await fx.run(s.action, conv)
        conv.vars.update(facts)
        conv.state = s.outcomes.get(outcome) or s.next
        return False
    reply.say(s.say)
    if s.type == "end":
        _finish(conv)
        return True
    conv.state = s.next
    return False


def _take(s: State, msg: Incoming, conv: Conversation) -> str:
    """Where an ask's answer leads ("" when `msg` does not answer it)."""
    if _answers(s, msg, conv) or (s.skip and msg.text.strip() == s.skip):
        return s.next
    return ""


async def _failed(s: State, conv: Conversation, reply: Reply, fx: Effects) -> bool:
    """A wrong answer: True when the conversation goes on (retries spent), False to wait."""
    conv.failures += 1
    if conv.failures > s.retries:
        conv.failures, conv.state = 0, s.on_failure
        return True
    reply.say(["not_understood"])
    if s.help:
        reply.say(s.help)
    else:
        await _ask(s, conv, reply, fx)
    return False


async def _choose(s: State, msg: Incoming, conv: Conversation, fx: Effects) -> str:
    text = msg.text.strip()
    if text in s.options:
        option = s.options[text]
        conv.vars.update(option.set)
        return option.goto
    if s.options_from:
        for key, _, value in await fx.options(s.options_from, conv.locale):
            if text == key:
                conv.vars[s.into] = value
                return s.then
    if s.otherwise and (len(text) >= s.min_length or msg.media or msg.latitude):
        conv.vars[s.into] = text
        return s.otherwise
    return ""


async def _ask(s: State, conv: Conversation, reply: Reply, fx: Effects) -> None:
    for key in s.say:
        if s.options_from and key == f"${s.options_from}":
            for number, label, _ in await fx.options(s.options_from, conv.locale):
                reply.say([DYNAMIC_OPTIONS[s.options_from]], key=number, category=label)
        else:
            reply.say([key])


def _finish(conv: Conversation) -> None:
    conv.state, conv.failures, conv.vars = "", 0, {}


def render(reply: Reply, translate: Any, locale: str, **extra: Any) -> str:
    """The reply as one message. A prompt whose facts are missing is left out (the latest answer
    of a report that has none)."""
    parts = []
    for key, params in reply.lines:
        values = {**reply.vars, **extra, **params}
        msgid = PROMPTS[key]
        if any(not str(values.get(name, "")) for name in placeholders(msgid)):
            continue
        parts.append(translate(locale, msgid, **{n: values[n] for n in placeholders(msgid)}))
    return "\n".join(parts)
