"""Flows as data: the model of ivr_flows/*.yaml, its parser and its validator (pure: no I/O).

A flow file names its states; each state says what is spoken (prompt keys, see prompts.py), what
is gathered (one key, several digits ending with #, speech, a recording, a place in the officer
queue) and where each answer leads. States of other files are named `flow.state`. Every problem
is reported with its file and line: an unknown state, type, field or prompt, a prompt missing in
a language, a key given twice, an unreachable state, a dead end (a state that cannot lead to the
end of the call, or a question without a way out after its retries).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hotline.ivr import yamlmarks
from hotline.ivr.prompts import FORMATTERS, PROMPTS, placeholders
from hotline.ivr.yamlmarks import LDict, LList, LStr, line_of

MAIN_FLOW = "main"
KEYS = frozenset("0123456789#")
REPEAT_KEY = "*"

# Actions a flow may run, and the outcomes each can have: every outcome needs a target.
ACTIONS: dict[str, tuple[str, ...]] = {
    "service_hours": ("open", "closed"),
    "switch_language": ("ok",),
    "create_report": ("ok", "error"),
    "create_message_report": ("ok", "error"),
    "lookup_status": ("ok", "not_found", "too_many", "locked"),
    "add_information": ("ok", "error"),
    "screen_caller": ("ok", "blocked", "limited"),
    # The satisfaction survey at the end of a status call (hotline/satisfaction).
    "survey_begin": ("ok", "closed"),
    "save_survey": ("ok", "already", "empty"),
}
# Menus whose options come from the directory; the marker says where they are spoken.
DYNAMIC_OPTIONS = {"categories": "$categories"}
DYNAMIC_PROMPTS = {"categories": "category_option"}
SPEECH_HINTS = frozenset({"kecamatan"})
# Prompts the engine says by itself (re-prompts) whatever the flows say.
ENGINE_PROMPTS = ("no_input", "invalid_key", "recording_empty")

INPUT_TYPES = ("menu", "digits", "speech", "record")
TYPES = ("say", "menu", "digits", "speech", "record", "action", "branch", "enqueue", "hangup")
_COMMON = {"type", "say"}
_INPUT = {"help", "retries", "on_failure", "timeout"}
FIELDS: dict[str, set[str]] = {
    "say": _COMMON | {"next"},
    "menu": _COMMON | _INPUT | {"options", "options_from", "into", "then"},
    "digits": _COMMON | _INPUT | {"into", "max_digits", "next"},
    "speech": _COMMON | _INPUT | {"into", "hints_from", "options", "next"},
    "record": _COMMON | _INPUT | {"into", "max_length", "next"},
    "action": {"type", "action", "next", "outcomes"},
    "branch": {"type", "var", "cases", "default"},
    "enqueue": _COMMON | {"on_leave"},
    "hangup": _COMMON,
}


class FlowError(ValueError):
    """One or more problems, each naming its file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass(frozen=True)
class PromptItem:
    key: str  # a prompt key, or a dynamic marker such as "$categories"
    when: str = ""  # say it only when this call variable is set


@dataclass(frozen=True)
class Option:
    goto: str  # a fully qualified state id "flow.state"
    set: Mapping[str, str] = field(default_factory=dict)
    line: int = 0


@dataclass(frozen=True)
class State:
    id: str  # "flow.state"
    type: str
    file: str
    line: int
    say: tuple[PromptItem, ...] = ()
    next: str = ""
    options: Mapping[str, Option] = field(default_factory=dict)
    options_from: str = ""
    into: str = ""
    then: str = ""
    help: tuple[PromptItem, ...] = ()
    retries: int = 3
    on_failure: str = ""
    timeout: int = 6
    max_digits: int = 12
    max_length: int = 120
    hints_from: str = ""
    action: str = ""
    outcomes: Mapping[str, str] = field(default_factory=dict)
    var: str = ""
    cases: Mapping[str, str] = field(default_factory=dict)
    default: str = ""
    on_leave: str = ""

    @property
    def flow(self) -> str:
        return self.id.split(".", 1)[0]

    def targets(self) -> list[tuple[str, str]]:
        """(label, target id) of every transition out of this state."""
        out: list[tuple[str, str]] = []
        if self.next:
            out.append(("next", self.next))
        out += [(key, opt.goto) for key, opt in self.options.items()]
        if self.then:
            out.append((self.options_from, self.then))
        if self.on_failure:
            out.append(("failure", self.on_failure))
        out += list(self.outcomes.items())
        out += list(self.cases.items())
        if self.default:
            out.append(("default", self.default))
        if self.on_leave:
            out.append(("leave", self.on_leave))
        return out


