"""Validation of the chat flows: every problem named with its file and line."""

from __future__ import annotations

import pytest

from hotline.messaging.config import FLOWS_DIR
from hotline.messaging.flow import FlowError, parse_file, validate
from hotline.messaging.loader import load_dir
from hotline.messaging.prompts import PROMPTS

ALL = {"id": set(PROMPTS.values()), "en": set(PROMPTS.values())}

MAIN = """\
flow: main
start: hello
states:
  hello:
    type: menu
    say: [welcome]
    options:
      "1": bye
    on_failure: bye
  bye:
    type: end
    say: [goodbye]
"""


def check(*files: tuple[str, str], catalogs: dict[str, set[str]] = ALL) -> None:
    parsed = []
    for name, text in files:
        flow, start, states, problems = parse_file(name, text)
        if problems:
            raise FlowError(problems)
        parsed.append((name, flow, start, states))
    validate(parsed, catalogs)


def problems(*files: tuple[str, str], catalogs: dict[str, set[str]] = ALL) -> list[str]:
    with pytest.raises(FlowError) as caught:
        check(*files, catalogs=catalogs)
    return [str(p) for p in caught.value.problems]


def test_the_shipped_flows_are_valid() -> None:
    flows = load_dir(FLOWS_DIR)
    assert flows.start == "main.screen"
    assert {"new_report.describe", "status.lookup"} <= set(flows.states)


def test_a_minimal_flow_is_valid() -> None:
    check(("main.yaml", MAIN))


def test_an_unknown_state_names_its_line() -> None:
    text = MAIN.replace('"1": bye', '"1": nowhere')
    assert "main.yaml:4: state 'main.hello': 1 leads to unknown state 'main.nowhere'" in problems(
        ("main.yaml", text)
    )


def test_an_unknown_field_and_type_name_their_lines() -> None:
    text = MAIN.replace("    on_failure: bye\n", "    on_failure: bye\n    speak: loud\n")
    assert problems(("main.yaml", text)) == [
        "main.yaml:10: state 'hello': field 'speak' does not belong to a menu"
    ]
    text = MAIN.replace("type: end", "type: hangup")
    assert "unknown type 'hangup'" in problems(("main.yaml", text))[0]


def test_a_prompt_missing_in_indonesian_is_named() -> None:
    catalogs = {"id": set(PROMPTS.values()) - {PROMPTS["goodbye"]}, "en": ALL["en"]}
    assert "main.yaml:10: state 'main.bye': prompt 'goodbye' has no 'id' translation" in problems(
        ("main.yaml", MAIN), catalogs=catalogs
    )


def test_an_action_outcome_without_a_target_and_a_dead_end() -> None:
    text = (
        MAIN.replace('"1": bye', '"1": file')
        + "  file:\n    type: action\n    action: file_report\n    outcomes:\n      ok: loop\n"
        + ("  loop:\n    type: say\n    say: [goodbye]\n    next: loop\n")
    )
    found = problems(("main.yaml", text))
    assert any("outcome 'error' has no target" in p for p in found)
    assert any("state 'main.loop' is a dead end" in p for p in found)


def test_an_unreachable_state_and_a_key_given_twice() -> None:
    text = MAIN + "  lost:\n    type: end\n    say: [goodbye]\n"
    assert "main.yaml:13: state 'main.lost' can never be reached from 'main.hello'" in problems(
        ("main.yaml", text)
    )
    twice = MAIN.replace("    on_failure: bye\n", "    on_failure: bye\n    on_failure: bye\n")
    assert any("main.yaml:10" in p for p in problems(("main.yaml", twice)))
