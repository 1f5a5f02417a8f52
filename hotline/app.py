"""create_app(): the Litestar application with every route, handler and lifecycle hook."""

from __future__ import annotations

import logging

from litestar import Litestar
from litestar.config.csrf import CSRFConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, YamlRenderPlugin

import hotline.db  # noqa: F401  (sets PICCOLO_CONF before any table is touched)
from hotline.areas import areas, resolve
from hotline.db.tx import engine, is_sqlite, start_pool
from hotline.ivr.loader import load_flows
from hotline.messaging.loader import load_flows as load_chat_flows
from hotline.settings import get_settings
from hotline.transparency.pdf import RENDERER
from hotline.web import errors, health, home, security
from hotline.web import operator as operator_web
from hotline.web.assets import COMPRESSION, STATIC_ROUTES
from hotline.web.stores import make_stores
from hotline.web.templating import template_config

log = logging.getLogger("hotline.web")


async def _open_pool() -> None:
    if is_sqlite():
        return
    try:
        await start_pool()
    except Exception:
        # Serve anyway: /health answers, /health/ready says why, the IVR can still apologise.
        # Without a pool Piccolo opens a connection per query, so we recover when it is back.
        log.warning("database unreachable at start; serving without a connection pool")


async def _close_pool() -> None:
    if not is_sqlite() and engine().pool is not None:
        await engine().close_connection_pool()


def _stop_pdf_renderer() -> None:
    RENDERER.stop()  # its process would otherwise outlive the server


# Paths whose POSTs come from machines that carry their own credentials (Twilio's signature, an
# Open311 api_key), not from our forms; every other unsafe request needs the CSRF token.
CSRF_EXEMPT = ["/ivr", "/pesan", "/open311", "/health", "/schema"]


def create_app() -> Litestar:
    settings = get_settings()  # fail at start, with one clear line, if a HOTLINE_* value is wrong
    load_flows()  # a flow that fails `hotline ivr check` stops the server here, not at a call
    load_chat_flows()  # and one that fails `hotline chat check`, here, not at a message
    return Litestar(
        route_handlers=[
            health.alive,
            health.ready,
            home.home,
            operator_web.logo,
            *(route for area in areas() if area.routes for route in resolve(area.routes)),
            *STATIC_ROUTES,
        ],
        # The security headers and the id guard, once for every route (hotline/web/security.py).
        before_send=[security.add_headers],
        # Who runs the service, fresh for every page's header and footer (hotline/web/operator.py).
        middleware=[operator_web.refresh_operator],
        compression_config=COMPRESSION,
        guards=[security.ids_in_range],
        on_startup=[_open_pool],
        on_shutdown=[_close_pool, _stop_pdf_renderer],
        stores=make_stores(settings),
        csrf_config=CSRFConfig(
            secret=settings.secret_key,
            cookie_name="hotline_csrf",
            cookie_samesite="lax",
            cookie_httponly=True,
            cookie_secure=security.cookies_secure(),
            header_name="x-csrftoken",
            exclude=CSRF_EXEMPT,
        ),
        # Every error, whatever raised it, through one handler that renders what the route
        # declared (hotline/web/errors.py).
        exception_handlers=errors.EXCEPTION_HANDLERS,
        template_config=template_config(),
        # The schema as JSON and YAML only: the documentation UIs load their scripts from a CDN,
        # which the Content-Security-Policy (rightly) refuses on our origin.
        openapi_config=OpenAPIConfig(
            title="Hotline",
            version="0.1.0",
            path="/schema",
            render_plugins=[JsonRenderPlugin(), YamlRenderPlugin()],
        ),
    )
