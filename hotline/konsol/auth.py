"""Signing in and out, and the guards every console route passes through.

`signed_in` (on the whole /konsol router) resumes the server-side session and loads the user
afresh on every request, so a disabled account or a changed role takes effect at once, not at
the next login. `allow(perm)` then asks access.py whether the role may use the route.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.stores.base import Store

from hotline.accounts import sessions
from hotline.accounts.roles import Role
from hotline.accounts.tables import User
from hotline.directory.tables import Agency, Calendar
from hotline.errors import Forbidden
from hotline.i18n import N_
from hotline.konsol.access import Perm, Staff
from hotline.konsol.config import LOGIN_WINDOW, konsol_settings
from hotline.web.security import cookies_secure

COOKIE = "hotline_konsol"


class NotSignedIn(Exception):
    """No live session: the browser is sent to the login page."""


def session_store(connection: ASGIConnection[Any, Any, Any, Any]) -> Store:
    return connection.app.stores.get("sessions")


async def load_staff(user_id: int) -> Staff | None:
    row = (
        await User.select(
            User.id,
            User.username,
            User.display_name,
            User.role,
            User.agency,
            User.active,
            User.agency.name,
            User.agency.calendar,
        )
        .where(User.id == user_id)
        .first()
    )
    if row is None or not row["active"]:
        return None
    return Staff(
        id=row["id"],
        username=row["username"],
        display_name=row["display_name"] or row["username"],
        role=Role(row["role"]),
        agency_id=row["agency"],
        agency_name=row["agency.name"] or "",
        timezone=await _timezone(row["agency.calendar"]),
    )


async def _timezone(calendar_id: int | None) -> str:
    """The zone of the staff member's agency, else the central unit's, else WIB."""
    if calendar_id is None:
        central = await Agency.select(Agency.calendar).where(Agency.is_central.eq(True)).first()
        calendar_id = central["calendar"] if central else None
    row = (
        await Calendar.select(Calendar.timezone).where(Calendar.id == calendar_id).first()
        if calendar_id is not None
        else None
    )
    return row["timezone"] if row else "Asia/Jakarta"


async def signed_in(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    if handler.opt.get("public"):
        return
    store = session_store(connection)
    session_id = connection.cookies.get(COOKIE, "")
    session = await sessions.resume(store, session_id, konsol_settings().session_policy)
    staff = await load_staff(session.user_id) if session else None
    if staff is None:
        if session is not None:
            # The account was disabled (or removed) since: its session ends now.
            await sessions.end(store, session_id)
        raise NotSignedIn
    connection.state.staff = staff


def allow(*perms: Perm):  # type: ignore[no-untyped-def]
    """A guard: the signed-in role must hold one of `perms`."""

    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        staff: Staff = connection.state.staff
        if not any(staff.may(p) for p in perms):
            raise Forbidden(N_("Your role does not give access to this page."))

    return guard


def current_staff(request: Request[Any, Any, Any]) -> Staff:
    return request.state.staff  # type: ignore[no-any-return]


def set_session_cookie(response: Response[Any], request: Request[Any, Any, Any], sid: str) -> None:
    response.set_cookie(
        COOKIE,
        sid,
        httponly=True,
        samesite="lax",
        secure=cookies_secure(request),
        path="/konsol",
        max_age=konsol_settings().absolute_hours * 3600,
    )


def clear_session_cookie(response: Response[Any]) -> None:
    response.delete_cookie(COOKIE, path="/konsol")


# Failed logins per address, in the "rate_limit" store (Redis with several replicas).
def _address_key(request: Request[Any, Any, Any]) -> str:
    host = request.client.host if request.client else "unknown"
    return f"konsol-login-failures:{host}"


async def address_blocked(request: Request[Any, Any, Any]) -> bool:
    raw = await request.app.stores.get("rate_limit").get(_address_key(request))
    return raw is not None and int(raw) >= konsol_settings().login_failures_per_address


async def count_failure(request: Request[Any, Any, Any]) -> None:
    store = request.app.stores.get("rate_limit")
    key = _address_key(request)
    raw = await store.get(key)
    count = int(raw) + 1 if raw is not None else 1
    # The window starts at the first failure: it is not extended by later ones.
    left = await store.expires_in(key) if raw is not None else None
    await store.set(key, str(count), expires_in=left or int(LOGIN_WINDOW.total_seconds()))
