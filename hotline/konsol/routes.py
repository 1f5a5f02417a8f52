"""The HTTP handlers of this area, collected for hotline.app.create_app().

Everything lives under one Router: the `signed_in` guard, the `staff` dependency and how the
console's errors look (pages in its layout, rendered by hotline/web/errors.py) apply to every
console route and nowhere else.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Router
from litestar.di import Provide

from hotline.i18n import N_
from hotline.konsol import admin, blocklist, erasure, failed_messages, operator, pages, supervisor
from hotline.konsol.auth import current_staff, signed_in
from hotline.konsol.common import NAV
from hotline.web.errors import Page, renders


def _error_context(request: Request[Any, Any, Any]) -> dict[str, Any]:
    """What the console's layout needs around an error: the staff bar, and a way back."""
    staff = getattr(request.state, "staff", None)
    return {
        "staff": staff,
        "nav": [(href, label) for perm, href, label in NAV if staff and staff.may(perm)],
        "path": request.url.path,
        "links": [(staff.home, N_("Back to my work"))]
        if staff
        else [("/konsol/masuk", N_("Sign in"))],
    }


# The console's errors: a page in its layout; without a session, the sign-in form.
ERRORS = Page(layout="konsol/layout.html", context=_error_context, sign_in="/konsol/masuk")


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
        opt=renders(ERRORS),
        include_in_schema=False,
    )
]
