"""Erasure on request (UU 27/2022 PDP): a verifier erases who reported; the report stays.

The central unit decides (it is the one that may know every reporter): the reporter row goes,
the messages to the reporter's addresses lose their recipient and text, and the history records
who erased it and why (hotline/privacy/erasure.py). docs/PRIVACY.md has the procedure.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, post

from hotline.errors import ValidationFailed
from hotline.konsol.access import Perm, Staff
from hotline.konsol.auth import allow
from hotline.konsol.common import form_data, render, see_other
from hotline.konsol.pages import ticket_context, visible_ticket
from hotline.privacy.erasure import erase_identity
from hotline.tickets import service
from hotline.web.locale import request_locale

ACTION = "erase_identity"


@post("/tiket/{ticket_id:int}/hapus-identitas", guards=[allow(Perm.ERASE_IDENTITY)])
async def erase_reporter_identity(
    request: Request[Any, Any, Any], staff: Staff, ticket_id: int
) -> Response[Any]:
    await visible_ticket(staff, ticket_id)
    data = await form_data(request)
    try:
        await erase_identity(ticket_id, actor=staff.actor, reason=data.get("reason", ""))
    except ValidationFailed as exc:
        return render(  # type: ignore[return-value]
            request,
            staff,
            "ticket.html",
            status_code=400,
            errors=exc.as_dict(request_locale(request)),
            failed_action=ACTION,
            form=data,
            **(await ticket_context(staff, await service.load_ticket(ticket_id))),
        )
    return see_other(f"/konsol/tiket/{ticket_id}?ok={ACTION}#timeline")


ROUTES = [erase_reporter_identity]
