"""Rendering helpers shared by the citizen pages: language, the page response, how errors look."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.response import Template

from hotline.web.errors import Page
from hotline.web.locale import COOKIE as LANG_COOKIE
from hotline.web.locale import request_locale

# Pages that carry a PIN or a report's private content must not be kept by any cache.
PRIVATE = {"Cache-Control": "no-store"}


def page(
    request: Request[Any, Any, Any],
    name: str,
    *,
    status: int = 200,
    private: bool = False,
    **context: Any,
) -> Template:
    locale = context.setdefault("locale", request_locale(request))
    # The language comes from ?lang, the cookie or Accept-Language: a shared cache must not
    # serve one reader's language to another.
    headers = {"Vary": "Accept-Language, Cookie", **(PRIVATE if private else {})}
    response = Template(f"citizen/{name}", context=context, status_code=status, headers=headers)
    if request.query_params.get("lang") == locale:
        response.set_cookie(LANG_COOKIE, locale, max_age=365 * 24 * 3600, samesite="lax")
    return response


# Errors under the citizen pages: an HTML page in their layout (hotline/web/errors.py).
ERRORS = Page(layout="citizen/layout.html")
