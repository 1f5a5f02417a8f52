"""Which language a request is answered in: ?lang=, then the cookie, then Accept-Language."""

from __future__ import annotations

from litestar import Request

from hotline.i18n import DEFAULT, SUPPORTED

COOKIE = "hotline_lang"


def request_locale(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked in SUPPORTED:
        return asked
    cookie = request.cookies.get(COOKIE)
    if cookie in SUPPORTED:
        return cookie
    header = request.headers.get("accept-language", "")
    for part in header.split(","):
        lang = part.split(";")[0].strip().split("-")[0].lower()
        if lang in SUPPORTED:
            return lang
    return DEFAULT
