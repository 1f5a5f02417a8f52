"""The ticket state machine, checked against the design written out by hand below.

The expected legal moves are NOT derived from `TRANSITIONS`: they are copied from the design
(module docstring + the product spec), so a wrong table entry makes a test fail.
"""

from __future__ import annotations

import contextlib
import itertools
from collections import deque

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline.tickets.lifecycle import (
    CLOSED_UNRESOLVED,
    OPEN,
    RESOLVED,
    Action,
    IllegalTransition,
    Status,
    Transition,
    allowed_actions,
    next_status,
)

A = Action
S = Status

# Every status the design names, by its stable key.
DESIGN_STATUSES = {
    "baru",
    "perlu_dilengkapi",
    "diverifikasi",
    "didisposisikan",
    "diproses",
    "ditanggapi",
    "selesai",
    "ditolak",
    "duplikat",
    "diarsipkan",
}

# (action, from) -> to, written out from the design. PROVIDE_INFO is handled separately (its
# target is wherever the ticket was paused from).
LEGAL: dict[tuple[Action, Status], Status] = {
    (A.VERIFY, S.BARU): S.DIVERIFIKASI,
    (A.REQUEST_INFO, S.BARU): S.PERLU_DILENGKAPI,
    (A.REQUEST_INFO, S.DIVERIFIKASI): S.PERLU_DILENGKAPI,
    (A.REQUEST_INFO, S.DIDISPOSISIKAN): S.PERLU_DILENGKAPI,
    (A.REQUEST_INFO, S.DIPROSES): S.PERLU_DILENGKAPI,
    (A.REJECT, S.BARU): S.DITOLAK,
    (A.REJECT, S.DIVERIFIKASI): S.DITOLAK,
    (A.REJECT, S.PERLU_DILENGKAPI): S.DITOLAK,
    (A.MERGE, S.BARU): S.DUPLIKAT,
    (A.MERGE, S.DIVERIFIKASI): S.DUPLIKAT,
    (A.MERGE, S.PERLU_DILENGKAPI): S.DUPLIKAT,
    (A.DISPATCH, S.BARU): S.DIDISPOSISIKAN,
    (A.DISPATCH, S.DIVERIFIKASI): S.DIDISPOSISIKAN,
    (A.ACCEPT, S.DIDISPOSISIKAN): S.DIPROSES,
    (A.NOT_OUR_MANDATE, S.DIDISPOSISIKAN): S.DIVERIFIKASI,
    (A.NOT_OUR_MANDATE, S.DIPROSES): S.DIVERIFIKASI,
    (A.TRANSFER, S.DIDISPOSISIKAN): S.DIDISPOSISIKAN,
    (A.TRANSFER, S.DIPROSES): S.DIDISPOSISIKAN,
    (A.ANSWER, S.DIDISPOSISIKAN): S.DITANGGAPI,
    (A.ANSWER, S.DIPROSES): S.DITANGGAPI,
    (A.CONFIRM, S.DITANGGAPI): S.SELESAI,
    (A.AUTO_CLOSE, S.DITANGGAPI): S.SELESAI,
    (A.DISPUTE, S.DITANGGAPI): S.DIPROSES,
    (A.DISPUTE, S.SELESAI): S.DIPROSES,
    (A.ARCHIVE, S.PERLU_DILENGKAPI): S.DIARSIPKAN,
    # withdraw: every open status except ditanggapi
    (A.WITHDRAW, S.BARU): S.DIARSIPKAN,
    (A.WITHDRAW, S.PERLU_DILENGKAPI): S.DIARSIPKAN,
    (A.WITHDRAW, S.DIVERIFIKASI): S.DIARSIPKAN,
    (A.WITHDRAW, S.DIDISPOSISIKAN): S.DIARSIPKAN,
    (A.WITHDRAW, S.DIPROSES): S.DIARSIPKAN,
}
PROVIDE_INFO_FROM = S.PERLU_DILENGKAPI
# Where a ticket can have been paused from: exactly the statuses request_info starts from.
PAUSABLE = {S.BARU, S.DIVERIFIKASI, S.DIDISPOSISIKAN, S.DIPROSES}
EXPECTED_OPEN = {
    S.BARU,
    S.PERLU_DILENGKAPI,
    S.DIVERIFIKASI,
    S.DIDISPOSISIKAN,
    S.DIPROSES,
    S.DITANGGAPI,
}
EXPECTED_CLOSED_UNRESOLVED = {S.DITOLAK, S.DUPLIKAT, S.DIARSIPKAN}
EXPECTED_RESOLVED = {S.SELESAI}
ABSORBING = {S.DITOLAK, S.DUPLIKAT, S.DIARSIPKAN}

