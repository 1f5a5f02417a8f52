"""/lapor: the report form, its checks, and the receipt with the reference and PIN (shown once).

Post/redirect/get: a filed form answers 303 to /lapor/terkirim, so a refresh or the back button
does not send it again (and if it is sent again, its nonce files nothing). The PIN travels
neither in a URL nor in a log line: the receipt is kept for a short time in the "sessions"
store under a random token that only this browser holds, in an HttpOnly cookie limited to
/lapor, and the PIN is removed from it once it has been shown.
"""

from __future__ import annotations

import json
import logging
import secrets
from dataclasses import replace
from typing import Any

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.response import Redirect, Template

from hotline.citizen import choices, deadlines, forms, uploads
from hotline.citizen.config import MAX_FILES, citizen_settings
from hotline.citizen.intake import Filed, file_report
from hotline.citizen.pages import page
from hotline.db.availability import database_unavailable
from hotline.errors import FieldError, Unavailable, ValidationFailed
from hotline.i18n import N_, t
from hotline.tickets.lifecycle import Status
from hotline.tickets.privacy import ORDER
from hotline.tickets.tables import Ticket
from hotline.web.locale import request_locale
from hotline.web.security import cookies_secure

log = logging.getLogger("hotline.citizen")

RECEIPT_COOKIE = "hotline_tanda_terima"
RECEIPT_SECONDS = 3600
RECEIPT_KEY = "citizen:receipt:{}"


# The lists the form was last drawn with, per language. Used only while the database is away,
# so that the form given back to a citizen still shows (and keeps) what they chose; a process
# that never reached the database draws it with empty lists, the typed text still kept.
_LAST_LISTS: dict[str, dict[str, Any]] = {}


async def _lists(locale: str, *, remembered: bool = False) -> dict[str, Any]:
    try:
        lists = {
            "categories": await choices.category_groups(locale),
            "kecamatan": await choices.kecamatan(),
            "villages": await choices.villages_by_kecamatan(),
        }
    except Exception as exc:
        if remembered and database_unavailable(exc):
            return _LAST_LISTS.get(locale, {"categories": [], "kecamatan": [], "villages": []})
        raise
    _LAST_LISTS[locale] = lists
    return lists


async def _form_context(locale: str, *, remembered: bool = False) -> dict[str, Any]:
    return {
        **await _lists(locale, remembered=remembered),
        "privacy_levels": [
            (p.value, t(locale, p.label), t(locale, p.explanation))
            for p in ORDER  # the order and promises of every channel
        ],
        "max_files": MAX_FILES,
        "max_file_mb": citizen_settings().max_file_bytes // (1024 * 1024),
    }


async def _villages_of() -> dict[str, frozenset[str]]:
    mapping: dict[str, set[str]] = {k.value: set() for k in await choices.kecamatan()}
    for group in await choices.villages_by_kecamatan():
        for option in group.options:
            mapping.setdefault(option.hint, set()).add(option.value)
    return {k: frozenset(v) for k, v in mapping.items()}


NOT_SAVED = FieldError(
    "form",
    N_(
        "We could not save your report just now. What you typed is still "
        "here: please send it again in a moment."
    ),
)


@get("/lapor", include_in_schema=False)
async def lapor_form(request: Request[Any, Any, Any]) -> Template:
    locale = request_locale(request)
    return page(
        request,
        "lapor.html",
        locale=locale,
        form=forms.LaporForm(nonce=forms.new_nonce()),
        errors={},
        summary=[],
        files_dropped=False,
        **await _form_context(locale),
    )


def _chosen_files(form_data: Any) -> list[UploadFile]:
    # A file input left empty still sends a part with no name and no bytes.
    return [f for f in form_data.getall("files", []) if isinstance(f, UploadFile) and f.filename]


async def _clean_files(
    chosen: list[UploadFile],
) -> tuple[list[uploads.CleanFile], list[FieldError]]:
    if len(chosen) > MAX_FILES:
        return [], [FieldError(uploads.FIELD, N_("Attach at most {n} files."), {"n": MAX_FILES})]
    limit = citizen_settings().max_file_bytes
    clean: list[uploads.CleanFile] = []
    for upload in chosen:
        data = await upload.read(limit + 1)
        try:
            clean.append(await uploads.clean_in_thread(upload.filename, data, max_bytes=limit))
        except uploads.UploadRejected as rejected:
            return [], [rejected.error]
    return clean, []


@post("/lapor", include_in_schema=False)
async def lapor_submit(request: Request[Any, Any, Any]) -> Template | Redirect:
    locale = request_locale(request)
    form_data = await request.form()
    form = forms.LaporForm.from_post({k: v for k, v in form_data.items() if isinstance(v, str)})
    chosen = _chosen_files(form_data)
    errors: list[FieldError] = []
    if form.honeypot:
        # Only a robot fills a field that people cannot see; it gets a plain refusal.
        errors.append(FieldError("form", N_("The form could not be sent. Please try again.")))
    if not form.nonce_ok():
        form = replace(form, nonce=forms.new_nonce())
        errors.append(FieldError("form", N_("This form has expired. Check it and send it again.")))
    draft = None
    try:
        draft = forms.to_draft(form, locale=locale, villages_of=await _villages_of())
    except ValidationFailed as failed:
        errors.extend(failed.errors)
    except Exception as exc:
        if not database_unavailable(exc):
            raise
        return await _not_saved(request, locale, form, errors, files_dropped=bool(chosen))
    files, file_errors = await _clean_files(chosen)
    errors.extend(file_errors)
    if not errors and draft is not None:
        try:
            filed = await file_report(draft, nonce=form.nonce, files=files)
        except ValidationFailed as failed:
            errors.extend(failed.errors)
        except Exception as exc:
            # The database failed (away, a restart, a lock, a full disk): nothing was filed, as
            # the whole report is one transaction. The citizen gets the form back as typed
            # rather than an error page that throws the text away: a 503 with Retry-After
            # when the database is away, else a 400 with the same words.
            if database_unavailable(exc):
                return await _not_saved(request, locale, form, errors, files_dropped=bool(chosen))
            log.exception("a web report could not be saved")
            errors.append(NOT_SAVED)
        else:
            return await _to_receipt(request, locale, filed)
    return await _rejected(request, locale, form, errors, files_dropped=bool(chosen))


