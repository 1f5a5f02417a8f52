"""Rate limits of the citizen pages: per client, per client for form posts, per report.

All three are Litestar's RateLimitMiddleware on the area's Router, counting in the "rate_limit"
store (Redis when HOTLINE_REDIS_URL is set, so every replica counts together). Litestar keys its
counters by the identifier alone, so each limit prefixes its own.

The per-report limit needs the report a request is about. Once signed in it is in the signed
/lacak cookie; for a sign-in attempt it is the `reference` field of the posted form, which a
middleware cannot see without reading the body. `ReferencePeek` reads that small form (only a
URL-encoded POST to /lacak of at most a few kilobytes), notes the reference in the scope and
replays the body untouched to the rest of the stack, so the limit can count attempts against
one reference from many addresses (the PIN lockout in the core is the last guard).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from litestar import Request
from litestar.middleware.rate_limit import RateLimitConfig, get_remote_address
from litestar.types import ASGIApp, Receive, ReceiveMessage, Scope, Send

from hotline import clock
from hotline.citizen import tracking
from hotline.citizen.config import CitizenSettings
from hotline.settings import get_settings
from hotline.tickets import reference

SIGN_IN_PATH = "/lacak"
MAX_PEEK_BYTES = 4096
_STATE_KEY = "citizen_reference"


class ReferencePeek:
    """Notes which report a /lacak request is about (see the module docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})  # type: ignore[typeddict-item]
        request: Request[Any, Any, Any] = Request(scope)
        ticket_id = tracking.read(
            request.cookies.get(tracking.COOKIE),
            now=clock.now(),
            secret=get_settings().secret_key,
        )
        if ticket_id is not None:
            state[_STATE_KEY] = f"ticket:{ticket_id}"
        if not (
            request.method == "POST"
            and scope["path"] == SIGN_IN_PATH
            and request.headers.get("content-type", "").startswith(
                "application/x-www-form-urlencoded"
            )
            and (request.content_length or MAX_PEEK_BYTES + 1) <= MAX_PEEK_BYTES
        ):
            await self.app(scope, receive, send)
            return
        body = b""
        messages: list[ReceiveMessage] = []
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            body += message.get("body", b"")
            if not message.get("more_body", False) or len(body) > MAX_PEEK_BYTES:
                break
        ref = reference.normalize(parse_qs(body.decode("latin-1")).get("reference", [""])[0])
        if ref:
            state[_STATE_KEY] = f"ref:{ref}"

        async def replay() -> ReceiveMessage:
            if messages:
                return messages.pop(0)
            return await receive()

        await self.app(scope, replay, send)


def _client(request: Request[Any, Any, Any]) -> str:
    return "citizen:client:" + get_remote_address(request)


def _client_posts(request: Request[Any, Any, Any]) -> str:
    return "citizen:post:" + get_remote_address(request)


def _report(request: Request[Any, Any, Any]) -> str:
    return "citizen:report:" + str(request.scope.get("state", {}).get(_STATE_KEY, ""))


async def _is_post(request: Request[Any, Any, Any]) -> bool:
    return request.method == "POST"


async def _names_a_report(request: Request[Any, Any, Any]) -> bool:
    return bool(request.scope.get("state", {}).get(_STATE_KEY))


def middleware(settings: CitizenSettings) -> list[Any]:
    """The Router's middleware, outermost first."""
    return [
        RateLimitConfig(
            rate_limit=("minute", settings.requests_per_minute),
            identifier_for_request=_client,
        ).middleware,
        RateLimitConfig(
            rate_limit=("minute", settings.posts_per_minute),
            identifier_for_request=_client_posts,
            check_throttle_handler=_is_post,
        ).middleware,
        ReferencePeek,
        RateLimitConfig(
            rate_limit=("minute", settings.reference_per_minute),
            identifier_for_request=_report,
            check_throttle_handler=_names_a_report,
        ).middleware,
    ]
