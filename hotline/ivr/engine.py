"""The flow interpreter: given a call's state and what the caller did, the next TwiML.

No I/O of its own: whatever touches the database (actions, the directory's menus, the queue)
comes in through `Effects`, so the same engine answers the webhooks, `hotline ivr call` and the
unit tests. A step enters states until one needs the caller (a question, a recording, the queue)
or the call ends.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from twilio.twiml import TwiML
from twilio.twiml.voice_response import VoiceResponse

from hotline.ivr.flow import DYNAMIC_OPTIONS, DYNAMIC_PROMPTS, REPEAT_KEY, FlowSet, State
from hotline.ivr.twiml import LANGUAGES, Voice, add_prompt, document

MAX_HOPS = 25  # states entered in one step; a validated flow never gets near it
QUEUE_PREFIX = "hotline-"


@dataclass
class Call:
    """What the engine knows of a call; the webhook layer loads and stores it."""

    sid: str
    state: str  # the state waiting for the caller; "" once the call has ended
    locale: str
    vars: dict[str, Any] = field(default_factory=dict)
    failures: int = 0
    seq: int = 0  # the number of the step that produced the current TwiML


@dataclass(frozen=True)
class Input:
    """What the caller did, as Twilio reports it."""

    digits: str | None = None
    speech: str | None = None
    recording: Mapping[str, Any] | None = None  # url, sid, duration (seconds), text (CLI)
    empty: bool = False  # a <Record> that heard nothing
    queue_result: str | None = None


@dataclass(frozen=True)
class MenuOption:
    key: str
    label: str  # in the caller's language
    value: str


class Effects(Protocol):
    async def run_action(self, name: str, call: Call) -> str: ...

    async def menu_options(self, source: str, call: Call) -> list[MenuOption]: ...

    async def speech_places(self, source: str) -> Mapping[str, tuple[str, str]]: ...

    async def enqueue(self, call: Call) -> None: ...


@dataclass(frozen=True)
class Reply:
    twiml: str
    ended: bool


def queue_name(locale: str) -> str:
    return QUEUE_PREFIX + locale


def normalize_place(text: str) -> str:
    """ "Kecamatan Kali-Kajar." -> "kalikajar": what a recogniser heard, compared to a name."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\b(kecamatan|kec|di|daerah|wilayah|the|district|sub district)\b", " ", text)
    return re.sub(r"[^a-z0-9]", "", text)


