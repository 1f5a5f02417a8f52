"""Chat flows as data: the model of ivr_flows/chat/*.yaml, its parser and its validator (pure).

The spirit of the phone line's flows (hotline/ivr/flow.py) with what a message is instead of a
keypad: a state says what is written (prompt keys), what answer it takes (free text, digits, a
photo, a voice note, a location pin, a number from a short menu) and where each answer leads.
The YAML reader, the problems with file and line and their error are the IVR's own; the checks
are the same kind: an unknown state, type, field, action or prompt, a prompt missing in a
language, an action outcome without a target, an unreachable state, a dead end.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hotline.ivr import yamlmarks
from hotline.ivr.flow import FlowError, Problem
from hotline.ivr.yamlmarks import LDict, LList, LStr, line_of
from hotline.messaging.prompts import ENGINE_PROMPTS, PROMPTS

__all__ = ["ChatFlows", "FlowError", "Problem", "State", "parse_file", "validate"]

MAIN_FLOW = "main"
# What an `ask` may take; a message carries any of them (text, media, a pin).
ACCEPTS = ("text", "digits", "photo", "voice", "location")
ACTIONS: dict[str, tuple[str, ...]] = {
    "screen_sender": ("ok", "blocked", "limited"),
    "pending_request": ("waiting", "none"),
    "switch_language": ("ok",),
    "file_report": ("ok", "error"),
    "lookup_status": ("ok", "not_found", "locked"),
    "add_information": ("ok", "not_found", "closed"),
}
DYNAMIC_OPTIONS = {"categories": "category_option"}
TYPES = ("say", "ask", "menu", "action", "end")
_INPUT = {"help", "retries", "on_failure"}
FIELDS: dict[str, set[str]] = {
    "say": {"type", "say", "next"},
    "ask": {"type", "say", "into", "accept", "min_length", "skip", "next"} | _INPUT,
    "menu": {"type", "say", "options", "options_from", "into", "then", "otherwise", "min_length"}
    | _INPUT,
    "action": {"type", "action", "next", "outcomes"},
    "end": {"type", "say"},
}
_NEEDS = {
    "say": ["next"],
    "ask": ["into", "accept", "next", "on_failure"],
    "menu": ["on_failure"],
    "action": ["action"],
}


@dataclass(frozen=True)
class Option:
    goto: str
    set: Mapping[str, str] = field(default_factory=dict)
    line: int = 0


@dataclass(frozen=True)
class State:
    id: str  # "flow.state"
    type: str
    file: str
    line: int
    say: tuple[str, ...] = ()
    help: tuple[str, ...] = ()
    next: str = ""
    into: str = ""
    accept: tuple[str, ...] = ()
    min_length: int = 0
    skip: str = ""  # an answer ("0") that goes on without one
    options: Mapping[str, Option] = field(default_factory=dict)
    options_from: str = ""
    then: str = ""
    otherwise: str = ""  # a menu's free-text answer: kept in `into`, then here
    retries: int = 2
    on_failure: str = ""
    action: str = ""
    outcomes: Mapping[str, str] = field(default_factory=dict)

    def targets(self) -> list[tuple[str, str]]:
        out = [("next", self.next)] if self.next else []
        out += [(key, opt.goto) for key, opt in self.options.items()]
        for label, target in (
            (self.options_from, self.then),
            ("otherwise", self.otherwise),
            ("failure", self.on_failure),
        ):
            if target:
                out.append((label, target))
        return out + list(self.outcomes.items())


@dataclass(frozen=True)
class ChatFlows:
    states: Mapping[str, State]
    start: str
    files: tuple[str, ...]

    def state(self, state_id: str) -> State:
        return self.states[state_id]


def _qualify(flow: str, name: str) -> str:
    return name if "." in name else f"{flow}.{name}"


class _Reader:
    """One file's problems, and the readers of its values that note them."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.file, line, message))

    def name(self, value: Any, what: str, line: int) -> str:
        if isinstance(value, LStr) and value:
            return str(value)
        self.add(line_of(value, line), f"{what} must be a name")
        return ""

    def number(self, value: Any, what: str, lo: int, hi: int, line: int) -> int | None:
        try:
            n: int | None = int(str(value))
        except ValueError:
            n = None
        if n is None or not lo <= n <= hi:
            self.add(line_of(value, line), f"{what} must be a whole number from {lo} to {hi}")
            return None
        return n

    def names(self, value: Any, what: str, line: int) -> tuple[str, ...]:
        if isinstance(value, LStr):
            value = LList([value])
        if not isinstance(value, LList) or not all(isinstance(v, LStr) for v in value):
            self.add(line_of(value, line), f"{what} must be a list of names")
            return ()
        return tuple(str(v) for v in value)


