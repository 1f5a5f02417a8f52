"""The calibration report (each item's spread, each evaluator against the consensus) and the
monthly trends."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from hotline.callcentre.quality.calibration import report
from hotline.callcentre.quality.form import load
from hotline.callcentre.quality.scoring import score
from hotline.callcentre.quality.trends import Scored, mean_scores, trends

FORM = load("standar")
ITEMS = [i for _, i in FORM.items()]
WIB = ZoneInfo("Asia/Jakarta")


def met(**changes: str) -> dict[str, str]:
    return {**{i.id: "met" for i in ITEMS}, **changes}


def test_spread_and_deviation_from_the_consensus() -> None:
    answers = {1: met(), 2: met(), 3: met(questions="not_met", language="na")}
    totals = {e: score(FORM, a).total for e, a in answers.items()}
    result = report(FORM, totals, answers)
    spread = {s.item: s for s in result.items}
    assert spread["greeting"].stdev == 0.0 and spread["greeting"].mean == 1.0
    q = spread["questions"]
    assert (q.answered, q.low, q.high) == (3, 0.0, 1.0)
    assert round(q.stdev or 0, 4) == 0.4714  # population stdev of 1, 1, 0
    assert spread["language"].answered == 2
    assert result.consensus is not None
    by = {d.evaluator: d for d in result.evaluators}
    assert by[3].deviation < 0 < by[1].deviation
    assert by[3].disagreements == 2 and by[1].disagreements == 0


@given(st.lists(st.sampled_from(["met", "not_met"]), min_size=2, max_size=6))
def test_deviations_sum_to_zero(marks: list[str]) -> None:
    answers = {n: met(questions=m) for n, m in enumerate(marks, 1)}
    totals = {e: score(FORM, a).total for e, a in answers.items()}
    result = report(FORM, totals, answers)
    assert abs(sum(d.deviation for d in result.evaluators)) < 0.01 * len(marks)
    for s in result.items:
        assert s.stdev is None or 0 <= s.stdev <= 0.5


def test_trends_month_by_month_per_officer_team_and_item() -> None:
    rows = [
        Scored(1, "ULP", datetime(2026, 10, 31, 18, tzinfo=UTC), 80, met(greeting="not_met")),
        Scored(1, "ULP", datetime(2026, 11, 2, tzinfo=UTC), 90, met()),
        Scored(2, "ULP", datetime(2026, 11, 3, tzinfo=UTC), 70, met(language="na")),
    ]
    found = trends(rows, WIB)
    # 31 Oct 18:00 UTC is already 1 November in Jakarta.
    assert found.months == ["2026-11"]
    assert found.officers == {1: {"2026-11": 85.0}, 2: {"2026-11": 70.0}}
    assert found.teams == {"ULP": {"2026-11": 80.0}}
    assert found.items["greeting"] == {"2026-11": round(2 / 3, 2)}
    assert found.counts == {"2026-11": 3}
    assert mean_scores([{"agent": 1, "score": 80}, {"agent": 1, "score": 91}]) == {1: 85.5}
