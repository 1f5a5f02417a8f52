"""Quality monitoring's reads: the answered calls a draw samples from, the calls whose report
was disputed or escalated, the pool, evaluations with their state, what the evaluator's page
shows of a call (its events, the linked report's public summary, its recordings; never the
reporter's identity), and the latest scores for the per-officer report and the trends."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from hotline.accounts.roles import Role
from hotline.accounts.tables import User
from hotline.callcentre.definitions import Kind
from hotline.callcentre.quality.sampling import Answered, Why
from hotline.callcentre.quality.tables import (
    QualityCalibration,
    QualityCalibrator,
    QualityDraw,
    QualityEvaluation,
    QualitySample,
    QualityStep,
)
from hotline.callcentre.tables import CallCentreEvent
from hotline.ivr.tables import IvrCall
from hotline.publication.tables import PublishedReport
from hotline.tickets.events import EventKind
from hotline.tickets.tables import Attachment, TicketEvent

# A step's kind -> the state of the evaluation it was added to.
STATE_AFTER = {
    "acknowledged": "acknowledged",
    "disputed": "disputed",
    "upheld": "upheld",
    "overturned": "overturned",
}


async def answered_calls(since: datetime, until: datetime) -> list[Answered]:
    rows = await (
        CallCentreEvent.select(CallCentreEvent.call_sid, CallCentreEvent.agent, CallCentreEvent.at)
        .where(
            (CallCentreEvent.kind == Kind.CONNECT)
            & (CallCentreEvent.at >= since)
            & (CallCentreEvent.at < until)
            & CallCentreEvent.agent.is_not_null()
        )
        .order_by(CallCentreEvent.at)
    )
    return [Answered(r["call_sid"], r["agent"], r["at"]) for r in rows]


async def tickets_of_calls(call_sids: Iterable[str]) -> dict[str, int]:
    """call_sid -> the report filed in that call (the phone line's own report of the caller)."""
    sids = sorted(set(call_sids))
    if not sids:
        return {}
    rows = await IvrCall.select(IvrCall.call_sid, IvrCall.ticket).where(
        IvrCall.call_sid.is_in(sids) & IvrCall.ticket.is_not_null()
    )
    return {r["call_sid"]: r["ticket"] for r in rows}


async def flagged_calls(call_sids: set[str]) -> dict[str, Why]:
    """The calls whose report the reporter disputed or whose deadline escalated."""
    tickets = await tickets_of_calls(call_sids)
    if not tickets:
        return {}
    events = (
        await TicketEvent.select(TicketEvent.ticket, TicketEvent.kind, TicketEvent.data)
        .output(load_json=True)
        .where(
            TicketEvent.ticket.is_in(sorted(set(tickets.values())))
            & TicketEvent.kind.is_in(
                [EventKind.STATUS_CHANGED.value, EventKind.SLA_ESCALATION.value]
            )
        )
    )
    why: dict[int, Why] = {}
    for e in events:
        if e["kind"] == EventKind.SLA_ESCALATION:
            why.setdefault(e["ticket"], Why.ESCALATED)
        elif (e["data"] or {}).get("action") == "dispute":
            why[e["ticket"]] = Why.DISPUTED  # a dispute says more than a missed deadline
    return {sid: why[t] for sid, t in tickets.items() if t in why}


async def drawn_weeks() -> frozenset[tuple[int, str]]:
    rows = await QualityDraw.select(QualityDraw.agent_week)
    out = set()
    for r in rows:
        agent, _, week = r["agent_week"].partition(":")
        out.add((int(agent), week))
    return frozenset(out)


async def pool(limit: int = 200) -> list[dict[str, Any]]:
    """The pool, unclaimed first, newest weeks first."""
    rows = await (
        QualitySample.select()
        .order_by(QualitySample.week, ascending=False)
        .order_by(QualitySample.agent)
        .order_by(QualitySample.id)
        .limit(limit)
    )
    return sorted(rows, key=lambda r: r["claimed_by"] is not None)


async def sample_of_id(sample_id: int) -> dict[str, Any] | None:
    return await QualitySample.select().where(QualitySample.id == sample_id).first()


async def sample_of(call_sid: str) -> dict[str, Any] | None:
    return await QualitySample.select().where(QualitySample.call_sid == call_sid).first()


async def call_events(call_sid: str) -> list[dict[str, Any]]:
    return list(
        await CallCentreEvent.select()
        .where(CallCentreEvent.call_sid == call_sid)
        .order_by(CallCentreEvent.at)
        .order_by(CallCentreEvent.id)
    )


async def call_agent(call_sid: str) -> int | None:
    row = await (
        CallCentreEvent.select(CallCentreEvent.agent)
        .where((CallCentreEvent.call_sid == call_sid) & (CallCentreEvent.kind == Kind.CONNECT))
        .first()
    )
    return row["agent"] if row else None


async def public_summary(call_sid: str) -> dict[str, Any] | None:
    """The report filed in the call as the public may read it (the publication projection: its
    reference, status, category and redacted text once published); nothing of the reporter."""
    ticket = (await tickets_of_calls([call_sid])).get(call_sid)
    if ticket is None:
        return None
    return await (
        PublishedReport.select(
            PublishedReport.reference,
            PublishedReport.status,
            PublishedReport.text,
            PublishedReport.category._.name_id.as_alias("category_id"),
            PublishedReport.category._.name_en.as_alias("category_en"),
        )
        .where(PublishedReport.ticket_id == ticket)
        .first()
    )


async def recordings(call_sid: str) -> list[dict[str, Any]]:
    """The call's recordings that are stored (the caller's, kept with the report made in it)."""
    ticket = (await tickets_of_calls([call_sid])).get(call_sid)
    if ticket is None:
        return []
    return list(
        await Attachment.select(
            Attachment.id, Attachment.content_type, Attachment.ticket._.privacy.as_alias("privacy")
        )
        .where(
            (Attachment.ticket == ticket)
            & (Attachment.kind == "recording")
            & (Attachment.storage_path != "")
        )
        .order_by(Attachment.id)
    )


async def recording_of_call(attachment_id: int) -> dict[str, Any] | None:
    """A recording, if it belongs to a call in the pool, evaluated or in a calibration session
    (what evaluators may hear)."""
    row = (
        await Attachment.select()
        .where((Attachment.id == attachment_id) & (Attachment.kind == "recording"))
        .first()
    )
    if row is None:
        return None
    calls = await IvrCall.select(IvrCall.call_sid).where(IvrCall.ticket == row["ticket"])
    sids = [c["call_sid"] for c in calls]
    if not sids:
        return None
    known = await QualitySample.count().where(QualitySample.call_sid.is_in(sids))
    known += await QualityEvaluation.count().where(QualityEvaluation.call_sid.is_in(sids))
    known += await QualityCalibration.count().where(QualityCalibration.call_sid.is_in(sids))
    return row if known else None


async def with_state(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each evaluation with its steps, its state and whether a later version replaced it."""
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    steps = (
        await QualityStep.select().where(QualityStep.evaluation.is_in(ids)).order_by(QualityStep.id)
    )
    by_eval: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for s in steps:
        by_eval[s["evaluation"]].append(s)
    threads = sorted({r["thread"] for r in rows})
    latest = {
        r["thread"]: r["version"]
        for r in await QualityEvaluation.select(QualityEvaluation.thread, QualityEvaluation.version)
        .where(QualityEvaluation.thread.is_in(threads))
        .order_by(QualityEvaluation.version)
    }
    out = []
    for r in rows:
        state = "submitted"
        for s in by_eval[r["id"]]:
            state = STATE_AFTER[s["kind"]]
        out.append(
            {
                **r,
                "steps": by_eval[r["id"]],
                "state": state,
                "latest": latest[r["thread"]] == r["version"],
            }
        )
    return out


async def evaluation(evaluation_id: int) -> dict[str, Any] | None:
    row = (
        await QualityEvaluation.select()
        .output(load_json=True)
        .where(QualityEvaluation.id == evaluation_id)
        .first()
    )
    return (await with_state([row]))[0] if row else None


async def versions(thread: str) -> list[dict[str, Any]]:
    rows = (
        await QualityEvaluation.select()
        .output(load_json=True)
        .where(QualityEvaluation.thread == thread)
        .order_by(QualityEvaluation.version)
    )
    return await with_state(list(rows))


async def evaluations(
    *, agent: int | None = None, call_sid: str | None = None, limit: int = 200
) -> list[dict[str, Any]]:
    """Latest versions outside calibration, newest first; one officer's or one call's."""
    query = (
        QualityEvaluation.select().output(load_json=True).where(QualityEvaluation.session.is_null())
    )
    if agent is not None:
        query = query.where(QualityEvaluation.agent == agent)
    if call_sid is not None:
        query = query.where(QualityEvaluation.call_sid == call_sid)
    rows = await query.order_by(QualityEvaluation.submitted_at, ascending=False).limit(limit)
    return [r for r in await with_state(list(rows)) if r["latest"]]


async def scored_between(start: datetime, end: datetime) -> list[dict[str, Any]]:
    """The latest version of every evaluation first submitted in [start, end), outside
    calibration and not overturned: what the per-officer score and the trends count. Two
    indexed reads: the first versions in the range, then every version of those threads."""
    firsts = {
        r["thread"]: r["submitted_at"]
        for r in await QualityEvaluation.select(
            QualityEvaluation.thread, QualityEvaluation.submitted_at
        ).where(
            QualityEvaluation.session.is_null()
            & (QualityEvaluation.version == 1)
            & (QualityEvaluation.submitted_at >= start)
            & (QualityEvaluation.submitted_at < end)
        )
    }
    if not firsts:
        return []
    latest: dict[str, dict[str, Any]] = {}
    for r in (
        await QualityEvaluation.select()
        .output(load_json=True)
        .where(QualityEvaluation.thread.is_in(sorted(firsts)))
    ):
        if r["thread"] not in latest or latest[r["thread"]]["version"] < r["version"]:
            latest[r["thread"]] = r
    chosen = [{**r, "first_at": firsts[r["thread"]]} for r in latest.values()]
    return [r for r in await with_state(chosen) if r["state"] != "overturned"]


async def sessions() -> list[dict[str, Any]]:
    return list(
        await QualityCalibration.select().order_by(QualityCalibration.created_at, ascending=False)
    )


async def session(session_id: int) -> dict[str, Any] | None:
    row = await QualityCalibration.select().where(QualityCalibration.id == session_id).first()
    if row is None:
        return None
    members = await QualityCalibrator.select(QualityCalibrator.evaluator).where(
        QualityCalibrator.session == session_id
    )
    scored = (
        await QualityEvaluation.select()
        .output(load_json=True)
        .where(QualityEvaluation.session == session_id)
    )
    return {**row, "evaluators": [m["evaluator"] for m in members], "evaluations": list(scored)}


async def sessions_of(evaluator: int) -> list[dict[str, Any]]:
    ids = [
        m["session"]
        for m in await QualityCalibrator.select(QualityCalibrator.session).where(
            QualityCalibrator.evaluator == evaluator
        )
    ]
    if not ids:
        return []
    return list(
        await QualityCalibration.select()
        .where(QualityCalibration.id.is_in(ids))
        .order_by(QualityCalibration.created_at, ascending=False)
    )


async def evaluators() -> list[dict[str, Any]]:
    """Active accounts that can score calls, to invite to a calibration session."""
    return list(
        await User.select(User.id, User.username, User.display_name)
        .where(User.role.is_in([Role.PENILAI.value, Role.KOORDINATOR.value]) & User.active.eq(True))
        .order_by(User.username)
    )


async def teams(agents: set[int]) -> dict[int, str]:
    """An officer's team for the trends: the unit (agency) their account belongs to."""
    if not agents:
        return {}
    rows = await User.select(User.id, User.agency._.name.as_alias("team")).where(
        User.id.is_in(sorted(agents))
    )
    return {r["id"]: r["team"] or "" for r in rows}
