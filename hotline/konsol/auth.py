"""Signing in and out, and the guards every console route passes through.

Sign-ins, failed sign-ins, sign-outs and expired sessions are written to the access audit
(hotline/accounts/audit.py); failed sign-ins are throttled by address and account
(hotline/accounts/throttle.py), so a stranger cannot lock an officer out from elsewhere.

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

from hotline import clock
from hotline.accounts import audit, sessions
from hotline.accounts.roles import Role
from hotline.accounts.tables import User
from hotline.db.tx import transaction
from hotline.directory.tables import Agency, Calendar
from hotline.errors import Forbidden, Unauthorized
from hotline.i18n import N_
from hotline.konsol.access import Perm, Staff
from hotline.konsol.config import konsol_settings
from hotline.web.security import cookies_secure

COOKIE = "hotline_konsol"


class NotSignedIn(Unauthorized):
    """No live session: the browser is sent to the login page (the console's error page does)."""

    def __init__(self) -> None:
        super().__init__(N_("Your session has ended. Please sign in again."))


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
    policy = konsol_settings().session_policy
    session, expired = await sessions.check(store, session_id, policy)
    if expired is not None:
        async with transaction():
            await audit.record(
                audit.AccessKind.SESSION_EXPIRED,
                at=sessions.expired_at(expired, policy),
                staff_id=expired.user_id,
                username=await _username(expired.user_id),
                address=connection.client.host if connection.client else "",
                user_agent=connection.headers.get("user-agent", ""),
                data={"noticed_at": clock.now().isoformat()},
            )
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


def client_address(request: Request[Any, Any, Any]) -> str:
    """The address a sign-in comes from (the proxy's X-Forwarded-For, as uvicorn trusts it)."""
    return request.client.host if request.client else "unknown"


def user_agent(request: Request[Any, Any, Any]) -> str:
    return request.headers.get("user-agent", "")


async def sign_out(request: Request[Any, Any, Any]) -> None:
    """End this browser's session, and write it to the access audit."""
    store = session_store(request)
    session_id = request.cookies.get(COOKIE, "")
    live, _ = await sessions.check(store, session_id, konsol_settings().session_policy)
    await sessions.end(store, session_id)
    if live is not None:
        async with transaction():
            await audit.record(
                audit.AccessKind.SIGN_OUT,
                at=clock.now(),
                staff_id=live.user_id,
                username=await _username(live.user_id),
                address=client_address(request),
                user_agent=user_agent(request),
            )


async def _username(user_id: int) -> str:
    row = await User.select(User.username).where(User.id == user_id).first()
    return row["username"] if row else ""
