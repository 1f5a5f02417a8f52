"""Who sees which evaluation: the coordinator all; an evaluator all but the others' in an open
calibration session; a call agent their own only, never a calibration one."""

from __future__ import annotations

from typing import Any

import pytest

from hotline.accounts.roles import Role
from hotline.callcentre.quality.access import may_correct, may_decide, may_respond, may_see
from hotline.konsol.access import Staff

AGENT, OTHER_AGENT, EVALUATOR, OTHER_EVALUATOR, COORDINATOR = 1, 2, 3, 4, 5


def staff(uid: int, role: Role) -> Staff:
    return Staff(id=uid, username=f"u{uid}", display_name="", role=role, agency_id=None)


def evaluation(**changes: Any) -> dict[str, Any]:
    return {
        "agent": AGENT,
        "evaluator": EVALUATOR,
        "session": None,
        "latest": True,
        "state": "submitted",
        **changes,
    }


@pytest.mark.parametrize(
    ("who", "changes", "session_open", "sees"),
    [
        (staff(AGENT, Role.OPERATOR), {}, False, True),
        (staff(OTHER_AGENT, Role.OPERATOR), {}, False, False),
        (staff(AGENT, Role.OPERATOR), {"session": 9}, False, False),
        (staff(OTHER_EVALUATOR, Role.PENILAI), {}, False, True),
        (staff(OTHER_EVALUATOR, Role.PENILAI), {"session": 9}, True, False),
        (staff(EVALUATOR, Role.PENILAI), {"session": 9}, True, True),
        (staff(OTHER_EVALUATOR, Role.PENILAI), {"session": 9}, False, True),
        (staff(COORDINATOR, Role.KOORDINATOR), {"session": 9}, True, True),
        (staff(AGENT, Role.OPERATOR), {"session": 9}, True, False),
        (staff(9, Role.VERIFIKATOR), {}, False, False),
    ],
)
def test_who_sees_an_evaluation(
    who: Staff, changes: dict[str, Any], session_open: bool, sees: bool
) -> None:
    assert may_see(who, evaluation(**changes), session_open) is sees


def test_only_the_officer_answers_once_and_only_the_coordinator_decides() -> None:
    officer = staff(AGENT, Role.OPERATOR)
    assert may_respond(officer, evaluation())
    assert not may_respond(officer, evaluation(state="acknowledged"))
    assert not may_respond(officer, evaluation(latest=False))
    assert not may_respond(staff(OTHER_AGENT, Role.OPERATOR), evaluation())
    assert may_decide(staff(COORDINATOR, Role.KOORDINATOR), evaluation(state="disputed"))
    assert not may_decide(staff(EVALUATOR, Role.PENILAI), evaluation(state="disputed"))
    assert not may_decide(staff(COORDINATOR, Role.KOORDINATOR), evaluation())


def test_the_evaluator_or_the_coordinator_corrects_the_latest_version() -> None:
    assert may_correct(staff(EVALUATOR, Role.PENILAI), evaluation())
    assert may_correct(staff(COORDINATOR, Role.KOORDINATOR), evaluation())
    assert not may_correct(staff(OTHER_EVALUATOR, Role.PENILAI), evaluation())
    assert not may_correct(staff(EVALUATOR, Role.PENILAI), evaluation(latest=False))
    assert not may_correct(staff(EVALUATOR, Role.PENILAI), evaluation(session=9))
    assert not may_correct(staff(AGENT, Role.OPERATOR), evaluation(agent=AGENT))


def test_a_coordinator_scoring_in_an_open_session_is_blind_too() -> None:
    coordinator = staff(COORDINATOR, Role.KOORDINATOR)
    other = evaluation(session=9)
    assert not may_see(coordinator, other, session_open=True, member=True)
    assert may_see(coordinator, other, session_open=True, member=False)
    assert may_see(coordinator, other, session_open=False, member=True)
    assert may_see(coordinator, evaluation(session=9, evaluator=COORDINATOR), True, member=True)
