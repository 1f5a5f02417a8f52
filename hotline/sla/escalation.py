"""What the worker must do next with a clock, and when (pure: no I/O).

Milestones of a running clock: the 75 % warning, the breach (escalation level 1: the agency's
supervisor), then after a grace period level 2 (the agency head and the central unit). An
auto-close clock has a single milestone: its deadline, when the ticket closes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from hotline.sla.policy import ClockKind

LAST_LEVEL = 2


class Step(StrEnum):
    WARN = "warn"
    ESCALATE = "escalate"
    AUTO_CLOSE = "auto_close"


@dataclass(frozen=True)
class ClockState:
    kind: ClockKind
    due_at: datetime
    warn_at: datetime | None
    warned_at: datetime | None
    breached_at: datetime | None
    escalation_level: int


def due_step(state: ClockState, now: datetime, grace: timedelta) -> tuple[Step, int] | None:
    """The step to take now (with the escalation level it reaches), or None."""
    if state.kind is ClockKind.AUTO_CLOSE:
        done = state.breached_at is not None
        return (Step.AUTO_CLOSE, 0) if now >= state.due_at and not done else None
    if state.breached_at is None:
        if now >= state.due_at:
            return Step.ESCALATE, 1
        if state.warned_at is None and state.warn_at is not None and now >= state.warn_at:
            return Step.WARN, 0
        return None
    if state.escalation_level < LAST_LEVEL and now >= state.breached_at + grace:
        return Step.ESCALATE, state.escalation_level + 1
    return None


def next_check(state: ClockState, grace: timedelta) -> datetime | None:
    """When the worker must look at this clock again; None when nothing is left to do."""
    if state.kind is ClockKind.AUTO_CLOSE:
        return state.due_at if state.breached_at is None else None
    if state.breached_at is None:
        if state.warned_at is None and state.warn_at is not None and state.warn_at < state.due_at:
            return state.warn_at
        return state.due_at
    if state.escalation_level < LAST_LEVEL:
        return state.breached_at + grace
    return None
