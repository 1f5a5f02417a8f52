"""From the log to what the reports count (pure, no I/O): each caller's time in the queue
(`calls`) and each officer's time in each state (`spans`), and the bucketing of times into
report intervals. Tested on constructed logs (tests/unit/callcentre/)."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime, tzinfo

from hotline.callcentre.definitions import Kind, Outcome, State
from hotline.callcentre.records import CallFact, Event, Span

_ENDS_WAIT: dict[str, Outcome] = {
    Kind.CONNECT: Outcome.ANSWERED,
    Kind.ABANDON: Outcome.ABANDONED,
    Kind.EXITWITHTIMEOUT: Outcome.TIMED_OUT,
}
_COMPLETES: dict[str, str] = {
    Kind.COMPLETECALLER: "caller",
    Kind.COMPLETEAGENT: "agent",
    Kind.TRANSFER: "agent",
}


def _seconds(a: datetime, b: datetime) -> int:
    return max(int((b - a).total_seconds()), 0)


def ordered(events: Iterable[Event]) -> list[Event]:
    return sorted(events, key=lambda e: e["at"])


def calls(events: Iterable[Event], spans_: Sequence[Span] = ()) -> list[CallFact]:
    """One fact per caller who entered the queue (ENTERQUEUE); events of calls that did not
    enter within what was read are left out. The last of CONNECT, ABANDON and EXITWITHTIMEOUT
    decides the outcome (a caller taken out at the wait limit may go back and be answered).
    `spans`, when given, attributes each officer's wrap-up to the call just completed."""
    by_call: dict[str, list[Event]] = defaultdict(list)
    for e in ordered(events):
        if e["call_sid"]:
            by_call[e["call_sid"]].append(e)
    facts: list[CallFact] = []
    for sid, trail in by_call.items():
        enter = next((e for e in trail if e["kind"] == Kind.ENTERQUEUE), None)
        if enter is None:
            continue
        fact = CallFact(
            call_sid=sid,
            queue=enter["queue"],
            entered_at=enter["at"],
            position=enter["position"],
            outcome=Outcome.WAITING,
            wait_seconds=None,
            agent=None,
            talk_seconds=0,
            hold_seconds=0,
            wrapup_seconds=0,
            completed_by="",
        )
        for e in trail:
            kind = e["kind"]  # compared as text: a Kind is equal to its value, and hashes so
            if kind in _ENDS_WAIT:
                fact["outcome"] = _ENDS_WAIT[kind]
                fact["wait_seconds"] = (
                    e["wait_seconds"]
                    if e["wait_seconds"] is not None
                    else _seconds(enter["at"], e["at"])
                )
                if kind == Kind.CONNECT:
                    fact["agent"] = e["agent"]
            elif kind in _COMPLETES and fact["outcome"] == Outcome.ANSWERED:
                fact["talk_seconds"] = e["talk_seconds"] or 0
                fact["hold_seconds"] = e["hold_seconds"] or 0
                fact["completed_by"] = _COMPLETES[kind]
                if fact["agent"] is None:
                    fact["agent"] = e["agent"]
        facts.append(fact)
    _attach_wrapup(facts, by_call, spans_)
    return sorted(facts, key=lambda f: f["entered_at"])


def _attach_wrapup(
    facts: list[CallFact], by_call: dict[str, list[Event]], spans_: Sequence[Span]
) -> None:
    """Each wrap-up span belongs to the officer's call completed last before it began (found by
    bisection: a year of an officer's calls and wrap-ups is thousands of each)."""
    completed: dict[int, list[tuple[datetime, CallFact]]] = defaultdict(list)
    for fact in facts:
        if fact["agent"] is None or not fact["completed_by"]:
            continue
        end = next(e["at"] for e in reversed(by_call[fact["call_sid"]]) if e["kind"] in _COMPLETES)
        completed[fact["agent"]].append((end, fact))
    ends: dict[int, list[datetime]] = {}
    for agent, agent_calls in completed.items():
        agent_calls.sort(key=lambda pair: pair[0])
        ends[agent] = [end for end, _ in agent_calls]
    for span in spans_:
        if span["state"] != State.WRAPUP or span["agent"] not in ends:
            continue
        i = bisect_right(ends[span["agent"]], span["start"])
        if i:
            completed[span["agent"]][i - 1][1]["wrapup_seconds"] += _seconds(
                span["start"], span["end"]
            )


_STATE_AFTER: dict[str, tuple[State, str]] = {
    Kind.AGENTLOGIN: (State.READY, ""),
    Kind.READY: (State.READY, ""),
    Kind.WRAPUP: (State.WRAPUP, ""),
    Kind.COMPLETECALLER: (State.WRAPUP, ""),
    Kind.COMPLETEAGENT: (State.WRAPUP, ""),
    Kind.TRANSFER: (State.WRAPUP, ""),
    Kind.CONNECT: (State.TALK, ""),
    Kind.AGENTLOGOFF: (State.SIGNED_OUT, ""),
}


def state_after(e: Event) -> tuple[State, str] | None:
    """The officer's state after their event; None for an event that does not change it."""
    if e["kind"] == Kind.PAUSE:
        return (State.BREAK if e["reason"] == "break" else State.NOT_READY), e["reason"]
    return _STATE_AFTER.get(e["kind"])


def spans(events: Iterable[Event], start: datetime, end: datetime) -> list[Span]:
    """Each officer's states over [start, end): from each of their events to their next one
    (or `end`), clipped to the range. Signed-out time is not a span. Events before `start`
    give the state the range begins in."""
    by_agent: dict[int, list[tuple[datetime, State, str]]] = defaultdict(list)
    for e in ordered(events):
        if e["agent"] is None:
            continue
        after = state_after(e)
        if after is None:
            continue
        steps = by_agent[e["agent"]]
        if steps and steps[-1][1] == after[0] and steps[-1][2] == after[1]:
            continue  # the same state again (the line's WRAPUP after COMPLETE): one span
        steps.append((e["at"], *after))
    found: list[Span] = []
    for agent, steps in by_agent.items():
        for (at, state, reason), following in zip(steps, [*steps[1:], None], strict=True):
            until = following[0] if following else end
            a, b = max(at, start), min(until, end)
            if state != State.SIGNED_OUT and b > a:
                found.append(Span(agent=agent, state=state, reason=reason, start=a, end=b))
    return sorted(found, key=lambda s: (s["agent"], s["start"]))


def bucket(at: datetime, minutes: int, zone: tzinfo) -> datetime:
    """The start of the report interval `at` falls in, in local time (naive)."""
    local = at.astimezone(zone).replace(tzinfo=None)
    return local.replace(minute=local.minute - local.minute % minutes, second=0, microsecond=0)
