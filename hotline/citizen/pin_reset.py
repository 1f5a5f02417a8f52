"""/lacak/lupa-pin: a reporter who lost their PIN gets a new one on the contact they gave.

The page answers the same for every reference, known or not, with or without a contact, so it
tells a stranger nothing; the core sends at most one new PIN per report per quarter hour, and
the citizen pages' per-client limits apply to the form as to every other (protection.py).
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Template

from hotline.citizen.pages import page
from hotline.tickets import reference as references
from hotline.tickets.service import reset_pin
from hotline.web.locale import request_locale


@get("/lacak/lupa-pin", include_in_schema=False)
async def forgot_form(request: Request[Any, Any, Any]) -> Template:
    return page(request, "lupa_pin.html", locale=request_locale(request), sent=False, ref="")


@post("/lacak/lupa-pin", include_in_schema=False)
async def forgot(request: Request[Any, Any, Any]) -> Template:
    ref = references.normalize(str((await request.form()).get("reference", "")))
    if ref:
        await reset_pin(ref)
    return page(request, "lupa_pin.html", locale=request_locale(request), sent=bool(ref), ref=ref)
