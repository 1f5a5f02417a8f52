"""What every console page shares: rendering in the reader's language, reading form posts."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.response import Redirect, Template

from hotline.i18n import N_
from hotline.konsol.access import Perm, Staff
from hotline.konsol.config import konsol_settings
from hotline.konsol.present import Present
from hotline.web.locale import request_locale
from hotline.web.security import MAX_ID

NAV = [
    (Perm.VERIFICATION_QUEUE, "/konsol/verifikasi", N_("Verification")),
    (Perm.AGENCY_QUEUE, "/konsol/antrian", N_("Agency queue")),
    (Perm.SUPERVISOR_VIEW, "/konsol/supervisor", N_("Supervision")),
    (Perm.OPERATOR_VIEW, "/konsol/operator", N_("Caller")),
    (Perm.ADMIN, "/konsol/admin", N_("Administration")),
    (Perm.BLOCKLIST, "/konsol/blokir", N_("Blocked numbers")),
    (Perm.OUTBOX, "/konsol/admin/pesan-gagal", N_("Undelivered messages")),
    (Perm.CALL_CENTRE, "/konsol/pusat-panggilan", N_("Call centre")),
    (Perm.QUALITY, "/konsol/pusat-panggilan/mutu", N_("Call quality")),
]


def render(
    request: Request[Any, Any, Any],
    staff: Staff | None,
    template: str,
    *,
    status_code: int = 200,
    **context: Any,
) -> Template:
    locale = request_locale(request)
    nav = [(href, label) for perm, href, label in NAV if staff and staff.may(perm)]
    return Template(
        f"konsol/{template}",
        context={
            "locale": locale,
            "staff": staff,
            "nav": nav,
            "path": request.url.path,
            "fmt": Present(locale, staff.timezone if staff else "Asia/Jakarta"),
            "poll_seconds": konsol_settings().poll_seconds,
            "request_ok": request.query_params.get("ok", ""),
            **context,
        },
        status_code=status_code,
    )


async def form_data(request: Request[Any, Any, Any]) -> dict[str, str]:
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


def to_int(value: str | None) -> int | None:
    """A form or query value as an id or a page number; None when it is not one, including a
    number no database row can have (it would overflow the driver: a 500 instead of "not found")."""
    value = (value or "").strip()
    if not value.isdigit():
        return None
    number = int(value)
    return number if number <= MAX_ID else None


def see_other(url: str) -> Redirect:
    return Redirect(url, status_code=303)
