"""Static files (stylesheets and scripts) under /static, from hotline/web/static/.

They are files rather than inline <style> and <script> so the Content-Security-Policy can allow
our own origin and nothing else (hotline/web/security.py). They change only with a release: a
browser may keep them an hour.
"""

from __future__ import annotations

from pathlib import Path

from litestar.datastructures import CacheControlHeader
from litestar.static_files import create_static_files_router

STATIC = Path(__file__).parent / "static"

STATIC_ROUTES = [
    create_static_files_router(
        path="/static",
        directories=[STATIC],
        include_in_schema=False,
        cache_control=CacheControlHeader(max_age=3600),
    )
]