def parse_file(file: str, text: str) -> tuple[str, str, list[State], list[Problem]]:
    """One chat flow file -> (flow name, start state id, states, problems)."""
    r = _Reader(file)
    try:
        doc = yamlmarks.load(text)
    except yamlmarks.YamlError as exc:
        r.add(exc.line, exc.message)
        return "", "", [], r.problems
    if not isinstance(doc, LDict):
        r.add(line_of(doc, 1), "a flow file is a mapping with flow, start and states")
        return "", "", [], r.problems
    for key in sorted(set(doc) - {"flow", "start", "states", "description"}):
        r.add(doc.key_lines[key], f"unknown field {key!r} (expected flow, start, states)")
    name = r.name(doc.get("flow"), "flow", doc.line)
    start = r.name(doc.get("start"), "start", doc.line)
    body = doc.get("states")
    if not isinstance(body, LDict) or not body:
        r.add(line_of(body, doc.line), "states must be a mapping of state names")
        return name, "", [], r.problems
    states = [
        s
        for state_name, spec in body.items()
        if (s := _state(name, state_name, spec, body.key_lines[state_name], r))
    ]
    return name, _qualify(name, start) if start else "", states, r.problems


def _state(flow: str, name: str, spec: Any, line: int, r: _Reader) -> State | None:
    if "." in name or not isinstance(spec, LDict):
        r.add(line, f"state {name!r} must be a mapping with a type, its name without a dot")
        return None
    kind = str(spec.get("type", ""))
    if kind not in TYPES:
        r.add(spec.key_lines.get("type", line), f"state {name!r}: unknown type {kind!r}")
        return None
    for key in sorted(set(spec) - FIELDS[kind]):
        r.add(spec.key_lines[key], f"state {name!r}: field {key!r} does not belong to a {kind}")

    return State(
        id=f"{flow}.{name}", type=kind, file=r.file, line=line, **_fields(flow, name, spec, line, r)
    )


def _fields(flow: str, name: str, spec: LDict, line: int, r: _Reader) -> dict[str, Any]:
    def at(key: str) -> int:
        return int(spec.key_lines.get(key, line))

    kw: dict[str, Any] = {}
    for key in ("say", "help", "accept"):
        if key in spec:
            kw[key] = r.names(spec[key], key, at(key))
    for key in ("next", "then", "otherwise", "on_failure"):
        if key in spec:
            kw[key] = _qualify(flow, r.name(spec[key], key, at(key)))
    for key in ("into", "options_from", "action", "skip"):
        if key in spec:
            kw[key] = r.name(spec[key], key, at(key))
    for key, lo, hi in (("retries", 0, 5), ("min_length", 0, 500)):
        if key in spec and (n := r.number(spec[key], key, lo, hi, at(key))) is not None:
            kw[key] = n
    if "options" in spec:
        kw["options"] = _options(flow, name, spec["options"], at("options"), r)
    if "outcomes" in spec:
        kw["outcomes"] = _outcomes(flow, name, spec["outcomes"], at("outcomes"), r)
    return kw


def _outcomes(flow: str, name: str, value: Any, line: int, r: _Reader) -> dict[str, str]:
    if not isinstance(value, LDict):
        r.add(line, f"state {name!r}: outcomes must map names to states")
        return {}
    return {
        k: _qualify(flow, r.name(v, f"outcomes.{k}", value.key_lines[k])) for k, v in value.items()
    }


def _options(flow: str, name: str, value: Any, line: int, r: _Reader) -> dict[str, Option]:
    if not isinstance(value, LDict):
        r.add(line, f"state {name!r}: options must map numbers to states")
        return {}
    options: dict[str, Option] = {}
    for key, spec in value.items():
        key_line = value.key_lines[key]
        if not key.isdigit() or len(key) > 2:
            r.add(key_line, f"state {name!r}: option {key!r} is not a number a citizen can reply")
        elif isinstance(spec, LStr):
            options[key] = Option(_qualify(flow, str(spec)), {}, key_line)
        elif isinstance(spec, LDict) and "goto" in spec and set(spec) <= {"goto", "set"}:
            sets = spec.get("set", LDict())
            options[key] = Option(
                _qualify(flow, str(spec["goto"])),
                {k: str(v) for k, v in sets.items()} if isinstance(sets, LDict) else {},
                key_line,
            )
        else:
            r.add(key_line, f"state {name!r}: option {key} is a state or {{goto: state, set: ...}}")
    return options


