"""The calibration report (pure): several evaluators scored the same call blind; for each item,
the spread of their answers (met = 1, not met = 0, N/A left out: min, max, standard deviation),
and for each evaluator, how far their total lies from the consensus (the mean of the totals) and
how often their answers differ from the majority of the others'."""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass

from hotline.callcentre.quality.form import Form
from hotline.callcentre.quality.scoring import Answer


@dataclass(frozen=True)
class Spread:
    item: str
    answered: int  # evaluators who did not answer N/A
    mean: float | None
    low: float | None
    high: float | None
    stdev: float | None  # population standard deviation; 0 when all agree


@dataclass(frozen=True)
class Deviation:
    evaluator: int
    total: float
    deviation: float  # total - consensus
    disagreements: int  # items where this evaluator's answer is not the consensus answer


@dataclass(frozen=True)
class Report:
    consensus: float | None
    items: list[Spread]
    evaluators: list[Deviation]


def _consensus_answer(answers: list[str]) -> str | None:
    """The answer most evaluators gave; None on a tie (no consensus to differ from)."""
    counts = sorted(((answers.count(a), a) for a in set(answers)), reverse=True)
    if len(counts) > 1 and counts[0][0] == counts[1][0]:
        return None
    return counts[0][1]


def report(
    form: Form, totals: Mapping[int, float], answers: Mapping[int, Mapping[str, str]]
) -> Report:
    items = []
    consensus_answers: dict[str, str | None] = {}
    for _, item in form.items():
        given = [answers[e][item.id] for e in sorted(answers) if item.id in answers[e]]
        consensus_answers[item.id] = _consensus_answer(given) if given else None
        values = [1.0 if a == Answer.MET else 0.0 for a in given if a != Answer.NA]
        items.append(
            Spread(
                item.id,
                len(values),
                statistics.fmean(values) if values else None,
                min(values) if values else None,
                max(values) if values else None,
                statistics.pstdev(values) if values else None,
            )
        )
    consensus = statistics.fmean(totals.values()) if totals else None
    evaluators = [
        Deviation(
            e,
            totals[e],
            round(totals[e] - (consensus or 0.0), 2),
            sum(
                1
                for item, agreed in consensus_answers.items()
                if agreed is not None and answers[e].get(item) != agreed
            ),
        )
        for e in sorted(totals)
    ]
    return Report(consensus, items, evaluators)
