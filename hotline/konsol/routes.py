"""The HTTP handlers of this area, collected for hotline.app.create_app().

Everything lives under one Router: the `signed_in` guard, the `staff` dependency and the console's
own error pages (HTML, in the reader's language) apply to every console route and nowhere else.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, Router
from litestar.di import Provide
from litestar.exceptions import NotFoundException

from hotline.errors import HotlineError
from hotline.i18n import N_, t
from hotline.konsol import admin, blocklist, erasure, failed_messages, operator, pages, supervisor
from hotline.konsol.auth import NotSignedIn, current_staff, signed_in
from hotline.konsol.common import render, see_other
from hotline.konsol.present import Present
from hotline.tickets.lifecycle import IllegalTransition
from hotline.web.locale import request_locale


def _not_signed_in(request: Request[Any, Any, Any], _: NotSignedIn) -> Response[Any]:
    if request.url.path == "/konsol/pembaruan":
        return Response({"error": "NotSignedIn"}, status_code=401)
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return see_other(f"/konsol/masuk?next={target}" if request.method == "GET" else "/konsol/masuk")


def _staff_or_none(request: Request[Any, Any, Any]) -> Any:
    return getattr(request.state, "staff", None)


def _error_page(request: Request[Any, Any, Any], status: int, message: str) -> Response[Any]:
    if request.url.path == "/konsol/pembaruan":
        return Response({"error": status, "message": message}, status_code=status)
    return render(  # type: ignore[return-value]
        request, _staff_or_none(request), "error.html", status_code=status, message=message
    )


def _hotline_error(request: Request[Any, Any, Any], exc: HotlineError) -> Response[Any]:
    locale = request_locale(request)
    return _error_page(request, exc.status_code, exc.localized(locale))


def _illegal(request: Request[Any, Any, Any], exc: IllegalTransition) -> Response[Any]:
    locale = request_locale(request)
    status = Present(locale, "UTC").status(exc.current.value)
    return _error_page(
        request,
        409,
        t(locale, N_("This action is not possible while the report is: {status}."), status=status),
    )


def _not_found(request: Request[Any, Any, Any], _: NotFoundException) -> Response[Any]:
    return _error_page(request, 404, t(request_locale(request), N_("Report not found.")))


ROUTES: list[Any] = [
    Router(
        path="/konsol",
        route_handlers=[
            pages.login_form,
            pages.login,
            pages.logout,
            pages.start,
            pages.verification_queue,
            pages.agency_queue,
            pages.updates,
            pages.ticket_page,
            pages.reveal_identity,
            pages.ticket_action,
            pages.attachment,
            *supervisor.ROUTES,
            *erasure.ROUTES,
            *operator.ROUTES,
            *admin.ROUTES,
            *blocklist.ROUTES,
            *failed_messages.ROUTES,
        ],
        guards=[signed_in],
        dependencies={"staff": Provide(current_staff, sync_to_thread=False)},
        exception_handlers={
            NotSignedIn: _not_signed_in,
            HotlineError: _hotline_error,
            IllegalTransition: _illegal,
            NotFoundException: _not_found,
        },
        include_in_schema=False,
    )
]