def validate(
    parsed: Iterable[tuple[str, str, str, list[State]]], catalogs: Mapping[str, set[str]]
) -> ChatFlows:
    """Check the flows together; raise FlowError listing every problem. `catalogs`: locale ->
    the msgids it translates (as for the IVR's flows)."""
    problems: list[Problem] = []
    states: dict[str, State] = {}
    starts: dict[str, str] = {}
    files: list[str] = []
    for file, flow, start, flow_states in parsed:
        files.append(file)
        if flow in starts:
            problems.append(Problem(file, 1, f"flow {flow!r} is defined twice"))
            continue
        starts[flow] = start
        states.update({s.id: s for s in flow_states})
        if start and start not in states:
            problems.append(Problem(file, 1, f"start state {start!r} is not defined"))
    start = starts.get(MAIN_FLOW, "")
    if not start:
        problems.append(Problem(files[0] if files else "ivr_flows/chat", 1, "no flow 'main'"))
    for s in states.values():
        problems += [Problem(s.file, s.line, f"state {s.id!r}: {m}") for m in _problems(s, states)]
        problems += _prompt_problems(s, catalogs)
    problems += [
        Problem("hotline/messaging/prompts.py", 1, f"prompt {key!r} has no {locale!r} translation")
        for key in ENGINE_PROMPTS
        for locale, known in sorted(catalogs.items())
        if PROMPTS[key] not in known
    ]
    if start in states:
        problems += _graph_problems(states, start)
    if problems:
        raise FlowError(sorted(problems, key=lambda p: (p.file, p.line, p.message)))
    return ChatFlows(states, start, tuple(files))


def _problems(s: State, states: Mapping[str, State]) -> list[str]:
    out = [f"{label} leads to unknown state {t!r}" for label, t in s.targets() if t not in states]
    out += [f"a {s.type} needs {key}" for key in _NEEDS.get(s.type, []) if not getattr(s, key)]
    out += [
        f"unknown answer kind {a!r} (one of {', '.join(ACCEPTS)})"
        for a in s.accept
        if a not in ACCEPTS
    ]
    if s.type == "menu":
        if not (s.options or s.options_from or s.otherwise):
            out.append("a menu needs options")
        if s.options_from and (s.options_from not in DYNAMIC_OPTIONS or not (s.into and s.then)):
            out.append("options_from must be 'categories', with into and then")
        if s.otherwise and not s.into:
            out.append("otherwise needs into (the variable that keeps the text)")
    if s.type == "action" and s.action:
        if s.action not in ACTIONS:
            out.append(f"unknown action {s.action!r} (one of {', '.join(ACTIONS)})")
        else:
            covered = set(s.outcomes) | ({"ok"} if s.next else set())
            out += [
                f"outcome {o!r} has no target" for o in sorted(set(ACTIONS[s.action]) - covered)
            ]
            out += [
                f"{s.action} never ends with {o!r}"
                for o in sorted(covered - set(ACTIONS[s.action]))
            ]
    return out


def _prompt_problems(s: State, catalogs: Mapping[str, set[str]]) -> list[Problem]:
    out = []
    for key in (*s.say, *s.help):
        if key.startswith("$") and key[1:] == s.options_from:
            key = DYNAMIC_OPTIONS[s.options_from]
        if key not in PROMPTS:
            out.append(Problem(s.file, s.line, f"state {s.id!r}: unknown prompt {key!r}"))
            continue
        out += [
            Problem(s.file, s.line, f"state {s.id!r}: prompt {key!r} has no {locale!r} translation")
            for locale, known in sorted(catalogs.items())
            if PROMPTS[key] not in known
        ]
    return out


def _graph_problems(states: Mapping[str, State], start: str) -> list[Problem]:
    reachable: set[str] = set()
    todo = [start]
    while todo:
        sid = todo.pop()
        if sid not in reachable and sid in states:
            reachable.add(sid)
            todo += [t for _, t in states[sid].targets()]
    out = [
        Problem(s.file, s.line, f"state {sid!r} can never be reached from {start!r}")
        for sid, s in states.items()
        if sid not in reachable
    ]
    leads: dict[str, set[str]] = {sid: set() for sid in states}
    for sid, s in states.items():
        for _, t in s.targets():
            leads.setdefault(t, set()).add(sid)
    can_end: set[str] = set()
    todo = [sid for sid, s in states.items() if s.type == "end"]
    while todo:
        sid = todo.pop()
        if sid not in can_end:
            can_end.add(sid)
            todo += list(leads.get(sid, ()))
    out += [
        Problem(states[sid].file, states[sid].line, f"state {sid!r} is a dead end")
        for sid in sorted(reachable - can_end)
    ]
    return out