ALL_PAIRS = list(itertools.product(list(Status), list(Action)))


def _assert_names_both(exc: IllegalTransition, current: Status, requested: Status | None) -> None:
    message = str(exc)
    assert exc.current is current
    assert exc.requested == requested
    assert repr(current.value) in message
    if requested is not None:
        assert repr(requested.value) in message


# -- the status set --------------------------------------------------------------------------


def test_statuses_are_exactly_the_design_keys() -> None:
    assert {s.value for s in Status} == DESIGN_STATUSES


def test_status_groups_match_the_design() -> None:
    assert set(OPEN) == EXPECTED_OPEN
    assert set(CLOSED_UNRESOLVED) == EXPECTED_CLOSED_UNRESOLVED
    assert set(RESOLVED) == EXPECTED_RESOLVED


def test_resolved_and_closed_unresolved_are_disjoint_and_not_open() -> None:
    assert not RESOLVED & CLOSED_UNRESOLVED
    assert not RESOLVED & OPEN
    assert not CLOSED_UNRESOLVED & OPEN
    assert set(Status) == OPEN | RESOLVED | CLOSED_UNRESOLVED


# -- every (status, action) pair -------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "action"), [p for p in ALL_PAIRS if p[1] is not A.PROVIDE_INFO]
)
def test_next_status_follows_the_design_or_refuses(current: Status, action: Action) -> None:
    expected = LEGAL.get((action, current))
    if expected is not None:
        assert next_status(current, action) == Transition(action, current, expected)
    else:
        # What the action would have led to, per the design.
        requested = next(to for (a, _), to in LEGAL.items() if a is action)
        with pytest.raises(IllegalTransition) as info:
            next_status(current, action)
        _assert_names_both(info.value, current, requested)


@pytest.mark.parametrize("current", list(Status))
def test_allowed_actions_lists_exactly_the_legal_ones(current: Status) -> None:
    expected = {a for (a, frm) in LEGAL if frm is current}
    if current is PROVIDE_INFO_FROM:
        expected.add(A.PROVIDE_INFO)
    assert set(allowed_actions(current)) == expected


def test_legal_pair_count_matches_the_design() -> None:
    legal = set()
    for current, action in ALL_PAIRS:
        try:
            next_status(current, action, resume_status=S.BARU)
        except IllegalTransition:
            continue
        legal.add((action, current))
    assert legal == set(LEGAL) | {(A.PROVIDE_INFO, PROVIDE_INFO_FROM)}


# -- not our mandate -------------------------------------------------------------------------


@pytest.mark.parametrize("current", [S.DIDISPOSISIKAN, S.DIPROSES])
def test_not_our_mandate_returns_to_verification(current: Status) -> None:
    assert next_status(current, A.NOT_OUR_MANDATE).to_status is S.DIVERIFIKASI


@pytest.mark.parametrize("current", list(Status))
def test_not_our_mandate_never_closes(current: Status) -> None:
    try:
        to = next_status(current, A.NOT_OUR_MANDATE).to_status
    except IllegalTransition:
        return
    assert to not in CLOSED_UNRESOLVED
    assert to not in RESOLVED


# -- provide_info ----------------------------------------------------------------------------


