"""Who sees which evaluation (pure): the coordinator every one; an evaluator every one except,
in a calibration session still open, the other evaluators' (scoring is blind until it closes,
for a coordinator who scores in the session too); a call agent only their own, outside
calibration. Whoever may not see one gets 403."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hotline.konsol.access import Perm, Staff


def may_see(
    staff: Staff, evaluation: Mapping[str, Any], session_open: bool, member: bool = False
) -> bool:
    """`member`: the staff member scores in the evaluation's calibration session."""
    if evaluation["session"] is not None:
        mine = evaluation["evaluator"] == staff.id
        if session_open and (member or not staff.may(Perm.QUALITY_MANAGE)):
            return mine
        return staff.may(Perm.QUALITY_EVALUATE)
    if staff.may(Perm.QUALITY_MANAGE):
        return True
    if staff.may(Perm.QUALITY_EVALUATE):
        return True
    return evaluation["agent"] == staff.id


def may_correct(staff: Staff, evaluation: Mapping[str, Any]) -> bool:
    """The latest version of an evaluation outside calibration, by its evaluator or the
    coordinator."""
    return (
        evaluation["latest"]
        and evaluation["session"] is None
        and staff.may(Perm.QUALITY_EVALUATE)
        and (evaluation["evaluator"] == staff.id or staff.may(Perm.QUALITY_MANAGE))
    )


def may_respond(staff: Staff, evaluation: Mapping[str, Any]) -> bool:
    """The officer evaluated, once, on the latest version."""
    return (
        evaluation["agent"] == staff.id
        and evaluation["latest"]
        and evaluation["session"] is None
        and evaluation["state"] == "submitted"
    )


def may_decide(staff: Staff, evaluation: Mapping[str, Any]) -> bool:
    return staff.may(Perm.QUALITY_MANAGE) and evaluation["state"] == "disputed"
