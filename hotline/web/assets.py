"""Static files (stylesheets and scripts) under /static, from hotline/web/static/.

They are files rather than inline <style> and <script> so the Content-Security-Policy can allow
our own origin and nothing else (hotline/web/security.py). They change only with a release: a
browser may keep them an hour.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar import get
from litestar.config.compression import CompressionConfig
from litestar.datastructures import CacheControlHeader
from litestar.response import Redirect
from litestar.static_files import create_static_files_router

STATIC = Path(__file__).parent / "static"


@get("/favicon.ico", include_in_schema=False, cache_control=CacheControlHeader(max_age=86400))
async def favicon() -> Redirect:
    """Browsers ask for /favicon.ico whatever the page says: the icon is one SVG file."""
    return Redirect("/static/favicon.svg", status_code=301)


STATIC_ROUTES: list[Any] = [
    create_static_files_router(
        path="/static",
        directories=[STATIC],
        include_in_schema=False,
        cache_control=CacheControlHeader(max_age=3600),
    ),
    favicon,
]

# Text answers (HTML, CSS, JS, JSON, CSV, XML) are gzipped for clients that accept it: a month's
# transparency page is 130 KB of HTML and tables, about a tenth of that compressed, which matters
# on a phone on a slow connection. Level 6 is zlib's own default (level 9 costs much more CPU for
# a few percent). Left out: what is already compressed (PDF, photos, recordings, the attachment
# downloads) and the phone line's small TwiML answers, whose time budget is Twilio's.
COMPRESSION = CompressionConfig(
    backend="gzip",
    minimum_size=1024,
    gzip_compress_level=6,
    exclude=[r"\.pdf$", r"^/konsol/lampiran/", r"^/ivr/", r"\.(png|jpg|jpeg|webp)$"],
)
