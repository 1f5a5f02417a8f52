"""create_app(): the Litestar application with every route, handler and lifecycle hook."""

from __future__ import annotations

import logging

from litestar import Litestar
from litestar.exceptions import HTTPException
from litestar.openapi import OpenAPIConfig

import hotline.db  # noqa: F401  (sets PICCOLO_CONF before any table is touched)
from hotline.db.tx import engine, is_sqlite
from hotline.errors import HotlineError
from hotline.settings import get_settings
from hotline.web import errors, health, home
from hotline.web.templating import template_config

log = logging.getLogger("hotline.web")


async def _open_pool() -> None:
    if is_sqlite():
        return
    try:
        await engine().start_connection_pool(min_size=1, max_size=10)
    except Exception:
        # Serve anyway: /health answers, /health/ready says why, the IVR can still apologise.
        # Without a pool Piccolo opens a connection per query, so we recover when it is back.
        log.warning("database unreachable at start; serving without a connection pool")


async def _close_pool() -> None:
    if not is_sqlite() and engine().pool is not None:
        await engine().close_connection_pool()


def create_app() -> Litestar:
    get_settings()  # fail at start, with one clear line, if a HOTLINE_* value is wrong
    return Litestar(
        route_handlers=[health.alive, health.ready, home.home],
        on_startup=[_open_pool],
        on_shutdown=[_close_pool],
        exception_handlers={
            HotlineError: errors.hotline_error,
            HTTPException: errors.http_error,
            Exception: errors.unexpected_error,
        },
        template_config=template_config(),
        openapi_config=OpenAPIConfig(title="Hotline", version="0.1.0", path="/schema"),
    )
