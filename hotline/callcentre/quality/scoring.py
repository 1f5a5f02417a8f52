"""Scoring an evaluation (pure): a section scores the points earned over the points applicable
(N/A items left out of both) times its weight; the total is out of 100, over the weight of the
sections that had anything applicable. Any auto-fail item not met makes the total 0 and flags
the evaluation, whatever the rest. Pass means a total at or above the form's pass score.

`check` says what is wrong with a set of answers (each item answered, N/A only where the form
allows it, comments where the form requires them) as (field, msgid) pairs for the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from hotline.callcentre.quality.form import CommentRule, Form
from hotline.choices import N_, Choice


class Answer(Choice):
    MET = "met", N_("Met")
    NOT_MET = "not_met", N_("Not met")
    NA = "na", N_("N/A")


@dataclass(frozen=True)
class Score:
    total: float  # 0-100
    sections: dict[str, float | None]  # each section's share of its points; None: all N/A
    auto_fail: bool
    passed: bool


def score(form: Form, answers: Mapping[str, str]) -> Score:
    """The score of complete, checked answers (see `check`)."""
    shares: dict[str, float | None] = {}
    weighted = applicable_weight = 0.0
    auto_fail = False
    for section in form.sections:
        earned = possible = 0
        for item in section.items:
            answer = answers[item.id]
            if answer == Answer.NA:
                continue
            possible += item.points
            if answer == Answer.MET:
                earned += item.points
            elif item.auto_fail:
                auto_fail = True
        share = earned / possible if possible else None
        shares[section.id] = share
        if share is not None and section.weight:
            weighted += share * section.weight
            applicable_weight += section.weight
    total = 0.0 if auto_fail else round(100 * weighted / applicable_weight, 2)
    return Score(total, shares, auto_fail, not auto_fail and total >= form.pass_score)


def check(
    form: Form, answers: Mapping[str, str], comments: Mapping[str, str]
) -> list[tuple[str, str]]:
    """What keeps these answers from being submitted: (field, msgid), in the form's order."""
    problems: list[tuple[str, str]] = []
    values = {a.value for a in Answer}
    for _, item in form.items():
        answer = answers.get(item.id, "")
        comment = comments.get(item.id, "").strip()
        if answer not in values:
            problems.append((item.id, N_("Choose an answer.")))
        elif answer == Answer.NA and not item.na:
            problems.append((item.id, N_("This item cannot be not applicable.")))
        elif not comment and (
            item.comment == CommentRule.ALWAYS
            or (item.comment == CommentRule.ON_FAIL and answer == Answer.NOT_MET)
        ):
            problems.append((item.id, N_("Write a comment: this answer needs one.")))
    return problems
