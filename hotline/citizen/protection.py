"""Rate limits of the citizen pages: per client, per client for form posts, per report.

Each is a quota of the one limiter (hotline/limiter.py: a minute of the project clock, counted
in the "rate_limit" store, Redis when HOTLINE_REDIS_URL is set so every replica counts
together), checked by a small middleware on the area's Router. A refusal is a 429 `RateLimited`
error, rendered as the citizen pages' error page with Retry-After and RateLimit-* headers.

The per-report limit needs the report a request is about. Once signed in it is in the signed
/lacak cookie; for a sign-in attempt it is the `reference` field of the posted form, which a
middleware cannot see without reading the body. `ReferencePeek` reads that small form (only a
URL-encoded POST to /lacak of at most a few kilobytes), notes the reference in the scope and
replays the body untouched to the rest of the stack, so the limit can count attempts against
one reference from many addresses (the PIN lockout in the core is the last guard).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs

from litestar import Request
from litestar.types import ASGIApp, Receive, ReceiveMessage, Scope, Send

from hotline import clock, limiter
from hotline.citizen import tracking
from hotline.citizen.config import CitizenSettings
from hotline.errors import RateLimited
from hotline.i18n import N_
from hotline.limiter import Rule
from hotline.settings import get_settings
from hotline.tickets import reference

Middleware = Callable[[ASGIApp], ASGIApp]
MINUTE = timedelta(minutes=1)
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


def _client(request: Request[Any, Any, Any]) -> str | None:
    return request.client.host if request.client else "unknown"


def _client_posts(request: Request[Any, Any, Any]) -> str | None:
    return _client(request) if request.method == "POST" else None


def _report(request: Request[Any, Any, Any]) -> str | None:
    return request.scope.get("state", {}).get(_STATE_KEY) or None


def _quota(name: str, per_minute: int) -> Rule:
    # No block: `per_minute` requests a minute of the clock pass, the others wait for the next.
    return Rule(name, threshold=per_minute, block=timedelta(0), window=MINUTE, aligned=True)


def _limit(rule: Rule, key_of: Callable[[Request[Any, Any, Any]], str | None]) -> Middleware:
    """A middleware that counts each request whose key is not None against `rule`."""

    def wrap(app: ASGIApp) -> ASGIApp:
        async def limited(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] == "http":
                key = key_of(Request(scope))
                if key is not None:
                    count = await limiter.shared().count(rule, key)
                    if count.exceeded:
                        raise RateLimited(
                            N_(
                                "You have sent many requests in a short time. Wait a minute, "
                                "then try again. If you need help now, call the hotline."
                            ),
                            limit=count.limit,
                            retry_after=count.reset,
                        )
            await app(scope, receive, send)

        return limited

    return wrap


def middleware(settings: CitizenSettings) -> list[Any]:
    """The Router's middleware, outermost first."""
    return [
        _limit(_quota("citizen:client", settings.requests_per_minute), _client),
        _limit(_quota("citizen:post", settings.posts_per_minute), _client_posts),
        ReferencePeek,
        _limit(_quota("citizen:report", settings.reference_per_minute), _report),
    ]
