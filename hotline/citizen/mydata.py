"""/lacak/data-saya: the signed-in reporter downloads everything held about them and their
report (UU 27/2022 PDP, the right of access), as JSON or as a printable page, in Indonesian
(`?lang=en` for English). Never cached (Cache-Control: no-store): it carries the identity.

Same session as /lacak (the signed cookie after the PIN); without it, the sign-in page.
"""

from __future__ import annotations

import json
from typing import Any

from litestar import Request, Response, get
from litestar.response import Template

from hotline import clock
from hotline.citizen import tracking
from hotline.citizen.pages import PRIVATE, page
from hotline.i18n import N_, t
from hotline.privacy.export import held_about
from hotline.settings import get_settings
from hotline.tickets.tables import Ticket
from hotline.web.locale import request_locale


async def _signed_in_ticket(request: Request[Any, Any, Any]) -> int | None:
    ticket_id = tracking.read(
        request.cookies.get(tracking.COOKIE), now=clock.now(), secret=get_settings().secret_key
    )
    if ticket_id is None or not await Ticket.exists().where(Ticket.id == ticket_id):
        return None
    return ticket_id


def _sign_in(request: Request[Any, Any, Any]) -> Template:
    locale = request_locale(request)
    return page(
        request,
        "lacak_masuk.html",
        status=401,
        private=True,
        ref="",
        error=t(locale, N_("Sign in to your report to download your data.")),
    )


@get("/lacak/data-saya.json", include_in_schema=False)
async def my_data_json(request: Request[Any, Any, Any]) -> Response[bytes] | Template:
    ticket_id = await _signed_in_ticket(request)
    if ticket_id is None:
        return _sign_in(request)
    data = await held_about(ticket_id, request_locale(request))
    body = json.dumps(data, ensure_ascii=False, indent=2).encode()
    name = f"data-laporan-{data['report']['reference']}.json"
    return Response(
        content=body,
        media_type="application/json; charset=utf-8",
        headers={
            **PRIVATE,
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Content-Type-Options": "nosniff",
        },
    )


@get("/lacak/data-saya", include_in_schema=False)
async def my_data_page(request: Request[Any, Any, Any]) -> Template:
    ticket_id = await _signed_in_ticket(request)
    if ticket_id is None:
        return _sign_in(request)
    locale = request_locale(request)
    return page(
        request,
        "data_saya.html",
        private=True,
        locale=locale,
        data=await held_about(ticket_id, locale),
    )
