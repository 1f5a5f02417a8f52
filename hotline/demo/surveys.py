"""Demo satisfaction surveys: every resolved demo report was invited, and some answered, so
`make run` shows a satisfaction index (IKM) per agency and per month.

Answers lean on each agency's own level (some agencies are better liked than others) with
noise; "costs" is mostly "free" or not applicable, as for a free complaint service. Drawn from
their own random generator, so the rest of the demo does not change with them.
"""

from __future__ import annotations

import random
import secrets
from datetime import datetime, timedelta
from typing import Any

from hotline.satisfaction.elements import ELEMENTS
from hotline.satisfaction.tables import Survey
from hotline.tickets.lifecycle import Status
from hotline.tickets.tables import Ticket

ANSWER_SHARE = 0.45  # of the invited reporters, those who answer
BATCH = 500


def _answer(rng: random.Random, level: float) -> int:
    return max(1, min(4, round(rng.gauss(level, 0.7))))


def answers(rng: random.Random, level: float) -> dict[str, int | None]:
    out: dict[str, int | None] = {e.value: _answer(rng, level) for e in ELEMENTS}
    out["u4"] = None if rng.random() < 0.4 else (4 if rng.random() < 0.9 else 3)
    if rng.random() < 0.1:  # a skipped question now and then
        out[rng.choice([e.value for e in ELEMENTS])] = None
    return out


async def seed_surveys(rng: random.Random, *, end: datetime) -> int:
    """One survey per resolved report (invited when resolved), some answered; how many answered."""
    resolved = await Ticket.select(Ticket.id, Ticket.agency, Ticket.resolved_at).where(
        (Ticket.status == Status.SELESAI.value) & Ticket.resolved_at.is_not_null()
    )
    levels: dict[Any, float] = {}
    rows = []
    answered = 0
    for t in sorted(resolved, key=lambda r: r["id"]):
        level = levels.setdefault(t["agency"], rng.uniform(2.6, 3.6))
        invited: datetime = t["resolved_at"]
        submitted = invited + timedelta(hours=rng.uniform(1, 72))
        fields: dict[str, Any] = {}
        if rng.random() < ANSWER_SHARE and submitted < end:
            fields = {
                **answers(rng, level),
                "submitted_at": submitted,
                "channel": "telepon" if rng.random() < 0.3 else "web",
            }
            answered += 1
        rows.append(
            Survey(
                ticket=t["id"],
                token=secrets.token_urlsafe(16),
                agency=t["agency"],
                invited_at=invited,
                **fields,
            )
        )
    for i in range(0, len(rows), BATCH):
        await Survey.insert(*rows[i : i + BATCH])
    return answered