@dataclass(frozen=True)
class FlowSet:
    states: Mapping[str, State]
    start: str  # the first state of the main flow
    files: tuple[str, ...]

    def state(self, state_id: str) -> State:
        return self.states[state_id]

    def prompt_keys(self) -> set[str]:
        keys = set(ENGINE_PROMPTS)
        for s in self.states.values():
            for item in (*s.say, *s.help):
                keys.add(item.key)
            if s.options_from:
                keys.add(DYNAMIC_PROMPTS[s.options_from])
        return {k for k in keys if not k.startswith("$")}


class _Collector:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.file, line, message))


def _qualify(flow: str, name: str) -> str:
    return name if "." in name else f"{flow}.{name}"


def _str(value: Any, what: str, c: _Collector, line: int) -> str:
    if isinstance(value, LStr) and value:
        return str(value)
    c.add(line_of(value, line), f"{what} must be a name")
    return ""


def _int(value: Any, what: str, c: _Collector, lo: int, hi: int, line: int) -> int | None:
    try:
        number = int(str(value))
    except ValueError:
        number = None
    if number is None or not lo <= number <= hi:
        c.add(line_of(value, line), f"{what} must be a whole number from {lo} to {hi}")
        return None
    return number


def _prompts(value: Any, what: str, c: _Collector, line: int) -> tuple[PromptItem, ...]:
    if isinstance(value, LStr):
        value = [value]
    if not isinstance(value, LList):
        c.add(line_of(value, line), f"{what} must be a list of prompt keys")
        return ()
    items: list[PromptItem] = []
    for item in value:
        if isinstance(item, LStr):
            items.append(PromptItem(str(item)))
        elif isinstance(item, LDict) and set(item) <= {"say", "when"} and "say" in item:
            items.append(PromptItem(str(item["say"]), str(item.get("when", ""))))
        else:
            c.add(
                line_of(item, line), f"{what}: an item is a prompt key or {{say: key, when: var}}"
            )
    return tuple(items)


def parse_file(file: str, text: str) -> tuple[str, str, list[State], list[Problem]]:
    """One flow file -> (flow name, start state id, states, problems)."""
    c = _Collector(file)
    try:
        doc = yamlmarks.load(text)
    except yamlmarks.YamlError as exc:
        c.add(exc.line, exc.message)
        return "", "", [], c.problems
    if not isinstance(doc, LDict):
        c.add(line_of(doc, 1), "a flow file is a mapping with flow, start and states")
        return "", "", [], c.problems
    for key in set(doc) - {"flow", "start", "states", "description"}:
        c.add(doc.key_lines[key], f"unknown field {key!r} (expected flow, start, states)")
    name = _str(doc.get("flow"), "flow", c, doc.line)
    start_raw = _str(doc.get("start"), "start", c, doc.line)
    states_doc = doc.get("states")
    if not isinstance(states_doc, LDict) or not states_doc:
        c.add(line_of(states_doc, doc.line), "states must be a mapping of state names")
        return name, "", [], c.problems
    states = [
        s
        for state_name, body in states_doc.items()
        if (s := _parse_state(name, state_name, body, states_doc.key_lines[state_name], c))
    ]
    return name, _qualify(name, start_raw) if start_raw else "", states, c.problems


def _state_kind(name: str, body: Any, line: int, c: _Collector) -> str | None:
    """The state's type, or None (with the problem noted) when the state cannot be read."""
    if "." in name:
        c.add(line, f"state name {name!r} must not contain a dot")
        return None
    if not isinstance(body, LDict):
        c.add(line, f"state {name!r} must be a mapping with a type")
        return None
    kind = str(body.get("type", ""))
    if kind not in TYPES:
        c.add(
            body.key_lines.get("type", line),
            f"state {name!r}: unknown type {kind!r} (one of {', '.join(TYPES)})",
        )
        return None
    for key in sorted(set(body) - FIELDS[kind]):
        c.add(body.key_lines[key], f"state {name!r}: field {key!r} does not belong to a {kind}")
    return kind


_LIMITS = (("retries", 1, 5), ("timeout", 1, 30), ("max_digits", 1, 20), ("max_length", 5, 300))


def _scalar_fields(flow: str, body: LDict, line: int, c: _Collector) -> dict[str, Any]:
    """Prompts, targets, names and numbers: the fields that are one value each."""

    def lines(key: str) -> int:
        return body.key_lines.get(key, line)

    kw: dict[str, Any] = {}
    for key in ("say", "help"):
        if key in body:
            kw[key] = _prompts(body[key], key, c, lines(key))
    for key in ("next", "then", "on_failure", "default", "on_leave"):
        if key in body:
            kw[key] = _qualify(flow, _str(body[key], key, c, line))
    for key in ("into", "options_from", "hints_from", "action", "var"):
        if key in body:
            kw[key] = _str(body[key], key, c, lines(key))
    for key, lo, hi in _LIMITS:
        if key in body and (n := _int(body[key], key, c, lo, hi, lines(key))) is not None:
            kw[key] = n
    return kw


