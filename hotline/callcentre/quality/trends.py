"""Trends month by month (pure): the mean score per officer, per team and overall, and the share
of each item met, from the latest versions of the evaluations (calibration ones left out by the
caller). Months are the line's local months ("2026-12")."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from hotline.callcentre.quality.scoring import Answer


@dataclass(frozen=True)
class Scored:
    agent: int
    team: str
    at: datetime
    score: float
    answers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Trends:
    months: list[str]
    officers: dict[int, dict[str, float]]  # agent -> month -> mean score
    teams: dict[str, dict[str, float]]
    items: dict[str, dict[str, float]]  # item -> month -> share met (N/A left out)
    overall: dict[str, float]
    counts: dict[str, int]  # month -> evaluations


def _means(groups: Mapping[tuple[object, str], list[float]]) -> dict[object, dict[str, float]]:
    out: dict[object, dict[str, float]] = defaultdict(dict)
    for (key, month), values in groups.items():
        out[key][month] = round(statistics.fmean(values), 2)
    return dict(out)


def trends(rows: Iterable[Scored], zone: tzinfo) -> Trends:
    officers: dict[tuple[object, str], list[float]] = defaultdict(list)
    teams: dict[tuple[object, str], list[float]] = defaultdict(list)
    items: dict[tuple[object, str], list[float]] = defaultdict(list)
    overall: dict[tuple[object, str], list[float]] = defaultdict(list)
    for row in rows:
        month = row.at.astimezone(zone).strftime("%Y-%m")
        officers[(row.agent, month)].append(row.score)
        teams[(row.team, month)].append(row.score)
        overall[("all", month)].append(row.score)
        for item, answer in row.answers.items():
            if answer != Answer.NA:
                items[(item, month)].append(1.0 if answer == Answer.MET else 0.0)
    months = sorted({month for _, month in overall})
    return Trends(
        months,
        _means(officers),  # type: ignore[arg-type]
        _means(teams),  # type: ignore[arg-type]
        _means(items),  # type: ignore[arg-type]
        _means(overall).get("all", {}),
        {month: len(overall[("all", month)]) for month in months},
    )


def mean_scores(rows: Iterable[Mapping[str, object]]) -> dict[int, float]:
    """Each officer's mean score (the per-officer report's quality column)."""
    scores: dict[int, list[float]] = defaultdict(list)
    for row in rows:
        scores[int(row["agent"])].append(float(row["score"]))  # type: ignore[call-overload, arg-type]
    return {agent: round(statistics.fmean(values), 2) for agent, values in scores.items()}