class Engine:
    def __init__(self, flows: FlowSet, voice: Voice, effects: Effects) -> None:
        self.flows = flows
        self.voice = voice
        self.effects = effects

    def action_url(self, call: Call, **extra: Any) -> str:
        return self.voice.url("/ivr/voice", n=call.seq + 1, l=call.locale, **extra)

    async def step(self, call: Call, inp: Input | None) -> Reply:
        """Advance `call` (mutated in place) by the caller's input; `call.seq` must already be
        the number of this step."""
        response = VoiceResponse()
        if not call.state:
            response.hangup()
            return Reply(document(response), ended=True)
        state = self.flows.state(call.state)
        prefix: list[str] = []
        if inp is None:
            target = state.id
        else:
            target, prefix = await self._handle(state, call, inp, response)
            if target != state.id and not prefix:
                call.vars["_answers"] = call.vars.get("_answers", 0) + 1
        return await self._enter(target, call, response, prefix)

    # -- input ---------------------------------------------------------------------------

    async def _handle(
        self, state: State, call: Call, inp: Input, response: VoiceResponse
    ) -> tuple[str, list[str]]:
        """Where the caller's input leads, and what to say first if it is the same question."""
        if state.type == "enqueue":
            # bridged: the conversation with the officer is over; hangup: the caller left.
            if inp.queue_result in ("bridged", "hangup"):
                return "", []
            return state.on_leave, []
        if state.type == "record":
            return self._recorded(state, call, inp)
        digits = (inp.digits or "").strip()
        if digits == REPEAT_KEY or (state.type == "menu" and digits.startswith(REPEAT_KEY)):
            return state.id, []
        if state.type == "menu":
            return self._chosen(state, call, digits)
        if state.type == "digits":
            if not digits:
                return self._failed(state, call, "no_input")
            call.vars[state.into] = digits.rstrip("#")
            return state.next, []
        if state.type == "speech":
            return await self._heard(state, call, inp, digits)
        return state.id, []

    def _recorded(self, state: State, call: Call, inp: Input) -> tuple[str, list[str]]:
        rec = inp.recording
        if rec and (rec.get("url") or rec.get("text")) and not inp.empty:
            call.vars[state.into] = dict(rec)
            return state.next, []
        return self._failed(state, call, "recording_empty")

    def _chosen(self, state: State, call: Call, digits: str) -> tuple[str, list[str]]:
        options = self._options(state, call)
        chosen = options.get(digits[:1]) if digits else None
        if chosen is None:
            return self._failed(state, call, "invalid_key" if digits else "no_input")
        goto, sets = chosen
        call.vars.update(sets)
        return goto, []

    async def _heard(
        self, state: State, call: Call, inp: Input, digits: str
    ) -> tuple[str, list[str]]:
        """A spoken place, or a key from the state's options (e.g. 0: skip)."""
        if digits and digits[:1] in state.options:
            option = state.options[digits[:1]]
            call.vars.update(option.set)
            return option.goto, []
        heard = (inp.speech or "").strip()
        if heard:
            places = await self.effects.speech_places(state.hints_from)
            match = _match_place(heard, places)
            if match is not None:
                call.vars[state.into] = match[0]
                call.vars["place"] = match[1]
                return state.next, []
        return self._failed(state, call, "invalid_key" if digits else "no_input")

    def _options(self, state: State, call: Call) -> dict[str, tuple[str, dict[str, str]]]:
        options = {k: (o.goto, dict(o.set)) for k, o in state.options.items()}
        for key, value in (call.vars.get("_options") or {}).items():
            options.setdefault(key, (state.then, {state.into: value}))
        return options

    def _failed(self, state: State, call: Call, why: str) -> tuple[str, list[str]]:
        call.failures += 1
        call.vars["_failures"] = call.vars.get("_failures", 0) + 1
        if call.failures >= state.retries:
            return state.on_failure, [why]
        return state.id, [why, *[i.key for i in state.help]]

    # -- entering states ------------------------------------------------------------------

    async def _enter(
        self, target: str, call: Call, response: VoiceResponse, prefix: list[str]
    ) -> Reply:
        previous = call.state
        for _ in range(MAX_HOPS):
            if not target:
                call.state = ""
                response.hangup()
                return Reply(document(response), ended=True)
            state = self.flows.state(target)
            if state.id != previous:
                call.failures = 0
            previous = state.id
            call.state = state.id
            if state.type in ("say", "hangup", "enqueue"):
                self._say(response, call, [*prefix, *self._items(state, call)])
                prefix = []
            if state.type == "say":
                target = state.next
            elif state.type == "hangup":
                call.state = ""
                response.hangup()
                return Reply(document(response), ended=True)
            elif state.type == "action":
                outcome = await self.effects.run_action(state.action, call)
                target = state.outcomes.get(outcome) or state.next
            elif state.type == "branch":
                target = state.cases.get(str(call.vars.get(state.var, ""))) or state.default
            elif state.type == "enqueue":
                await self.effects.enqueue(call)
                response.enqueue(
                    queue_name(call.locale),
                    action=self.action_url(call),
                    wait_url=self.voice.url("/ivr/queue/wait", l=call.locale),
                    wait_url_method="POST",
                )
                return Reply(document(response), ended=False)
            else:
                await self._question(state, call, response, prefix)
                return Reply(document(response), ended=False)
        raise RuntimeError(f"flow loops without asking the caller anything at {target!r}")

    def _items(self, state: State, call: Call) -> list[str]:
        return [i.key for i in state.say if not i.when or call.vars.get(i.when)]

    def _say(self, parent: TwiML, call: Call, keys: list[str]) -> None:
        for key in keys:
            add_prompt(parent, self.voice, key, call.locale, call.vars)

    async def _question(
        self, state: State, call: Call, response: VoiceResponse, prefix: list[str]
    ) -> None:
        url = self.action_url(call)
        if state.type == "record":
            self._say(response, call, [*prefix, *self._items(state, call)])
            response.record(
                action=url,
                max_length=state.max_length,
                timeout=5,
                finish_on_key="#",
                play_beep=True,
                trim="trim-silence",
            )
            # Twilio goes on to the next verb when nothing was recorded.
            response.redirect(self.action_url(call, empty=1))
            return
        gather_args: dict[str, Any] = {
            "action": url,
            "action_on_empty_result": True,
            "timeout": state.timeout,
        }
        if state.type == "menu":
            gather_args.update(input="dtmf", num_digits=1)
        elif state.type == "digits":
            gather_args.update(input="dtmf", finish_on_key="#", num_digits=state.max_digits)
        else:  # speech, with the keypad as a way out
            places = await self.effects.speech_places(state.hints_from)
            gather_args.update(
                input="speech dtmf",
                num_digits=1,
                language=LANGUAGES[call.locale],
                speech_timeout="auto",
                hints=", ".join(sorted({name for _, name in places.values()})),
            )
        gather = response.gather(**gather_args)
        self._say(gather, call, prefix)
        if state.options_from:
            options = await self.effects.menu_options(state.options_from, call)
            options = [o for o in options if o.key not in state.options]
            call.vars["_options"] = {o.key: o.value for o in options}
        for item in state.say:
            if item.when and not call.vars.get(item.when):
                continue
            if item.key == DYNAMIC_OPTIONS.get(state.options_from):
                for o in options:
                    add_prompt(
                        gather,
                        self.voice,
                        DYNAMIC_PROMPTS[state.options_from],
                        call.locale,
                        {"category": o.label, "key": o.key},
                    )
            else:
                add_prompt(gather, self.voice, item.key, call.locale, call.vars)


def _match_place(heard: str, places: Mapping[str, tuple[str, str]]) -> tuple[str, str] | None:
    """`places`: normalized name -> (code, name). The whole utterance, then any of its words."""
    said = normalize_place(heard)
    if said in places:
        return places[said]
    for name, place in places.items():
        if name and name in said:
            return place
    return None


__all__ = [
    "Call",
    "Effects",
    "Engine",
    "Input",
    "MenuOption",
    "Reply",
    "normalize_place",
    "queue_name",
]