def _mapping_fields(flow: str, name: str, body: LDict, line: int, c: _Collector) -> dict[str, Any]:
    """Options, outcomes and cases: the fields that map names to states."""
    kw: dict[str, Any] = {}
    if "options" in body:
        kw["options"] = _options(
            flow, name, body["options"], c, body.key_lines.get("options", line)
        )
    for key in ("outcomes", "cases"):
        if key not in body:
            continue
        mapping = body[key]
        if not isinstance(mapping, LDict):
            c.add(body.key_lines.get(key, line), f"state {name!r}: {key} must map names to states")
            continue
        kw[key] = {
            k: _qualify(flow, _str(v, f"{key}.{k}", c, mapping.key_lines[k]))
            for k, v in mapping.items()
        }
    return kw


def _parse_state(flow: str, name: str, body: Any, line: int, c: _Collector) -> State | None:
    kind = _state_kind(name, body, line, c)
    if kind is None:
        return None
    return State(
        id=f"{flow}.{name}",
        type=kind,
        file=c.file,
        line=line,
        **_scalar_fields(flow, body, line, c),
        **_mapping_fields(flow, name, body, line, c),
    )


def _options(flow: str, name: str, value: Any, c: _Collector, line: int) -> dict[str, Option]:
    if not isinstance(value, LDict):
        c.add(line, f"state {name!r}: options must map keys to states")
        return {}
    options: dict[str, Option] = {}
    for key, spec in value.items():
        key_line = value.key_lines[key]
        if key == REPEAT_KEY:
            c.add(
                key_line, f"state {name!r}: key * always repeats the prompt; it cannot be an option"
            )
            continue
        if key not in KEYS:
            c.add(key_line, f"state {name!r}: option key {key!r} is not a telephone key")
            continue
        if isinstance(spec, LStr):
            options[key] = Option(_qualify(flow, str(spec)), {}, key_line)
        elif isinstance(spec, LDict) and "goto" in spec and set(spec) <= {"goto", "set"}:
            sets = spec.get("set", LDict())
            if not isinstance(sets, LDict):
                c.add(key_line, f"state {name!r}: option {key}: set must map variables to values")
                sets = LDict()
            options[key] = Option(
                _qualify(flow, str(spec["goto"])), {k: str(v) for k, v in sets.items()}, key_line
            )
        else:
            c.add(key_line, f"state {name!r}: option {key} is a state or {{goto: state, set: ...}}")
    return options


def validate(
    parsed: Iterable[tuple[str, str, str, list[State]]],
    catalogs: Mapping[str, set[str]],
) -> FlowSet:
    """Check the flows together; raise FlowError listing every problem.

    `parsed`: (file, flow name, start id, states) per file; `catalogs`: locale -> the msgids it
    translates (English may fall back to the msgid, so its catalog only has to contain them).
    """
    problems: list[Problem] = []
    states: dict[str, State] = {}
    flows: dict[str, tuple[str, str]] = {}
    files: list[str] = []
    for file, flow, start, flow_states in parsed:
        files.append(file)
        if not flow:
            continue
        if flow in flows:
            problems.append(Problem(file, 1, f"flow {flow!r} is also defined in {flows[flow][0]}"))
            continue
        flows[flow] = (file, start)
        for s in flow_states:
            states[s.id] = s
        if start and start not in states:
            problems.append(Problem(file, 1, f"start state {start!r} is not defined"))
    if MAIN_FLOW not in flows:
        problems.append(Problem(files[0] if files else "ivr_flows", 1, "no flow named 'main'"))
    for s in states.values():
        problems += _check_state(s, states, catalogs)
    start = flows.get(MAIN_FLOW, ("", ""))[1]
    used = FlowSet(states, start, tuple(files)).prompt_keys() - set(ENGINE_PROMPTS)
    problems += unused_prompt_problems(catalogs, skip=used)
    if start in states:
        problems += _check_graph(states, start)
    if problems:
        raise FlowError(sorted(problems, key=lambda p: (p.file, p.line, p.message)))
    return FlowSet(states=states, start=start, files=tuple(files))


# What each type of state must have, or the call has no way on.
_NEEDS = {
    "say": ["next"],
    "digits": ["into", "next", "on_failure"],
    "speech": ["into", "hints_from", "next", "on_failure"],
    "record": ["into", "next", "on_failure"],
    "menu": ["on_failure"],
    "action": ["action"],
    "branch": ["var", "default"],
    "enqueue": ["on_leave"],
}


def _menu_problems(s: State) -> list[str]:
    out = []
    if not s.options and not s.options_from:
        out.append("a menu needs options")
    if s.options_from:
        if s.options_from not in DYNAMIC_OPTIONS:
            out.append(f"options_from must be one of {', '.join(DYNAMIC_OPTIONS)}")
        elif not (s.into and s.then):
            out.append("options_from needs into (the variable) and then (where the choice leads)")
    return out


