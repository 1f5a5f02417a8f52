"""Quality monitoring's tables. Evaluations are only ever inserted: a correction is a new row
(the next `version` of the same `thread`, naming the row it `supersedes` and why), and what
happens to an evaluation afterwards (the officer acknowledges or disputes it, the coordinator
upholds or overturns a dispute) is a `quality_step` row, never an UPDATE of the scored answers.

Keys make concurrent requests safe without locks: `quality_evaluation.thread_version` (one row
per version of a thread: two corrections of the same version, one wins), `quality_step.stage_key`
(one response and one decision per evaluation), `quality_sample.call_sid` (a call is in the pool
once; a claim is a conditional UPDATE of an unclaimed row), `quality_draw.agent_week` (an
officer-week's random sample is drawn once) and `quality_calibrator.session_evaluator`.
"""

from __future__ import annotations

from piccolo.columns import JSON, Boolean, Integer, Real, Serial, Text, Timestamptz, Varchar
from piccolo.table import Table


class QualitySample(Table, tablename="quality_sample"):
    """The pool evaluators claim calls from."""

    id: Serial  # Piccolo adds it; declared for type checkers

    call_sid = Varchar(length=64, unique=True)
    agent = Integer(index=True)  # the officer who took the call (accounts' user id)
    week = Varchar(length=10, index=True)  # ISO week in the line's zone: 2026-W49
    why = Varchar(length=20)  # sampling.Why
    drawn_at = Timestamptz()
    claimed_by = Integer(null=True, default=None, index=True)
    claimed_at = Timestamptz(null=True, default=None)


class QualityDraw(Table, tablename="quality_draw"):
    """An officer-week whose random sample was drawn (so drawing again adds nothing)."""

    id: Serial

    agent_week = Varchar(length=40, unique=True)  # "<agent>:<week>"
    drawn_at = Timestamptz()


class QualityCalibration(Table, tablename="quality_calibration"):
    """A calibration session: several evaluators score one call blind until it is closed."""

    id: Serial

    call_sid = Varchar(length=64, index=True)
    agent = Integer()
    created_by = Integer()
    created_at = Timestamptz()
    closed_at = Timestamptz(null=True, default=None)


class QualityCalibrator(Table, tablename="quality_calibrator"):
    id: Serial

    session = Integer(index=True)
    evaluator = Integer(index=True)
    session_evaluator = Varchar(length=40, unique=True)  # "<session>:<evaluator>"


class QualityEvaluation(Table, tablename="quality_evaluation"):
    id: Serial

    # "call:<CallSid>" for the one evaluation of a call, "cal:<session>:<evaluator>" in a
    # calibration: so two evaluators submitting at once cannot both make a first version.
    thread = Varchar(length=80, index=True)
    version = Integer(default=1)
    thread_version = Varchar(length=90, unique=True)  # "<thread>:<version>"
    supersedes = Integer(null=True, default=None)  # the version this one corrects
    correction_reason = Text(default="")
    call_sid = Varchar(length=64, index=True)
    agent = Integer(index=True)  # the officer evaluated (no foreign key: never rewritten)
    evaluator = Integer(index=True)
    form = Varchar(length=60)  # "<form id>@<version>": the form it was scored with
    answers = JSON(default={})  # item id -> met | not_met | na
    comments = JSON(default={})  # item id -> comment
    summary = Text(default="")  # the evaluator's overall comment
    score = Real()
    auto_fail = Boolean(default=False)
    passed = Boolean(default=False)
    submitted_at = Timestamptz(index=True)
    session = Integer(null=True, default=None, index=True)  # calibration session, if any


class QualityStep(Table, tablename="quality_step"):
    """What happened to one evaluation version after it was submitted."""

    id: Serial

    evaluation = Integer(index=True)
    kind = Varchar(length=20)  # acknowledged | disputed | upheld | overturned
    stage_key = Varchar(length=40, unique=True)  # "<evaluation>:response" or ":decision"
    actor = Integer()
    reason = Text(default="")
    at = Timestamptz()
