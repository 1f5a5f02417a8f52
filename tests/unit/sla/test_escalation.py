"""What the worker does with a clock, and when: warn, escalate 1, escalate 2; auto-close."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline.sla.escalation import (
    LAST_LEVEL,
    ClockState,
    Step,
    due_step,
    next_check,
    recipients,
)
from hotline.sla.policy import ClockKind

DUE = datetime(2026, 3, 10, 16, 0, tzinfo=UTC)
WARN = DUE - timedelta(hours=6)
GRACE = timedelta(hours=24)
SEC = timedelta(seconds=1)
RUNNING_KINDS = [k for k in ClockKind if k is not ClockKind.AUTO_CLOSE]


def fresh(kind: ClockKind = ClockKind.RESOLUTION, warn_at: datetime | None = WARN) -> ClockState:
    return ClockState(
        kind=kind,
        due_at=DUE,
        warn_at=warn_at,
        warned_at=None,
        breached_at=None,
        escalation_level=0,
    )


def apply(state: ClockState, step: tuple[Step, int], now: datetime) -> ClockState:
    """What the worker records after taking a step (hotline/worker/sweep.py)."""
    action, level = step
    if action is Step.WARN:
        return replace(state, warned_at=now)
    if action is Step.ESCALATE:
        return replace(state, breached_at=state.due_at, escalation_level=level)
    return replace(state, breached_at=state.due_at)  # AUTO_CLOSE


# -- running clocks, step by step -------------------------------------------------------------


@pytest.mark.parametrize("kind", RUNNING_KINDS)
def test_nothing_before_the_warning(kind: ClockKind) -> None:
    assert due_step(fresh(kind), WARN - SEC, GRACE) is None
    assert next_check(fresh(kind), GRACE) == WARN


@pytest.mark.parametrize("kind", RUNNING_KINDS)
def test_warn_at_warn_at(kind: ClockKind) -> None:
    assert due_step(fresh(kind), WARN, GRACE) == (Step.WARN, 0)
    assert due_step(fresh(kind), DUE - SEC, GRACE) == (Step.WARN, 0)


def test_warned_clock_waits_for_the_deadline() -> None:
    warned = replace(fresh(), warned_at=WARN)
    assert due_step(warned, WARN + SEC, GRACE) is None
    assert due_step(warned, DUE - SEC, GRACE) is None
    assert next_check(warned, GRACE) == DUE


@pytest.mark.parametrize("warned_at", [None, WARN])
def test_escalate_level_one_at_due(warned_at: datetime | None) -> None:
    state = replace(fresh(), warned_at=warned_at)
    assert due_step(state, DUE, GRACE) == (Step.ESCALATE, 1)


def test_late_worker_escalates_rather_than_warns() -> None:
    # First look well past the deadline: the warning is pointless, the breach is not.
    assert due_step(fresh(), DUE + timedelta(hours=3), GRACE) == (Step.ESCALATE, 1)


def test_no_warning_instant_means_only_the_deadline() -> None:
    state = fresh(warn_at=None)
    assert next_check(state, GRACE) == DUE
    assert due_step(state, DUE - SEC, GRACE) is None
    assert due_step(state, DUE, GRACE) == (Step.ESCALATE, 1)


def test_warning_instant_at_or_after_the_deadline_is_not_a_check() -> None:
    for warn_at in (DUE, DUE + timedelta(hours=1)):
        state = fresh(warn_at=warn_at)
        assert next_check(state, GRACE) == DUE
        assert due_step(state, DUE, GRACE) == (Step.ESCALATE, 1)


def test_level_two_after_grace() -> None:
    level1 = replace(fresh(), warned_at=WARN, breached_at=DUE, escalation_level=1)
    assert next_check(level1, GRACE) == DUE + GRACE
    assert due_step(level1, DUE + GRACE - SEC, GRACE) is None
    assert due_step(level1, DUE + GRACE, GRACE) == (Step.ESCALATE, 2)


def test_nothing_after_level_two() -> None:
    level2 = replace(fresh(), warned_at=WARN, breached_at=DUE, escalation_level=LAST_LEVEL)
    assert LAST_LEVEL == 2
    assert next_check(level2, GRACE) is None
    for later in (DUE + GRACE, DUE + 10 * GRACE, DUE + timedelta(days=365)):
        assert due_step(level2, later, GRACE) is None


def test_zero_grace_escalates_both_levels_at_the_deadline() -> None:
    state = apply(fresh(), (Step.ESCALATE, 1), DUE)
    assert due_step(state, DUE, timedelta(0)) == (Step.ESCALATE, 2)


# -- auto-close clocks -----------------------------------------------------------------------


@pytest.mark.parametrize("warn_at", [None, WARN])
def test_auto_close_has_only_the_deadline(warn_at: datetime | None) -> None:
    state = fresh(ClockKind.AUTO_CLOSE, warn_at=warn_at)
    assert next_check(state, GRACE) == DUE
    assert due_step(state, WARN, GRACE) is None
    assert due_step(state, DUE - SEC, GRACE) is None
    assert due_step(state, DUE, GRACE) == (Step.AUTO_CLOSE, 0)
    assert due_step(state, DUE + 3 * GRACE, GRACE) == (Step.AUTO_CLOSE, 0)


def test_auto_close_is_done_once_recorded() -> None:
    # The worker records the auto-close by setting breached_at = due_at (sweep.py). From then on
    # next_check says nothing is left to do, and due_step must agree.
    done = apply(fresh(ClockKind.AUTO_CLOSE), (Step.AUTO_CLOSE, 0), DUE)
    assert next_check(done, GRACE) is None
    assert due_step(done, DUE + SEC, GRACE) is None


# -- property: a worker walking time forward --------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(RUNNING_KINDS),
    warn_offset=st.none() | st.integers(-72 * 3600, 3600).map(lambda s: timedelta(seconds=s)),
    grace=st.integers(0, 72 * 3600).map(lambda s: timedelta(seconds=s)),
    start=st.integers(-100 * 3600, 0).map(lambda s: timedelta(seconds=s)),
    gaps=st.lists(st.integers(0, 30 * 3600).map(lambda s: timedelta(seconds=s)), max_size=25),
)
def test_walking_time_forward(
    kind: ClockKind,
    warn_offset: timedelta | None,
    grace: timedelta,
    start: timedelta,
    gaps: list[timedelta],
) -> None:
    state = fresh(kind, warn_at=None if warn_offset is None else DUE + warn_offset)
    now = DUE + start
    warns = 0
    levels: list[int] = []
    # Finish with a look long after everything is due, so every walk ends complete.
    instants = [now]
    for gap in gaps:
        instants.append(instants[-1] + gap)
    instants.append(max(instants[-1], DUE + grace + timedelta(days=1)))
    for now in instants:
        for _ in range(5):  # the worker re-reads until nothing is due; never more than 3 steps
            check = next_check(state, grace)
            step = due_step(state, now, grace)
            if step is None:
                # The worker was woken at next_check: it must find work then.
                assert check is None or now < check
                break
            assert check is not None and check <= now, (state, now, step, check)
            action, level = step
            assert action is not Step.AUTO_CLOSE
            if action is Step.WARN:
                assert not levels, "warning after the breach"
                assert state.warn_at is not None and state.warn_at <= now < state.due_at
                warns += 1
            else:
                assert level == len(levels) + 1
                levels.append(level)
            state = apply(state, step, now)
        else:
            pytest.fail(f"worker never settled at {now}: {state}")
    assert warns <= 1
    assert levels == [1, 2]
    assert next_check(state, grace) is None
    assert due_step(state, instants[-1] + timedelta(days=30), grace) is None


# Who is told: one message per address per step (issue 15, item 9).
CENTRAL = {
    "supervisor_email": "ulp@example.go.id",
    "supervisor_phone": "+6281100000009",
    "head_email": "kepala.ulp@example.go.id",
    "head_phone": "",
}
PUPR = {
    "supervisor_email": "sup@dpupr.example.go.id",
    "supervisor_phone": "+6281100000001",
    "head_email": "kadis@dpupr.example.go.id",
    "head_phone": "",
}


def _addresses(found: list) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(r.channel, r.address) for r in found]


def test_a_central_clock_tells_each_central_address_once_at_level_2() -> None:
    found = recipients(2, None, CENTRAL)
    pairs = _addresses(found)
    assert len(pairs) == len(set(pairs))
    assert sorted(pairs) == [
        ("email", "kepala.ulp@example.go.id"),
        ("email", "ulp@example.go.id"),
        ("sms", "+6281100000009"),
    ]
    (ulp,) = [r for r in found if r.address == "ulp@example.go.id"]
    assert ulp.roles == ("supervisor", "central")
    assert len({r.key for r in found}) == len(found)


def test_an_agency_clock_tells_supervisor_then_head_and_central_unit() -> None:
    assert sorted(_addresses(recipients(1, PUPR, CENTRAL))) == [
        ("email", "sup@dpupr.example.go.id"),
        ("sms", "+6281100000001"),
    ]
    assert sorted(a for _, a in _addresses(recipients(2, PUPR, CENTRAL))) == sorted(
        [
            "sup@dpupr.example.go.id",
            "+6281100000001",
            "kadis@dpupr.example.go.id",
            "ulp@example.go.id",
            "+6281100000009",
        ]
    )


def test_one_address_written_two_ways_is_one_recipient() -> None:
    same = {**PUPR, "head_email": " SUP@dpupr.example.go.id "}
    emails = [r for r in recipients(2, same, None) if r.channel == "email"]
    assert [(r.address, r.roles) for r in emails] == [
        ("sup@dpupr.example.go.id", ("supervisor", "head"))
    ]