def _action_problems(s: State) -> list[str]:
    if s.action not in ACTIONS:
        return [f"unknown action {s.action!r} (one of {', '.join(ACTIONS)})"]
    covered = set(s.outcomes) | ({"ok"} if s.next else set())
    return [
        f"action {s.action} can end with {missing!r}: give it a target"
        for missing in sorted(set(ACTIONS[s.action]) - covered)
    ] + [
        f"action {s.action} never ends with {extra!r}"
        for extra in sorted(covered - set(ACTIONS[s.action]))
    ]


def _shape_problems(s: State) -> list[str]:
    """What the state's own fields say is missing or wrong (no lines: the state's line)."""
    out = [
        f"a {s.type} needs {key} (without it the call has no way on)"
        for key in _NEEDS.get(s.type, [])
        if not getattr(s, key)
    ]
    if s.type == "menu":
        out += _menu_problems(s)
    if s.type == "speech" and s.hints_from and s.hints_from not in SPEECH_HINTS:
        out.append(f"hints_from must be one of {', '.join(sorted(SPEECH_HINTS))}")
    if s.type == "action" and s.action:
        out += _action_problems(s)
    for item in (*s.say, *s.help):
        if item.key.startswith("$") and DYNAMIC_OPTIONS.get(s.options_from) != item.key:
            out.append(f"{item.key} can only be said in a menu with options_from")
    return out


def _check_state(
    s: State, states: Mapping[str, State], catalogs: Mapping[str, set[str]]
) -> list[Problem]:
    def problem(message: str, line: int = 0) -> Problem:
        return Problem(s.file, line or s.line, f"state {s.id.split('.', 1)[1]!r}: {message}")

    option_lines = {key: opt.line for key, opt in s.options.items()}
    out = [
        problem(f"{label} leads to unknown state {target!r}", option_lines.get(label, 0))
        for label, target in s.targets()
        if target not in states
    ]
    out += [problem(message) for message in _shape_problems(s)]
    for item in (*s.say, *s.help):
        if not item.key.startswith("$"):
            out += _check_prompt(s, item.key, catalogs)
    if s.options_from in DYNAMIC_PROMPTS:
        out += _check_prompt(s, DYNAMIC_PROMPTS[s.options_from], catalogs)
    return out


def _check_prompt(s: State, key: str, catalogs: Mapping[str, set[str]]) -> list[Problem]:
    where = f"state {s.id.split('.', 1)[1]!r}"
    if key not in PROMPTS:
        return [Problem(s.file, s.line, f"{where}: unknown prompt {key!r}")]
    msgid = PROMPTS[key]
    out = [
        Problem(s.file, s.line, f"{where}: prompt {key!r} has no translation in {locale!r}")
        for locale, known in sorted(catalogs.items())
        if msgid not in known
    ]
    unknown = placeholders(msgid) - set(FORMATTERS)
    if unknown:
        out.append(Problem(s.file, s.line, f"{where}: prompt {key!r} uses unknown {unknown}"))
    return out


def _check_graph(states: Mapping[str, State], start: str) -> list[Problem]:
    out: list[Problem] = []
    reachable: set[str] = set()
    todo = [start]
    while todo:
        sid = todo.pop()
        if sid in reachable or sid not in states:
            continue
        reachable.add(sid)
        todo += [t for _, t in states[sid].targets()]
    for sid, s in states.items():
        if sid not in reachable:
            out.append(
                Problem(s.file, s.line, f"state {sid!r} can never be reached from {start!r}")
            )
    # A dead end: from here the call can never reach a hang-up (it would loop forever).
    ends = {sid for sid, s in states.items() if s.type in ("hangup", "enqueue")}
    leads: dict[str, set[str]] = {sid: set() for sid in states}
    for sid, s in states.items():
        for _, t in s.targets():
            if t in leads:
                leads[t].add(sid)
    can_end = set()
    todo = list(ends)
    while todo:
        sid = todo.pop()
        if sid in can_end:
            continue
        can_end.add(sid)
        todo += list(leads[sid])
    for sid in sorted(reachable - can_end):
        s = states[sid]
        out.append(Problem(s.file, s.line, f"state {sid!r} is a dead end: no way to end the call"))
    return out


def unused_prompt_problems(catalogs: Mapping[str, set[str]], *, skip: set[str]) -> list[Problem]:
    """Prompts the code says by itself (re-prompts, the queue, the agent line, the apology when
    the database is down) must be translated too, whatever the flows use."""
    return [
        Problem("hotline/ivr/prompts.py", 1, f"prompt {key!r} has no translation in {locale!r}")
        for key, msgid in PROMPTS.items()
        if key not in skip
        for locale, known in sorted(catalogs.items())
        if msgid not in known
    ]
