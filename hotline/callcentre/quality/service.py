"""Quality monitoring's writes, each one transaction: drawing the pool, claiming a call,
submitting an evaluation (or its correction, a new version), the officer's response, the
coordinator's decision, calibration sessions. Concurrency is left to the tables' unique keys and
conditional updates (hotline/callcentre/quality/tables.py), so two evaluators clicking "claim"
at once, or two corrections of one version, leave one winner and an error for the other."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, tzinfo
from typing import Any

from hotline import clock
from hotline.callcentre.definitions import Kind
from hotline.callcentre.quality import reads, sampling
from hotline.callcentre.quality.form import Form
from hotline.callcentre.quality.scoring import check, score
from hotline.callcentre.quality.tables import (
    QualityCalibration,
    QualityCalibrator,
    QualityDraw,
    QualityEvaluation,
    QualitySample,
    QualityStep,
)
from hotline.callcentre.tables import CallCentreEvent
from hotline.choices import N_, Choice
from hotline.db.tx import transaction
from hotline.errors import Conflict, FieldError, NotFound, ValidationFailed


class StepKind(Choice):
    ACKNOWLEDGED = "acknowledged", N_("Acknowledged by the officer")
    DISPUTED = "disputed", N_("Disputed by the officer")
    UPHELD = "upheld", N_("Dispute decided: evaluation upheld")
    OVERTURNED = "overturned", N_("Dispute decided: evaluation overturned")


RESPONSES = (StepKind.ACKNOWLEDGED, StepKind.DISPUTED)
DECISIONS = (StepKind.UPHELD, StepKind.OVERTURNED)


def week_start(at: datetime, zone: tzinfo) -> datetime:
    local = at.astimezone(zone)
    monday = local.date() - timedelta(days=local.weekday())
    return datetime(monday.year, monday.month, monday.day, tzinfo=zone)


async def draw(per_week: int, seed: str, lookback_weeks: int, zone: tzinfo) -> int:
    """Add to the pool the random sample of every officer-week that ended within the lookback
    and was not drawn yet, and every flagged call (disputed or escalated report) found in it,
    the current week included. Drawing again adds nothing new. Returns the calls added."""
    now = clock.now()
    this_week = week_start(now, zone)
    since = this_week - timedelta(weeks=lookback_weeks)
    async with transaction():
        calls = await reads.answered_calls(since, now)
        flagged = await reads.flagged_calls({c.call_sid for c in calls})
        drawn = await reads.drawn_weeks()
        current = sampling.iso_week(now, zone)
        # The running week is not drawn yet: its calls are still coming.
        ended = [c for c in calls if sampling.iso_week(c.at, zone) != current]
        picks = sampling.draw(ended, per_week, seed, zone, flagged=flagged, drawn=drawn)
        picks += [
            sampling.Pick(c.call_sid, c.agent, current, flagged[c.call_sid])
            for c in calls
            if c.call_sid in flagged and sampling.iso_week(c.at, zone) == current
        ]
        added = 0
        for pick in picks:
            rows: list[Any] = await (
                QualitySample.insert(
                    QualitySample(
                        call_sid=pick.call_sid,
                        agent=pick.agent,
                        week=pick.week,
                        why=pick.why.value,
                        drawn_at=now,
                    )
                )
                .on_conflict(action="DO NOTHING")
                .returning(QualitySample.id)
            )
            added += len(rows)
        for agent, week in {(c.agent, sampling.iso_week(c.at, zone)) for c in ended}:
            await QualityDraw.insert(
                QualityDraw(agent_week=f"{agent}:{week}", drawn_at=now)
            ).on_conflict(action="DO NOTHING")
    return added


async def claim(sample_id: int, evaluator: int) -> None:
    """Take a call from the pool; Conflict when someone else has it already."""
    async with transaction():
        rows: list[Any] = await (
            QualitySample.update(
                {QualitySample.claimed_by: evaluator, QualitySample.claimed_at: clock.now()}
            )
            .where((QualitySample.id == sample_id) & QualitySample.claimed_by.is_null())
            .returning(QualitySample.id)
        )
        if not rows:
            found = (
                await QualitySample.select(QualitySample.claimed_by)
                .where(QualitySample.id == sample_id)
                .first()
            )
            if found is None:
                raise NotFound(N_("This call is not in the pool."))
            if found["claimed_by"] != evaluator:
                raise Conflict(N_("Another evaluator has already claimed this call."))


async def _insert_evaluation(values: Mapping[str, Any]) -> int:
    """Insert one version; its thread and version are unique, so of two requests racing to
    write the same version (a double submit, two corrections of one version) one wins."""
    rows: list[Any] = await (
        QualityEvaluation.insert(QualityEvaluation(**values))
        .on_conflict(action="DO NOTHING")
        .returning(QualityEvaluation.id)
    )
    if not rows:
        if values["version"] > 1:
            raise Conflict(N_("This evaluation was corrected meanwhile; open its latest version."))
        raise Conflict(N_("This call has already been evaluated."))
    return int(rows[0]["id"])


async def submit(
    form: Form,
    *,
    call_sid: str,
    agent: int,
    evaluator: int,
    answers: Mapping[str, str],
    comments: Mapping[str, str],
    summary: str,
    session: int | None = None,
    corrects: Mapping[str, Any] | None = None,
    reason: str = "",
) -> int:
    """Score and store an evaluation; with `corrects` (the version it replaces) a new version of
    its thread, which needs a reason. ValidationFailed lists what is missing."""
    problems = [
        FieldError(f"item-{field}", msgid) for field, msgid in check(form, answers, comments)
    ]
    if corrects is not None and not reason.strip():
        problems.append(FieldError("reason", N_("Say why the evaluation is corrected.")))
    if problems:
        raise ValidationFailed(problems)
    result = score(form, answers)
    if corrects is not None:
        thread = corrects["thread"]
    else:
        thread = f"call:{call_sid}" if session is None else f"cal:{session}:{evaluator}"
    version = corrects["version"] + 1 if corrects else 1
    kept = {i.id for _, i in form.items()}
    async with transaction():
        return await _insert_evaluation(
            {
                "thread": thread,
                "version": version,
                "thread_version": f"{thread}:{version}",
                "supersedes": corrects["id"] if corrects else None,
                "correction_reason": reason.strip(),
                "call_sid": call_sid,
                "agent": agent,
                "evaluator": evaluator,
                "form": form.key,
                "answers": {k: v for k, v in answers.items() if k in kept},
                "comments": {k: v.strip() for k, v in comments.items() if k in kept and v.strip()},
                "summary": summary.strip(),
                "score": result.total,
                "auto_fail": result.auto_fail,
                "passed": result.passed,
                "submitted_at": clock.now(),
                "session": session,
            }
        )


async def add_step(evaluation: int, kind: StepKind, actor: int, reason: str) -> None:
    """The officer's response (acknowledge or dispute) or the coordinator's decision: once per
    evaluation version each, whoever clicks first."""
    stage = "response" if kind in RESPONSES else "decision"
    async with transaction():
        rows: list[Any] = await (
            QualityStep.insert(
                QualityStep(
                    evaluation=evaluation,
                    kind=kind.value,
                    stage_key=f"{evaluation}:{stage}",
                    actor=actor,
                    reason=reason.strip(),
                    at=clock.now(),
                )
            )
            .on_conflict(action="DO NOTHING")
            .returning(QualityStep.id)
        )
    if not rows:
        raise Conflict(N_("This has already been answered."))


async def create_session(call_sid: str, creator: int, evaluators: list[int]) -> int:
    async with transaction():
        connect = await (
            CallCentreEvent.select(CallCentreEvent.agent)
            .where((CallCentreEvent.call_sid == call_sid) & (CallCentreEvent.kind == Kind.CONNECT))
            .first()
        )
        if connect is None or connect["agent"] is None:
            raise ValidationFailed([FieldError("call_sid", N_("No answered call has this id."))])
        rows: list[Any] = await QualityCalibration.insert(
            QualityCalibration(
                call_sid=call_sid,
                agent=connect["agent"],
                created_by=creator,
                created_at=clock.now(),
            )
        ).returning(QualityCalibration.id)
        session = int(rows[0]["id"])
        for evaluator in sorted(set(evaluators)):
            await QualityCalibrator.insert(
                QualityCalibrator(
                    session=session,
                    evaluator=evaluator,
                    session_evaluator=f"{session}:{evaluator}",
                )
            )
    return session


async def close_session(session: int) -> None:
    async with transaction():
        await QualityCalibration.update({QualityCalibration.closed_at: clock.now()}).where(
            (QualityCalibration.id == session) & QualityCalibration.closed_at.is_null()
        )