@pytest.mark.parametrize("paused_from", sorted(PAUSABLE))
def test_provide_info_returns_to_where_it_was(paused_from: Status) -> None:
    # Round trip: request_info from X, then provide_info brings it back to X.
    paused = next_status(paused_from, A.REQUEST_INFO).to_status
    assert paused is S.PERLU_DILENGKAPI
    back = next_status(paused, A.PROVIDE_INFO, resume_status=paused_from)
    assert back == Transition(A.PROVIDE_INFO, S.PERLU_DILENGKAPI, paused_from)


def test_provide_info_without_resume_status_is_refused() -> None:
    with pytest.raises(IllegalTransition) as info:
        next_status(S.PERLU_DILENGKAPI, A.PROVIDE_INFO)
    _assert_names_both(info.value, S.PERLU_DILENGKAPI, None)


@pytest.mark.parametrize(
    "target", [S.SELESAI, S.DITOLAK, S.DUPLIKAT, S.DIARSIPKAN, S.PERLU_DILENGKAPI]
)
def test_provide_info_refuses_a_closed_or_paused_target(target: Status) -> None:
    # Closed = resolved (selesai) or closed-unresolved; answering a question must never close a
    # ticket (it would count as "resolved" without anyone resolving it).
    with pytest.raises(IllegalTransition) as info:
        next_status(S.PERLU_DILENGKAPI, A.PROVIDE_INFO, resume_status=target)
    _assert_names_both(info.value, S.PERLU_DILENGKAPI, target)


@pytest.mark.parametrize("target", list(Status))
def test_provide_info_only_resumes_a_status_request_info_could_pause(target: Status) -> None:
    if target in PAUSABLE:
        assert next_status(S.PERLU_DILENGKAPI, A.PROVIDE_INFO, resume_status=target).to_status is (
            target
        )
    else:
        with pytest.raises(IllegalTransition):
            next_status(S.PERLU_DILENGKAPI, A.PROVIDE_INFO, resume_status=target)


@pytest.mark.parametrize("current", [s for s in Status if s is not S.PERLU_DILENGKAPI])
def test_provide_info_from_any_other_status_is_refused(current: Status) -> None:
    with pytest.raises(IllegalTransition) as info:
        next_status(current, A.PROVIDE_INFO, resume_status=S.DIVERIFIKASI)
    _assert_names_both(info.value, current, S.DIVERIFIKASI)


# -- reachability and random walks -----------------------------------------------------------


def _successors(status: Status) -> set[Status]:
    out = set()
    for action in Action:
        resumes = PAUSABLE if action is A.PROVIDE_INFO else {None}
        for resume in resumes:
            with contextlib.suppress(IllegalTransition):
                out.add(next_status(status, action, resume_status=resume).to_status)
    return out


def test_every_status_is_reachable_from_baru() -> None:
    seen = {S.BARU}
    queue = deque([S.BARU])
    while queue:
        for nxt in _successors(queue.popleft()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    assert seen == set(Status)


@pytest.mark.parametrize("status", sorted(ABSORBING))
def test_closed_unresolved_statuses_have_no_way_out(status: Status) -> None:
    assert allowed_actions(status) == []
    assert _successors(status) == set()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list(Action)), max_size=40))
def test_random_walk_from_baru_stays_in_the_machine(actions: list[Action]) -> None:
    current = S.BARU
    paused_from: Status | None = None
    for action in actions:
        try:
            step = next_status(current, action, resume_status=paused_from)
        except IllegalTransition:
            assert (action, current) not in LEGAL
            continue
        assert step.from_status is current
        assert step.to_status in set(Status)
        assert step.to_status.value in DESIGN_STATUSES
        assert current not in ABSORBING, f"left {current} by {action}"
        if action is A.PROVIDE_INFO:
            assert step.to_status is paused_from
        else:
            assert LEGAL[(action, current)] is step.to_status
        if step.to_status is S.PERLU_DILENGKAPI:
            paused_from = current
        current = step.to_status