async def _not_saved(
    request: Request[Any, Any, Any],
    locale: str,
    form: forms.LaporForm,
    errors: list[FieldError],
    *,
    files_dropped: bool,
) -> Template:
    """The form back as typed, with a 503 that says to send it again (and when)."""
    log.warning("a web report could not be saved: the database is unavailable")
    errors = [*errors, NOT_SAVED]
    response = await _rejected(
        request, locale, form, errors, files_dropped=files_dropped, status=503, remembered=True
    )
    response.headers["Retry-After"] = str(Unavailable.retry_after)
    return response


async def _rejected(
    request: Request[Any, Any, Any],
    locale: str,
    form: forms.LaporForm,
    errors: list[FieldError],
    *,
    files_dropped: bool,
    status: int = 400,
    remembered: bool = False,
) -> Template:
    placed = forms.on_page(errors)
    messages = {e.field: e.localized(locale) for e in placed}
    summary = [(e.field if e.field != "form" else "", messages[e.field]) for e in placed]
    return page(
        request,
        "lapor.html",
        status=status,
        locale=locale,
        form=form,
        errors=messages,
        summary=summary,
        files_dropped=files_dropped,
        **await _form_context(locale, remembered=remembered),
    )


async def _to_receipt(
    request: Request[Any, Any, Any], locale: str, filed: Filed
) -> Template | Redirect:
    """The report is saved (its transaction committed): nothing from here on may turn that into
    an error page, or the citizen would send it again. If its receipt cannot be kept for the
    redirect (the sessions store is the database on one node), it is shown at once instead,
    from what the transaction returned."""
    try:
        return await _keep_receipt(request, filed)
    except Exception:
        log.warning("report %s saved; its receipt is shown at once", filed.reference, exc_info=True)
        status = filed.status or Status.BARU
        return page(
            request,
            "receipt.html",
            private=True,
            locale=locale,
            receipt={"ticket_id": filed.ticket_id, "reference": filed.reference, "pin": filed.pin},
            status_label=t(locale, status.label),
            dispatched=status is Status.DIDISPOSISIKAN,
            agency="",
            due=[],
        )


async def _keep_receipt(request: Request[Any, Any, Any], filed: Filed) -> Redirect:
    store = request.app.stores.get("sessions")
    token = request.cookies.get(RECEIPT_COOKIE) or ""
    if filed.pin is None and token and await store.exists(RECEIPT_KEY.format(token)):
        # The same form again: its receipt is already waiting in this browser.
        return Redirect("/lapor/terkirim", status_code=303)
    token = secrets.token_urlsafe(24)
    receipt = {"ticket_id": filed.ticket_id, "reference": filed.reference, "pin": filed.pin}
    await store.set(RECEIPT_KEY.format(token), json.dumps(receipt), expires_in=RECEIPT_SECONDS)
    response = Redirect("/lapor/terkirim", status_code=303)
    response.set_cookie(
        RECEIPT_COOKIE,
        token,
        max_age=RECEIPT_SECONDS,
        path="/lapor",
        httponly=True,
        samesite="lax",
        secure=cookies_secure(request),
    )
    return response


@get("/lapor/terkirim", include_in_schema=False)
async def receipt(request: Request[Any, Any, Any]) -> Template:
    locale = request_locale(request)
    store = request.app.stores.get("sessions")
    token = request.cookies.get(RECEIPT_COOKIE) or ""
    raw = await store.get(RECEIPT_KEY.format(token)) if token else None
    if raw is None:
        return page(request, "receipt.html", private=True, locale=locale, receipt=None)
    data = json.loads(raw)
    if data["pin"] is not None:
        # Shown this once: what stays (for a refresh) is the reference alone.
        await store.set(
            RECEIPT_KEY.format(token), json.dumps({**data, "pin": None}), expires_in=RECEIPT_SECONDS
        )
    ticket = (
        await Ticket.select(Ticket.status, Ticket.agency.name, Ticket.privacy)
        .where(Ticket.id == data["ticket_id"])
        .first()
    )
    status = Status(ticket["status"]) if ticket else Status.BARU
    due = [
        (
            t(locale, d.kind.citizen_label),
            deadlines.format_instant(d.due_at, d.timezone, locale),
        )
        for d in await deadlines.running(data["ticket_id"])
    ]
    return page(
        request,
        "receipt.html",
        private=True,
        locale=locale,
        receipt=data,
        status_label=t(locale, status.label),
        dispatched=status is Status.DIDISPOSISIKAN,
        agency=(ticket or {}).get("agency.name") or "",
        due=due,
    )
