"""Blocked phone numbers: verifiers list, add and lift the blocks the phone line asks before a
report is made (hotline/ivr/blocklist.py; docs/IVR.md, "Repeat callers"). Each block has a
reason and an expiry, and each change is an admin audit row (who, when, what)."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post

from hotline.db.tx import transaction
from hotline.errors import ValidationFailed
from hotline.ivr.blocklist import MAX_DAYS, active_blocks, add_block, lift_block
from hotline.konsol.access import Perm, Staff
from hotline.konsol.auth import allow
from hotline.konsol.common import form_data, render, see_other, to_int
from hotline.web.locale import request_locale

PAGE = "/konsol/blokir"


async def _page(
    request: Request[Any, Any, Any], staff: Staff, *, status_code: int = 200, **context: Any
) -> Response[Any]:
    return render(  # type: ignore[return-value]
        request,
        staff,
        "blocklist.html",
        status_code=status_code,
        blocks=await active_blocks(),
        max_days=MAX_DAYS,
        **context,
    )


@get("/blokir", guards=[allow(Perm.BLOCKLIST)])
async def blocklist_page(request: Request[Any, Any, Any], staff: Staff) -> Response[Any]:
    return await _page(request, staff, form={})


@post("/blokir", guards=[allow(Perm.BLOCKLIST)])
async def block_number(request: Request[Any, Any, Any], staff: Staff) -> Response[Any]:
    data = await form_data(request)
    try:
        async with transaction():
            await add_block(
                data.get("number", ""),
                reason=data.get("reason", ""),
                days=to_int(data.get("days")) or 0,
                actor=staff.username,
            )
    except ValidationFailed as exc:
        # The number typed is shown again to the verifier who typed it, never stored as typed.
        errors = exc.as_dict(request_locale(request))
        return await _page(request, staff, status_code=400, errors=errors, form=data)
    return see_other(f"{PAGE}?ok=blocked")


@post("/blokir/{block_id:int}/cabut", guards=[allow(Perm.BLOCKLIST)])
async def lift_number(staff: Staff, block_id: int) -> Response[Any]:
    async with transaction():
        await lift_block(block_id, actor=staff.username)
    return see_other(f"{PAGE}?ok=lifted")


ROUTES = [blocklist_page, block_number, lift_number]
