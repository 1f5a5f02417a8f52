"""Scoring: sections weighted by points applicable (N/A out of both sides), auto-fail zeroes the
total, the pass mark; and what keeps answers from being submitted."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from hotline.callcentre.quality.form import load
from hotline.callcentre.quality.scoring import Answer, check, score

FORM = load("standar")
ITEMS = [i for _, i in FORM.items()]


def all_met() -> dict[str, str]:
    return {i.id: Answer.MET.value for i in ITEMS}


def answers_strategy() -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries(
        {
            i.id: st.sampled_from(["met", "not_met", "na"] if i.na else ["met", "not_met"])
            for i in ITEMS
        }
    )


def test_all_met_scores_100_and_passes() -> None:
    result = score(FORM, all_met())
    assert (result.total, result.auto_fail, result.passed) == (100.0, False, True)


def test_a_missed_item_costs_its_share_of_its_section() -> None:
    answers = {**all_met(), "questions": "not_met"}  # 3 of the 7 points of a 35 % section
    assert score(FORM, answers).total == round(100 - 35 * 3 / 7, 2)


def test_na_leaves_an_item_out_of_both_sides() -> None:
    answers = {**all_met(), "language": "na", "greeting": "not_met"}
    # Opening: 0 of 2 applicable points (the 1-point item is N/A) -> the whole 15 % lost.
    assert score(FORM, answers).total == 85.0
    assert score(FORM, answers).sections["opening"] == 0.0


def test_an_auto_fail_item_not_met_makes_the_total_zero_and_flags_it() -> None:
    result = score(FORM, {**all_met(), "identity_revealed": "not_met"})
    assert (result.total, result.auto_fail, result.passed) == (0.0, True, False)


@given(answers_strategy())
def test_the_total_is_between_0_and_100_and_zero_on_any_auto_fail(answers: dict[str, str]) -> None:
    result = score(FORM, answers)
    assert 0 <= result.total <= 100
    failed_critical = any(i.auto_fail and answers[i.id] == "not_met" for i in ITEMS)
    assert result.auto_fail == failed_critical
    if failed_critical:
        assert result.total == 0 and not result.passed
    assert result.passed == (not failed_critical and result.total >= FORM.pass_score)


@given(answers_strategy(), st.sampled_from([i for i in ITEMS if not i.auto_fail]))
def test_meeting_one_more_item_never_lowers_the_score(
    answers: dict[str, str], item: object
) -> None:
    before = score(FORM, {**answers, item.id: "not_met"})  # type: ignore[attr-defined]
    after = score(FORM, {**answers, item.id: "met"})  # type: ignore[attr-defined]
    assert after.total >= before.total


def test_check_wants_every_answer_na_only_where_allowed_and_the_required_comments() -> None:
    answers = {**all_met(), "greeting": "na", "privacy": "not_met", "courtesy": "not_met"}
    del answers["listened"]
    problems = dict(check(FORM, answers, {"courtesy": "raised his voice at 10:02"}))
    assert set(problems) == {"greeting", "listened", "privacy"}
    assert check(FORM, all_met(), {}) == []
