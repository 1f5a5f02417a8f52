"""The admin's page for who runs the service (hotline/directory/operator.py): one record, one
form, its changes in the admin change history like every other record's."""

from __future__ import annotations

from typing import Any

from babel.dates import get_day_names
from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.response import Redirect, Template

from hotline import phones
from hotline.directory import operator
from hotline.errors import ValidationFailed
from hotline.i18n import N_
from hotline.konsol.access import Perm, Staff
from hotline.konsol.auth import allow
from hotline.konsol.common import render, see_other
from hotline.settings import get_settings
from hotline.web.locale import request_locale

ADMIN = [allow(Perm.ADMIN)]
TITLE = N_("Service operator")


def _values(found: operator.Operator) -> dict[str, str]:
    """The stored record as the form shows it: numbers as they are dialled in Indonesia."""
    if not found.configured:
        return {}
    values = {
        "government": found.government,
        "unit": found.unit,
        # The stored number, not the HOTLINE_TWILIO_NUMBER it falls back to.
        "hotline_phone": found.hotline_display if found.hotline_phone else "",
        "message_phone": found.message_display,
        "address": found.address,
        "approver_name": found.approver_name,
        "approver_position": found.approver_position,
    }
    for day, (opens, closes) in found.hours.items():
        values[f"open_{day}"], values[f"close_{day}"] = opens, closes
    return values


def _page(
    request: Request[Any, Any, Any],
    staff: Staff,
    found: operator.Operator,
    values: dict[str, str],
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    locale = request_locale(request)
    return render(
        request,
        staff,
        "admin/operator.html",
        status_code=status_code,
        title=TITLE,
        stored=found,
        values=values,
        errors=errors or {},
        twilio_number=phones.as_dialled(get_settings().twilio_number),
        max_logo_kb=operator.MAX_LOGO_BYTES // 1024,
        day_names=[str(get_day_names("wide", locale=locale)[d]) for d in range(7)],
    )


@get("/admin/penyelenggara", guards=ADMIN)
async def operator_form(request: Request[Any, Any, Any], staff: Staff) -> Template:
    found = await operator.load()
    return _page(request, staff, found, _values(found))


async def _logo(form: Any) -> bytes | None:
    upload = form.get("logo")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    # One byte more than allowed is enough to know it is too large.
    return await upload.read(operator.MAX_LOGO_BYTES + 1)


@post("/admin/penyelenggara", guards=ADMIN)
async def operator_save(request: Request[Any, Any, Any], staff: Staff) -> Template | Redirect:
    form = await request.form()
    data = {k: v for k, v in form.items() if isinstance(v, str)}
    try:
        logo = await _logo(form)
        problems: list[Any] = []
        try:
            values = operator.read_form(data)
        except ValidationFailed as exc:
            problems.extend(exc.errors)
        if logo is not None:
            try:
                operator.check_logo(logo)
            except ValidationFailed as exc:
                problems.extend(exc.errors)
        if problems:
            raise ValidationFailed(problems)
        await operator.save(
            values, actor=staff.username, logo=logo, remove_logo=data.get("remove_logo") == "on"
        )
    except ValidationFailed as exc:
        # What was typed comes back as typed, beside what is wrong with it.
        found = await operator.load()
        return _page(request, staff, found, data, exc.as_dict(request_locale(request)), 400)
    return see_other("/konsol/admin/penyelenggara?ok=1")


ROUTES = [operator_form, operator_save]
