"""Quality monitoring's pages under /konsol/pusat-panggilan/mutu, in the console like the rest
of the call centre: the pool and its draw, claiming a call, the evaluator's page (recording,
the call's events, the report's public summary, the form), an evaluation with its versions,
the officer's response and the coordinator's decision, calibration sessions and trends."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from litestar import Request, Response, Router, get, post
from litestar.di import Provide
from litestar.response import Template

from hotline import clock
from hotline.callcentre import callpage, charts, queries
from hotline.callcentre.quality import access, calibration, reads, service, trends
from hotline.callcentre.quality.config import quality_settings
from hotline.callcentre.quality.form import Form, load
from hotline.callcentre.quality.sampling import Why
from hotline.callcentre.quality.scoring import Answer
from hotline.callcentre.quality.service import DECISIONS, RESPONSES, StepKind
from hotline.callcentre.routes import PAGE, _render, zone
from hotline.db.tx import transaction
from hotline.errors import FieldError, Forbidden, NotFound, ValidationFailed
from hotline.i18n import N_
from hotline.konsol.access import Perm, Staff
from hotline.konsol.auth import allow, current_staff, signed_in
from hotline.konsol.common import form_data, see_other, to_int
from hotline.konsol.routes import ERRORS
from hotline.tickets import storage
from hotline.tickets.events import EventKind
from hotline.tickets.privacy import Privacy, staff_may_see_identity
from hotline.tickets.service import add_event, load_ticket
from hotline.web.errors import renders
from hotline.web.locale import request_locale

MUTU = f"{PAGE}/mutu"


def _form_of(key: str) -> Form:
    """The form of an evaluation ("standar@1"): its file as it is now. A form's new version
    keeps its item ids, so older answers read by id; the score stays the one stored."""
    return load(key.partition("@")[0])


def _page(request: Request[Any, Any, Any], staff: Staff, template: str, **ctx: Any) -> Template:
    status = ctx.pop("status_code", 200)
    return _render(
        request,
        staff,
        f"mutu/{template}",
        status_code=status,
        mutu=MUTU,
        Answer=Answer,
        Why=Why,
        StepKind=StepKind,
        may_evaluate=staff.may(Perm.QUALITY_EVALUATE),
        may_manage=staff.may(Perm.QUALITY_MANAGE),
        **ctx,
    )


@get("/", guards=[allow(Perm.QUALITY)])
async def home(request: Request[Any, Any, Any], staff: Staff) -> Template:
    evaluator = staff.may(Perm.QUALITY_EVALUATE)
    pool = await reads.pool() if evaluator else []
    listed = await reads.evaluations(agent=None if evaluator else staff.id)
    my_sessions = await reads.sessions_of(staff.id) if evaluator else []
    ids = {r["agent"] for r in pool} | {r.get("claimed_by") or 0 for r in pool}
    ids |= {e["agent"] for e in listed} | {e["evaluator"] for e in listed}
    return _page(
        request,
        staff,
        "home.html",
        pool=pool,
        evaluations=listed,
        sessions=my_sessions,
        names=await queries.officer_names(ids - {0}),
        per_week=quality_settings().per_week,
    )


@post("/tarik", guards=[allow(Perm.QUALITY_EVALUATE)])
async def draw(staff: Staff) -> Response[Any]:
    """Draw the pool now (idempotent: an officer-week is drawn once)."""
    s = quality_settings()
    added = await service.draw(s.per_week, s.seed, s.lookback_weeks, zone())
    return see_other(f"{MUTU}?ok=drawn&n={added}")


@post("/klaim/{sample_id:int}", guards=[allow(Perm.QUALITY_EVALUATE)])
async def claim(staff: Staff, sample_id: int) -> Response[Any]:
    # Read before the claim: nothing after its commit may turn the saved claim into an error.
    row = await reads.sample_of_id(sample_id)
    if row is None:
        raise NotFound(N_("This call is not in the pool."))
    await service.claim(sample_id, staff.id)
    return see_other(f"{MUTU}/nilai/{row['call_sid']}")


async def _call_context(staff: Staff, call_sid: str) -> dict[str, Any]:
    events = await reads.call_events(call_sid)
    found = await reads.recordings(call_sid)
    # The player only where the report's privacy lets this evaluator hear the caller's voice.
    audible = [
        r
        for r in found
        if staff_may_see_identity(Privacy(r["privacy"]), central_unit=staff.central_unit)
    ]
    agent = await reads.call_agent(call_sid)
    names = await queries.officer_names({e["agent"] for e in events if e["agent"]})
    return {
        "call_sid": call_sid,
        "agent": agent,
        "events": events,
        "names": names,
        "summary": await reads.public_summary(call_sid),
        "recordings": audible,
        "withheld": len(found) - len(audible),
        # The officer's conversation, recorded on the agent line (callpage.py: each play audited).
        "may_listen": staff.may(Perm.LISTEN_RECORDING),
        "conversations": (
            await callpage.conversations(staff, call_sid)
            if staff.may(Perm.LISTEN_RECORDING)
            else []
        ),
        "not_identified": callpage.NOT_IDENTIFIED,
    }


async def _may_evaluate(
    staff: Staff, call_sid: str, session: int | None, corrects: dict[str, Any] | None
) -> None:
    """Forbidden unless this evaluator may score this call now: a call they claimed, a
    calibration session they are in (open, not scored yet), or a correction they may make."""
    if corrects is not None:
        if corrects["call_sid"] != call_sid or not access.may_correct(staff, corrects):
            raise Forbidden(N_("You cannot correct this evaluation."))
        return
    if session is not None:
        found = await reads.session(session)
        if (
            found is None
            or found["call_sid"] != call_sid
            or found["closed_at"] is not None
            or staff.id not in found["evaluators"]
        ):
            raise Forbidden(N_("You are not an evaluator of this calibration session."))
        return
    sample = await reads.sample_of(call_sid)
    if sample is None:
        raise NotFound(N_("This call is not in the pool."))
    if sample["claimed_by"] != staff.id:
        raise Forbidden(N_("Claim this call from the pool before you evaluate it."))


async def _target(request: Request[Any, Any, Any]) -> tuple[int | None, dict[str, Any] | None]:
    session = to_int(request.query_params.get("sesi"))
    fix = to_int(request.query_params.get("koreksi"))
    corrects = await reads.evaluation(fix) if fix is not None else None
    if fix is not None and corrects is None:
        raise NotFound(N_("Evaluation not found."))
    return session, corrects


def _evaluate_page(
    request: Request[Any, Any, Any],
    staff: Staff,
    context: dict[str, Any],
    **more: Any,
) -> Template:
    return _page(
        request, staff, "evaluate.html", form=load(quality_settings().form), **context, **more
    )


@get("/nilai/{call_sid:str}", guards=[allow(Perm.QUALITY_EVALUATE)])
async def evaluate_page(
    request: Request[Any, Any, Any], staff: Staff, call_sid: str
) -> Template | Response[Any]:
    session, corrects = await _target(request)
    await _may_evaluate(staff, call_sid, session, corrects)
    if session is None and corrects is None:
        # Evaluated already (a call has one evaluation; changes are corrections): go there.
        done = await reads.evaluations(call_sid=call_sid, limit=1)
        if done:
            return see_other(f"{MUTU}/evaluasi/{done[0]['id']}")
    return _evaluate_page(
        request,
        staff,
        await _call_context(staff, call_sid),
        session=session,
        corrects=corrects,
        values=dict(corrects["answers"]) if corrects else {},
        comments=dict(corrects["comments"]) if corrects else {},
        summary_text=corrects["summary"] if corrects else "",
        reason="",
        errors={},
    )


@post("/nilai/{call_sid:str}", guards=[allow(Perm.QUALITY_EVALUATE)])
async def evaluate_submit(
    request: Request[Any, Any, Any], staff: Staff, call_sid: str
) -> Response[Any] | Template:
    session, corrects = await _target(request)
    await _may_evaluate(staff, call_sid, session, corrects)
    data = await form_data(request)
    form = load(quality_settings().form)
    answers = {i.id: data.get(f"answer-{i.id}", "") for _, i in form.items()}
    comments = {i.id: data.get(f"comment-{i.id}", "") for _, i in form.items()}
    context = await _call_context(staff, call_sid)
    if context["agent"] is None:
        raise NotFound(N_("No answered call has this id."))
    try:
        new_id = await service.submit(
            form,
            call_sid=call_sid,
            agent=context["agent"],
            evaluator=staff.id,
            answers=answers,
            comments=comments,
            summary=data.get("summary", ""),
            session=session,
            corrects=corrects,
            reason=data.get("reason", ""),
        )
    except ValidationFailed as exc:
        # Everything typed comes back with the errors beside it: nothing is lost.
        return _evaluate_page(
            request,
            staff,
            context,
            status_code=400,
            session=session,
            corrects=corrects,
            values=answers,
            comments=comments,
            summary_text=data.get("summary", ""),
            reason=data.get("reason", ""),
            errors=exc.as_dict(request_locale(request)),
        )
    return see_other(f"{MUTU}/evaluasi/{new_id}?ok=saved")


async def _visible(staff: Staff, evaluation_id: int) -> dict[str, Any]:
    found = await reads.evaluation(evaluation_id)
    if found is None:
        raise NotFound(N_("Evaluation not found."))
    open_session = member = False
    if found["session"] is not None:
        session = await reads.session(found["session"])
        open_session = session is not None and session["closed_at"] is None
        member = session is not None and staff.id in session["evaluators"]
    if not access.may_see(staff, found, open_session, member):
        raise Forbidden(N_("Your role does not give access to this page."))
    return found


@get("/evaluasi/{evaluation_id:int}", guards=[allow(Perm.QUALITY)])
async def evaluation_page(
    request: Request[Any, Any, Any], staff: Staff, evaluation_id: int
) -> Template:
    found = await _visible(staff, evaluation_id)
    history = await reads.versions(found["thread"])
    ids = {found["agent"]} | {v["evaluator"] for v in history}
    ids |= {s["actor"] for v in history for s in v["steps"]}
    return _page(
        request,
        staff,
        "evaluation.html",
        evaluation=found,
        versions=history,
        form=_form_of(found["form"]),
        names=await queries.officer_names(ids),
        may_respond=access.may_respond(staff, found),
        may_decide=access.may_decide(staff, found),
        may_correct=access.may_correct(staff, found),
        responses=RESPONSES,
        decisions=DECISIONS,
        errors={},
    )


async def _step(
    request: Request[Any, Any, Any], staff: Staff, evaluation_id: int, allowed: tuple[StepKind, ...]
) -> Response[Any]:
    found = await _visible(staff, evaluation_id)
    data = await form_data(request)
    chosen = data.get("kind", "")
    if chosen not in {k.value for k in allowed}:
        raise ValidationFailed([FieldError("kind", N_("Choose an answer."))])
    kind = StepKind(chosen)
    ok = access.may_respond(staff, found) if kind in RESPONSES else access.may_decide(staff, found)
    if not ok:
        raise Forbidden(N_("You cannot answer this evaluation."))
    reason = data.get("reason", "")
    if kind in (StepKind.DISPUTED, *DECISIONS) and not reason.strip():
        raise ValidationFailed([FieldError("reason", N_("Give a reason."))])
    await service.add_step(evaluation_id, kind, staff.id, reason)
    return see_other(f"{MUTU}/evaluasi/{evaluation_id}?ok={kind.value}")


@post("/evaluasi/{evaluation_id:int}/tanggapan", guards=[allow(Perm.QUALITY)])
async def respond(
    request: Request[Any, Any, Any], staff: Staff, evaluation_id: int
) -> Response[Any]:
    return await _step(request, staff, evaluation_id, RESPONSES)


@post("/evaluasi/{evaluation_id:int}/keputusan", guards=[allow(Perm.QUALITY_MANAGE)])
async def decide(
    request: Request[Any, Any, Any], staff: Staff, evaluation_id: int
) -> Response[Any]:
    return await _step(request, staff, evaluation_id, DECISIONS)


@get("/kalibrasi", guards=[allow(Perm.QUALITY_MANAGE)])
async def sessions_page(request: Request[Any, Any, Any], staff: Staff) -> Template:
    listed = await reads.sessions()
    evaluators = await reads.evaluators()
    return _page(
        request,
        staff,
        "sessions.html",
        sessions=listed,
        evaluators=evaluators,
        names=await queries.officer_names({s["agent"] for s in listed}),
        errors={},
    )


@post("/kalibrasi", guards=[allow(Perm.QUALITY_MANAGE)])
async def session_create(request: Request[Any, Any, Any], staff: Staff) -> Response[Any]:
    form = await request.form()
    call_sid = str(form.get("call_sid", "")).strip()
    chosen = [to_int(str(v)) for v in form.getall("evaluator")] if "evaluator" in form else []
    evaluators = [e for e in chosen if e is not None]
    if len(evaluators) < 2:
        raise ValidationFailed([FieldError("evaluator", N_("Invite two evaluators at least."))])
    session = await service.create_session(call_sid, staff.id, evaluators)
    return see_other(f"{MUTU}/kalibrasi/{session}")


@get("/kalibrasi/{session_id:int}", guards=[allow(Perm.QUALITY_EVALUATE)])
async def session_page(request: Request[Any, Any, Any], staff: Staff, session_id: int) -> Template:
    found = await reads.session(session_id)
    if found is None:
        raise NotFound(N_("Calibration session not found."))
    manage = staff.may(Perm.QUALITY_MANAGE)
    if not manage and staff.id not in found["evaluators"]:
        raise Forbidden(N_("You are not an evaluator of this calibration session."))
    closed = found["closed_at"] is not None
    scored = found["evaluations"]
    # Blind until closed: an evaluator sees only whether they scored, never the others' scores.
    # (A coordinator who scores in the session is blind too.)
    member = staff.id in found["evaluators"]
    blind = not closed and (member or not manage)
    shown = [e for e in scored if e["evaluator"] == staff.id] if blind else scored
    form = load(quality_settings().form)
    result = (
        calibration.report(
            form,
            {e["evaluator"]: e["score"] for e in scored},
            {e["evaluator"]: e["answers"] for e in scored},
        )
        if closed and scored
        else None
    )
    return _page(
        request,
        staff,
        "session.html",
        session=found,
        shown=shown,
        done={e["evaluator"] for e in scored},
        report=result,
        form=form,
        names=await queries.officer_names(set(found["evaluators"]) | {found["agent"]}),
    )


@post("/kalibrasi/{session_id:int}/tutup", guards=[allow(Perm.QUALITY_MANAGE)])
async def session_close(staff: Staff, session_id: int) -> Response[Any]:
    await service.close_session(session_id)
    return see_other(f"{MUTU}/kalibrasi/{session_id}")


@get("/tren", guards=[allow(Perm.QUALITY)])
async def trends_page(request: Request[Any, Any, Any], staff: Staff) -> Template:
    """Month by month over the last twelve months; a call agent sees their own line only."""
    now = clock.now()
    since = now - timedelta(days=365)
    rows = await reads.scored_between(since, now)
    if not staff.may(Perm.QUALITY_EVALUATE):
        rows = [r for r in rows if r["agent"] == staff.id]
    teams = await reads.teams({r["agent"] for r in rows})
    found = trends.trends(
        [
            trends.Scored(
                r["agent"], teams.get(r["agent"], ""), r["first_at"], r["score"], r["answers"]
            )
            for r in rows
        ],
        zone(),
    )
    form = load(quality_settings().form)
    chart = charts.bars(
        found.months,
        [found.counts[m] for m in found.months],
        [found.overall[m] / 100 for m in found.months],
    )
    return _page(
        request,
        staff,
        "trends.html",
        trends=found,
        form=form,
        chart=chart,
        names=await queries.officer_names(set(found.officers)),
    )


@get("/rekaman/{attachment_id:int}", guards=[allow(Perm.QUALITY_EVALUATE)])
async def recording(staff: Staff, attachment_id: int) -> Response[bytes]:
    """A call's recording for its evaluators: only a recording of a call in the pool or
    evaluated. A voice identifies like a name, so the report's privacy level decides as for
    "show who reported" (anonim: nobody; rahasia: the central unit), and each play is an
    `identity_viewed` event in the report's history; never cached."""
    row = await reads.recording_of_call(attachment_id)
    if row is None:
        raise NotFound(N_("The file is not available."))
    ticket = await load_ticket(row["ticket"])
    if not staff_may_see_identity(Privacy(ticket["privacy"]), central_unit=staff.central_unit):
        raise Forbidden(N_("The reporter chose not to be identified to you."))
    try:
        content = storage.read_bytes(row["storage_path"])
    except (OSError, ValueError):
        raise NotFound(N_("The file is not available.")) from None
    async with transaction():
        await add_event(
            row["ticket"],
            EventKind.IDENTITY_VIEWED,
            staff.actor,
            at=clock.now(),
            public=False,
            data={"via": "quality_recording", "attachment": attachment_id},
        )
    return Response(
        content,
        media_type=row["content_type"] or "application/octet-stream",
        headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"},
    )


ROUTES: list[Any] = [
    Router(
        path=MUTU,
        route_handlers=[
            home,
            draw,
            claim,
            evaluate_page,
            evaluate_submit,
            evaluation_page,
            respond,
            decide,
            sessions_page,
            session_create,
            session_page,
            session_close,
            trends_page,
            recording,
        ],
        guards=[signed_in],
        dependencies={"staff": Provide(current_staff, sync_to_thread=False)},
        opt=renders(ERRORS),
        include_in_schema=False,
    )
]
