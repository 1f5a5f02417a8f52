"""The sampling rule (pure): n answered calls per officer per ISO week, drawn at random but
reproducibly (the seed, the officer and the week make the choice, so drawing again gives the same
calls), plus every call whose report was disputed by the reporter or escalated past its deadline.

Weeks are ISO weeks in the line's zone ("2026-W49"). The service records which officer-weeks
were drawn, so a week's random sample is drawn once; flagged calls join the pool whenever found.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo

from hotline.choices import N_, Choice


class Why(Choice):
    """Why a call is in the pool."""

    RANDOM = "random", N_("Random sample")
    DISPUTED = "disputed", N_("Report disputed by the reporter")
    ESCALATED = "escalated", N_("Report escalated past its deadline")


@dataclass(frozen=True)
class Answered:
    call_sid: str
    agent: int
    at: datetime  # when the officer took the call


@dataclass(frozen=True)
class Pick:
    call_sid: str
    agent: int
    week: str
    why: Why


def iso_week(at: datetime, zone: tzinfo) -> str:
    year, week, _ = at.astimezone(zone).isocalendar()
    return f"{year}-W{week:02d}"


def draw(
    calls: Iterable[Answered],
    per_week: int,
    seed: str,
    zone: tzinfo,
    *,
    flagged: Mapping[str, Why] | None = None,
    drawn: frozenset[tuple[int, str]] = frozenset(),
) -> list[Pick]:
    """The pool from these answered calls: `per_week` random calls of every officer-week not in
    `drawn`, and every flagged call (call_sid -> why) whatever its week. One pick per call."""
    flagged = flagged or {}
    weeks: dict[tuple[int, str], list[Answered]] = defaultdict(list)
    for call in calls:
        weeks[(call.agent, iso_week(call.at, zone))].append(call)
    picks: dict[str, Pick] = {}
    for (agent, week), group in sorted(weeks.items()):
        for call in group:
            if call.call_sid in flagged:
                picks[call.call_sid] = Pick(call.call_sid, agent, week, flagged[call.call_sid])
        if (agent, week) in drawn:
            continue
        # Sorted first, so the same calls and seed give the same sample in any order of rows.
        pool = sorted({c.call_sid for c in group} - set(picks))
        rng = random.Random(f"{seed}:{agent}:{week}")
        for sid in rng.sample(pool, min(per_week, len(pool))):
            picks[sid] = Pick(sid, agent, week, Why.RANDOM)
    return sorted(picks.values(), key=lambda p: (p.week, p.agent, p.call_sid))
