"""/lacak: a citizen follows their report with its reference and PIN.

The PIN is checked by the core (`check_pin`: wrong PINs lock the client that makes them, from its
address, and only slow the report down, so a stranger cannot lock the reporter out; every refusal
reads the same, whether the reference exists or not); the right one gives
a short-lived signed cookie (hotline.citizen.tracking) so the following pages and actions need
neither the PIN again nor the PIN in a URL. Shown: the report as filed, the public timeline
(never internal notes: only events marked public), the agency, the running deadlines. Actions:
add information (text and/or a photo), and after an answer rate it (which confirms it) or say it
is not resolved (which reopens it).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import anyio
from litestar import Request, Response, get, post
from litestar.response import Redirect, Template
from litestar.stores.base import Store

from hotline import clock
from hotline.citizen import deadlines, tracking, uploads
from hotline.citizen.config import citizen_settings
from hotline.citizen.intake import add_to_report
from hotline.citizen.pages import PRIVATE, page
from hotline.citizen.timeline import reporter_timeline
from hotline.errors import HotlineError, NotFound, ValidationFailed
from hotline.i18n import N_, t
from hotline.satisfaction import survey
from hotline.settings import get_settings
from hotline.tickets import reference as references
from hotline.tickets import storage
from hotline.tickets.lifecycle import (
    Action,
    IllegalTransition,
    Status,
    allowed_actions,
)
from hotline.tickets.privacy import Privacy
from hotline.tickets.records import TicketRow
from hotline.tickets.service import REPORTER, check_pin, load_ticket, perform, rate
from hotline.tickets.tables import Attachment, Ticket
from hotline.web.locale import request_locale
from hotline.web.security import cookies_secure

CLOSED = (Status.DITOLAK, Status.DUPLIKAT, Status.DIARSIPKAN)
NOTICES = {
    "masuk": N_("You are signed in to this report for a short time on this device."),
    "info": N_("Thank you: your information was added to the report."),
    "nilai": N_("Thank you for your rating: the report is resolved."),
    "dibuka": N_("The report was reopened; the agency will work on it again."),
    "ditarik": N_("Your report was withdrawn. It stays in the records, closed without action."),
}


def _sessions(request: Request[Any, Any, Any]) -> Store:
    return request.app.stores.get("sessions")


async def _signed_in(request: Request[Any, Any, Any]) -> int | None:
    return await tracking.resume(
        _sessions(request),
        request.cookies.get(tracking.COOKIE),
        now=clock.now(),
        secret=get_settings().secret_key,
    )


def _sign_in_page(
    request: Request[Any, Any, Any], *, status: int = 200, ref: str = "", error: str = ""
) -> Template:
    return page(request, "lacak_masuk.html", status=status, private=True, ref=ref, error=error)


def _address(request: Request[Any, Any, Any]) -> str:
    return request.client.host if request.client else "unknown"


@get("/lacak", include_in_schema=False)
async def lacak(request: Request[Any, Any, Any]) -> Template:
    ticket_id = await _signed_in(request)
    if ticket_id is None:
        return _sign_in_page(request, ref=references.normalize(request.query_params.get("ref", "")))
    try:
        ticket = await load_ticket(ticket_id)
    except NotFound:
        return _sign_in_page(request)
    return await _report_page(request, ticket)


async def _report_page(
    request: Request[Any, Any, Any],
    ticket: TicketRow,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
) -> Template:
    locale = request_locale(request)
    current = Status(ticket["status"])
    names = (
        await Ticket.select(
            Ticket.category.name_id,
            Ticket.category.name_en,
            Ticket.agency.name,
            Ticket.region.name,
        )
        .where(Ticket.id == ticket["id"])
        .first()
    ) or {}
    files = (
        await Attachment.select(Attachment.id, Attachment.filename, Attachment.storage_path)
        .where(Attachment.ticket == ticket["id"])
        .order_by(Attachment.id)
    )
    due = [
        (
            t(locale, d.kind.citizen_label),
            deadlines.format_instant(d.due_at, d.timezone, locale),
        )
        for d in await deadlines.running(ticket["id"])
    ]
    notice = NOTICES.get(request.query_params.get("ok", ""))
    # A resolved report's satisfaction survey, while it is open (docs/SATISFACTION.md).
    found = await survey.of_ticket(ticket["id"]) if current is Status.SELESAI else None
    survey_url = f"/survei/{found['token']}" if found and found["submitted_at"] is None else ""
    return page(
        request,
        "lacak.html",
        status=status,
        private=True,
        locale=locale,
        ticket=ticket,
        status_label=t(locale, current.label),
        privacy_label=t(locale, Privacy(ticket["privacy"]).label),
        category=(
            names.get("category.name_en") if locale == "en" else names.get("category.name_id")
        )
        or names.get("category.name_id")
        or "",
        agency=names.get("agency.name") or "",
        region=names.get("region.name") or "",
        files=files,
        due=due,
        timeline=await reporter_timeline(ticket["id"], locale),
        waiting_for_you=current is Status.PERLU_DILENGKAPI,
        can_add=current not in CLOSED,
        # An answer closed by the timeout can still be rated once the reporter comes back.
        can_rate=current is Status.DITANGGAPI
        or (current is Status.SELESAI and ticket["rating"] is None),
        can_dispute=current in (Status.DITANGGAPI, Status.SELESAI),
        can_withdraw=Action.WITHDRAW in allowed_actions(current),
        notice=t(locale, notice) if notice else "",
        errors=errors or {},
        typed=typed or {},
        max_file_mb=citizen_settings().max_file_bytes // (1024 * 1024),
        survey_url=survey_url,
    )


@post("/lacak", include_in_schema=False)
async def sign_in(request: Request[Any, Any, Any]) -> Template | Redirect:
    locale = request_locale(request)
    data = await request.form()
    ref = references.normalize(str(data.get("reference", "")))
    pin = "".join(ch for ch in str(data.get("pin", "")) if ch.isdigit())
    if not ref or not pin:
        return _sign_in_page(
            request,
            status=400,
            ref=ref,
            error=t(locale, N_("Enter the reference number and the PIN you received.")),
        )
    try:
        ticket = await check_pin(ref, pin, client="web:" + _address(request))
    except HotlineError as refused:  # NotFound: wrong reference or PIN, or too many tries
        return _sign_in_page(
            request, status=refused.status_code, ref=ref, error=refused.localized(locale)
        )
    response = Redirect("/lacak?ok=masuk", status_code=303)
    response.set_cookie(
        tracking.COOKIE,
        await tracking.start(
            _sessions(request),
            ticket["id"],
            now=clock.now(),
            minutes=citizen_settings().session_minutes,
            secret=get_settings().secret_key,
        ),
        max_age=citizen_settings().session_minutes * 60,
        path=tracking.PATH,
        httponly=True,
        samesite="lax",
        secure=cookies_secure(request),
    )
    return response


@post("/lacak/keluar", include_in_schema=False)
async def sign_out(request: Request[Any, Any, Any]) -> Redirect:
    # Ended on the server too: a copy of the cookie (another tab, a shared computer's cache, a
    # proxy's log) opens nothing after this.
    await tracking.end(_sessions(request), request.cookies.get(tracking.COOKIE))
    response = Redirect("/lacak", status_code=303)
    response.delete_cookie(tracking.COOKIE, path=tracking.PATH)
    return response


async def _ticket_or_sign_in(request: Request[Any, Any, Any]) -> TicketRow | None:
    ticket_id = await _signed_in(request)
    if ticket_id is None:
        return None
    try:
        return await load_ticket(ticket_id)
    except NotFound:
        return None


def _expired(request: Request[Any, Any, Any]) -> Template:
    locale = request_locale(request)
    return _sign_in_page(
        request,
        status=401,
        error=t(locale, N_("Your session has ended. Enter the reference and PIN again.")),
    )


@post("/lacak/tambah", include_in_schema=False)
async def add_information(request: Request[Any, Any, Any]) -> Template | Redirect:
    ticket = await _ticket_or_sign_in(request)
    if ticket is None:
        return _expired(request)
    locale = request_locale(request)
    data = await request.form()
    body = str(data.get("body", "")).strip()
    upload = data.get("photo")
    files: list[uploads.CleanFile] = []
    errors: dict[str, str] = {}
    if upload is not None and not isinstance(upload, str) and upload.filename:
        limit = citizen_settings().max_file_bytes
        try:
            data = await upload.read(limit + 1)
            files.append(await uploads.clean_in_thread(upload.filename, data, max_bytes=limit))
        except uploads.UploadRejected as rejected:
            errors["photo"] = rejected.error.localized(locale)
    if not body and not files and not errors:
        errors["body"] = t(locale, N_("Write the information or choose a photo."))
    if not errors:
        if not body:
            body = t(locale, N_("Attached: {names}"), names=", ".join(f.filename for f in files))
        try:
            await add_to_report(ticket["id"], body, files)
        except HotlineError as refused:
            errors["body"] = refused.localized(locale)
        else:
            return Redirect("/lacak?ok=info", status_code=303)
    return await _report_page(request, ticket, status=400, errors=errors, typed={"body": body})


@post("/lacak/nilai", include_in_schema=False)
async def rate_answer(request: Request[Any, Any, Any]) -> Template | Redirect:
    ticket = await _ticket_or_sign_in(request)
    if ticket is None:
        return _expired(request)
    locale = request_locale(request)
    data = await request.form()
    comment = str(data.get("comment", ""))
    raw = str(data.get("rating", ""))
    try:
        await rate(ticket["id"], int(raw) if raw.isdigit() else 0, comment, actor=REPORTER)
    except HotlineError as refused:
        # Also when the report moved on meanwhile (Conflict): the page shows why, up top.
        return await _report_page(
            request,
            await load_ticket(ticket["id"]),
            status=refused.status_code,
            errors={"rating": _message(refused, locale)},
            typed={"comment": comment, "rating": raw},
        )
    return Redirect("/lacak?ok=nilai", status_code=303)


async def _reporter_action(
    request: Request[Any, Any, Any],
    ticket: TicketRow,
    action: Action,
    *,
    reason: str,
    field: str,
    problem: str | None,
    moved_on: str,
    done: str,
    typed: dict[str, str],
) -> Template | Redirect:
    """One lifecycle step the reporter takes from /lacak: `problem` (already a sentence in the
    reader's language) keeps them on the page with what they typed; so does a refusal."""
    locale = request_locale(request)
    error = problem
    if error is None:
        try:
            await perform(ticket["id"], action, actor=REPORTER, body=reason[:2000])
        except IllegalTransition:  # the report moved on since the page was shown
            error = t(locale, moved_on)
        except HotlineError as refused:
            error = _message(refused, locale)
        else:
            return Redirect(f"/lacak?ok={done}", status_code=303)
    return await _report_page(
        request, await load_ticket(ticket["id"]), status=400, errors={field: error}, typed=typed
    )


@post("/lacak/belum-selesai", include_in_schema=False)
async def dispute(request: Request[Any, Any, Any]) -> Template | Redirect:
    ticket = await _ticket_or_sign_in(request)
    if ticket is None:
        return _expired(request)
    locale = request_locale(request)
    reason = str((await request.form()).get("reason", "")).strip()
    short = t(locale, N_("Say in at least {n} characters what is not resolved."), n=10)
    return await _reporter_action(
        request,
        ticket,
        Action.DISPUTE,
        reason=reason,
        field="reason",
        problem=short if len(reason) < 10 else None,
        moved_on=N_("This report cannot be reopened now."),
        done="dibuka",
        typed={"reason": reason},
    )


def _message(error: HotlineError, locale: str) -> str:
    if isinstance(error, ValidationFailed):
        return " ".join(e.localized(locale) for e in error.errors)
    return error.localized(locale)


@post("/lacak/tarik", include_in_schema=False)
async def withdraw(request: Request[Any, Any, Any]) -> Template | Redirect:
    """The reporter withdraws their report: it is archived, never deleted (the statistics and
    the agency's work on it stay), and the deadlines stop."""
    ticket = await _ticket_or_sign_in(request)
    if ticket is None:
        return _expired(request)
    locale = request_locale(request)
    data = await request.form()
    reason = str(data.get("reason", "")).strip()
    unconfirmed = t(locale, N_("Tick the box to confirm that you withdraw the report."))
    return await _reporter_action(
        request,
        ticket,
        Action.WITHDRAW,
        reason=reason,
        field="confirm",
        problem=unconfirmed if data.get("confirm") != "1" else None,
        moved_on=N_("This report can no longer be withdrawn."),
        done="ditarik",
        typed={"withdraw_reason": reason},
    )


@get("/lacak/lampiran/{attachment_id:int}", include_in_schema=False)
async def attachment(request: Request[Any, Any, Any], attachment_id: int) -> Response[bytes]:
    """A file of the signed-in report, to its reporter only."""
    ticket_id = await _signed_in(request)
    row = (
        await Attachment.select()
        .where((Attachment.id == attachment_id) & (Attachment.ticket == ticket_id))
        .first()
        if ticket_id is not None
        else None
    )
    if row is None or not row["storage_path"]:
        raise NotFound(N_("There is no such file in this report."))
    data = await anyio.to_thread.run_sync(storage.read_bytes, row["storage_path"])
    # Photos open in the browser; anything else is downloaded, never rendered by us.
    disposition = "inline" if row["kind"] == "photo" else "attachment"
    return Response(
        content=data,
        media_type=row["content_type"] or "application/octet-stream",
        headers={
            **PRIVATE,
            "Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(row['filename'])}",
            "X-Content-Type-Options": "nosniff",
        },
    )
