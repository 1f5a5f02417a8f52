"""What the worker must do next with a clock, and when (pure: no I/O).

Milestones of a running clock: the 75 % warning, the breach (escalation level 1: the agency's
supervisor), then after a grace period level 2 (the agency head and the central unit). An
auto-close clock has a single milestone: its deadline, when the ticket closes. `recipients`
says who is told at each step, one message per address.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

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


@dataclass(frozen=True)
class Recipient:
    """One address to tell at a step, with every role it stands for there."""

    roles: tuple[str, ...]
    channel: str  # "email" or "sms"
    address: str

    @property
    def key(self) -> str:
        """The address's part of a dedupe key: one message per address per step, whatever
        number of roles share it. A digest, so the key itself carries no personal data."""
        digest = hashlib.sha256(f"{self.channel}:{self.address}".encode()).hexdigest()
        return f"{self.channel}:{digest[:16]}"


def _address(channel: str, raw: str) -> str:
    text = raw.strip()
    return text.lower() if channel == "email" else text.replace(" ", "")


def recipients(
    level: int, agency: Mapping[str, Any] | None, central: Mapping[str, Any] | None
) -> list[Recipient]:
    """Whom to tell at a warning (level 0) or an escalation: the agency's supervisor; from
    level 2 also the agency head and the central unit. `agency` is None for a clock without an
    agency, which belongs to the central unit. The same address named by several roles (the
    central unit's own clock: its supervisor *is* the central unit) gets one message."""
    owner = agency if agency is not None else central
    people: list[tuple[str, Mapping[str, Any] | None, str]] = [("supervisor", owner, "supervisor")]
    if level >= LAST_LEVEL:
        people += [("head", owner, "head"), ("central", central, "supervisor")]
    found: dict[tuple[str, str], list[str]] = {}
    for role, row, prefix in people:
        if row is None:
            continue
        for channel, column in (("email", f"{prefix}_email"), ("sms", f"{prefix}_phone")):
            address = _address(channel, row.get(column) or "")
            if address:
                roles = found.setdefault((channel, address), [])
                if role not in roles:
                    roles.append(role)
    return [
        Recipient(tuple(roles), channel, address) for (channel, address), roles in found.items()
    ]
