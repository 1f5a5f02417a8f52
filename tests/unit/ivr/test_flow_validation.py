"""Flow validation: every kind of mistake is reported with its file and line."""

from __future__ import annotations

import textwrap

import pytest

from hotline.ivr.flow import FlowError, FlowSet, parse_file, validate
from hotline.ivr.loader import catalog_msgids, load_dir
from hotline.ivr.prompts import PROMPTS
from hotline.settings import PROJECT_ROOT

ALL = set(PROMPTS.values())
CATALOGS = {"id": ALL, "en": ALL}

GOOD = """\
flow: main
start: menu
states:
  menu:
    type: menu
    say: [main_menu]
    options:
      "1": record
      "2": bye
    on_failure: bye
  record:
    type: record
    say: [complaint_ask]
    into: complaint
    next: bye
    on_failure: bye
  bye:
    type: hangup
    say: [goodbye]
"""


def check(text: str, catalogs: dict[str, set[str]] | None = None) -> FlowSet:
    name, start, states, problems = parse_file("ivr_flows/main.yaml", textwrap.dedent(text))
    if problems:
        raise FlowError(problems)
    return validate([("ivr_flows/main.yaml", name, start, states)], catalogs or CATALOGS)


def problems_of(text: str, catalogs: dict[str, set[str]] | None = None) -> list[str]:
    with pytest.raises(FlowError) as info:
        check(text, catalogs)
    return [str(p) for p in info.value.problems]


def test_a_good_flow_loads() -> None:
    flows = check(GOOD)
    assert flows.start == "main.menu"
    assert flows.state("main.menu").options["1"].goto == "main.record"


def test_the_shipped_flows_are_valid() -> None:
    flows = load_dir(PROJECT_ROOT / "ivr_flows")
    assert {s.flow for s in flows.states.values()} == {"main", "new_report", "status", "officer"}
    # The contract's keys: 1 new report, 2 status, 0 officer, 9 language (* repeats everywhere).
    menu = flows.state("main.menu")
    assert {k: o.goto for k, o in menu.options.items()} == {
        "1": "new_report.screen",
        "2": "status.reference",
        "0": "officer.start",
        "9": "main.language",
    }
    # In the new-report flow "1" answers every menu, and confirms at the end.
    for state in flows.states.values():
        if state.flow == "new_report" and state.type == "menu":
            assert "1" in state.options or state.options_from, state.id
    assert flows.state("new_report.confirm").options["1"].goto == "new_report.submit"


def test_unknown_state() -> None:
    [problem] = problems_of(GOOD.replace('"2": bye', '"2": byebye'))
    assert problem.startswith("ivr_flows/main.yaml:9: state 'menu': 2 leads to unknown state")
    assert "'main.byebye'" in problem


def test_two_options_on_one_key() -> None:
    text = GOOD.replace('      "2": bye\n', '      "2": bye\n      "1": bye\n')
    [problem] = problems_of(text)
    assert problem == "ivr_flows/main.yaml:10: '1' is given twice (first on line 8)"


def test_a_state_defined_twice() -> None:
    [problem] = problems_of(GOOD + "  bye:\n    type: hangup\n")
    assert problem.startswith("ivr_flows/main.yaml:20: 'bye' is given twice (first on line 17)")


def test_unreachable_state() -> None:
    text = GOOD + "  lost:\n    type: hangup\n    say: [goodbye]\n"
    [problem] = problems_of(text)
    assert (
        problem == "ivr_flows/main.yaml:20: state 'main.lost' can never be reached from 'main.menu'"
    )


def test_a_dead_end_loop_that_never_ends_the_call() -> None:
    text = GOOD.replace('      "2": bye\n', '      "2": loop\n') + (
        "  loop:\n    type: say\n    say: [welcome]\n    next: loop2\n"
        "  loop2:\n    type: say\n    say: [welcome]\n    next: loop\n"
    )
    found = problems_of(text)
    assert (
        "ivr_flows/main.yaml:20: state 'main.loop' is a dead end: no way to end the call" in found
    )


def test_a_question_without_a_way_out_after_its_retries() -> None:
    [problem] = problems_of(GOOD.replace("    on_failure: bye\n  record:", "  record:"))
    assert problem.startswith("ivr_flows/main.yaml:4: state 'menu': a menu needs on_failure")


def test_unknown_prompt_and_untranslated_prompt() -> None:
    [problem] = problems_of(GOOD.replace("[goodbye]", "[see_you]"))
    assert problem == "ivr_flows/main.yaml:17: state 'bye': unknown prompt 'see_you'"
    without = {"id": ALL - {PROMPTS["goodbye"]}, "en": ALL}
    found = problems_of(GOOD, without)
    assert (
        "ivr_flows/main.yaml:17: state 'bye': prompt 'goodbye' has no translation in 'id'" in found
    )


def test_a_prompt_said_only_by_the_code_must_be_translated_too() -> None:
    without = {"id": ALL - {PROMPTS["down_apology"]}, "en": ALL}
    assert problems_of(GOOD, without) == [
        "hotline/ivr/prompts.py:1: prompt 'down_apology' has no translation in 'id'"
    ]


def test_unknown_type_field_key_and_action() -> None:
    text = GOOD.replace("    type: hangup", "    type: hangoff").replace(
        "    into: complaint", "    into: complaint\n    colour: blue"
    )
    found = problems_of(text)
    assert any(
        p.startswith("ivr_flows/main.yaml:19: state 'bye': unknown type 'hangoff'") for p in found
    )
    assert any(
        p.startswith("ivr_flows/main.yaml:15: state 'record': field 'colour'") for p in found
    )
    found = problems_of(GOOD.replace('"2": bye', '"A": bye'))
    assert "ivr_flows/main.yaml:9: state 'menu': option key 'A' is not a telephone key" in found
    action = (
        GOOD.replace('"2": bye', '"2": act')
        + "  act:\n    type: action\n    action: lookup_status\n    outcomes:\n      ok: bye\n"
    )
    found = problems_of(action)
    assert any("action lookup_status can end with 'locked': give it a target" in p for p in found)


def test_yaml_syntax_error_names_its_line() -> None:
    [problem] = problems_of(GOOD.replace("    into: complaint", "    into: [complaint"))
    assert problem.startswith("ivr_flows/main.yaml:")
    assert int(problem.split(":")[1]) >= 14


def test_catalogs_of_the_project_translate_every_prompt() -> None:
    known = catalog_msgids()
    assert set(PROMPTS.values()) <= known["id"] and set(PROMPTS.values()) <= known["en"]
