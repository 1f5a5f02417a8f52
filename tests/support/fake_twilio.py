"""A local stand-in for api.twilio.com: a real HTTP server that records every request.

    with FakeTwilio() as fake:
        sender = TwilioSmsSender(SID, TOKEN, "+15005550006", api_base_url=fake.base_url)
        ...
        request = fake.requests[-1]
        assert request.form["To"] == "+6281234565678"

Answers ``POST /2010-04-01/Accounts/{sid}/Messages.json`` with a realistic message
resource (201), ``GET .../Messages/{SM...}.json`` with a message created earlier, and any
path registered with :meth:`FakeTwilio.add_file` (recording media). Everything else is a
Twilio-style 404. It is scriptable: :meth:`fail_next` (Twilio JSON error),
:meth:`stall_next` (slow answer, for timeouts) and :meth:`disconnect_next` (connection
closed without an answer).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import re
import secrets
import socket
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

__all__ = ["FakeTwilio", "RecordedRequest", "new_sid"]

_MESSAGES_RE = re.compile(r"^/2010-04-01/Accounts/(?P<account>[^/]+)/Messages\.json$")
_MESSAGE_RE = re.compile(r"^/2010-04-01/Accounts/(?P<account>[^/]+)/Messages/(?P<sid>[^/]+)\.json$")

# Twilio's usual error codes for bare HTTP statuses.
_DEFAULT_ERRORS: dict[int, tuple[int, str]] = {
    400: (21211, "Invalid 'To' Phone Number"),
    401: (20003, "Authenticate"),
    403: (20403, "Forbidden"),
    404: (20404, "The requested resource was not found"),
    429: (20429, "Too Many Requests"),
    500: (20500, "Internal Server Error"),
    503: (20503, "Service Unavailable"),
}


def new_sid(prefix: str) -> str:
    """A Twilio-style SID: two-letter prefix + 32 lowercase hex characters."""
    return prefix + secrets.token_hex(16)


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the fake server received it.

    ``headers`` has lower-case names. ``form`` holds the first value of each
    form-encoded body field (``form_lists`` all of them); ``query`` likewise for the URL.
    ``auth_user``/``auth_password`` come from HTTP basic auth (``None`` without it).
    """

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    form: dict[str, str]
    form_lists: dict[str, list[str]]
    auth_user: str | None
    auth_password: str | None


@dataclass
class _Rule:
    remaining: int
    path: str | None
    status: int | None = None  # None: answer normally (after the delay)
    payload: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    disconnect: bool = False

    def matches(self, path: str) -> bool:
        return self.remaining > 0 and (self.path is None or path.startswith(self.path))


@dataclass(frozen=True)
class _File:
    content: bytes
    content_type: str


class FakeTwilio:
    """See the module docstring.

    If ``account_sid`` and ``auth_token`` are given, requests without these basic-auth
    credentials get Twilio's 401 (error 20003); by default any credentials are accepted.
    """

    def __init__(self, *, account_sid: str | None = None, auth_token: str | None = None) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []
        self._rules: list[_Rule] = []
        self._files: dict[str, _File] = {}
        self._messages: dict[str, dict[str, Any]] = {}
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._base_url = ""

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> Self:
        if self._server is not None:
            raise RuntimeError("FakeTwilio already started")
        server = _Server(("127.0.0.1", 0), _handler_class(self))
        self._server = server
        port = server.server_address[1]
        self._base_url = f"http://127.0.0.1:{port}"
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"FakeTwilio:{port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening; afterwards connections to :attr:`base_url` are refused."""
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        server.close_connections()  # kept-alive client connections too
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``, to pass as ``api_base_url`` (kept after stop)."""
        if not self._base_url:
            raise RuntimeError("FakeTwilio not started")
        return self._base_url

    # -- inspection --------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """All requests received so far, oldest first (a copy)."""
        with self._lock:
            return list(self._requests)

    @property
    def messages(self) -> list[dict[str, Any]]:
        """Message resources created so far (as returned to the client), oldest first."""
        with self._lock:
            return list(self._messages.values())

    def clear(self) -> None:
        """Forget recorded requests, created messages and pending scripted behaviour."""
        with self._lock:
            self._requests.clear()
            self._messages.clear()
            self._rules.clear()

    # -- scripting ---------------------------------------------------------------------

    def fail_next(
        self,
        status: int = 500,
        *,
        times: int = 1,
        code: int | None = None,
        message: str | None = None,
        path: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """Answer the next ``times`` requests (whose path starts with ``path``, if given)
        with ``status`` and Twilio's JSON error body ``{"code", "message", "more_info",
        "status"}``. ``code``/``message`` default to Twilio's usual ones for the status.
        Extra response ``headers`` e.g. ``{"Retry-After": "1"}``.
        """
        default_code, default_message = _DEFAULT_ERRORS.get(
            status, (status, HTTPStatus(status).phrase)
        )
        code = default_code if code is None else code
        payload = {
            "code": code,
            "message": default_message if message is None else message,
            "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": status,
        }
        self._add_rule(
            _Rule(times, path, status=status, payload=payload, headers=dict(headers or {}))
        )

    def stall_next(self, seconds: float, *, times: int = 1, path: str | None = None) -> None:
        """Wait ``seconds`` before answering the next ``times`` requests normally."""
        self._add_rule(_Rule(times, path, delay=seconds))

    def disconnect_next(self, *, times: int = 1, path: str | None = None) -> None:
        """Close the connection without any answer for the next ``times`` requests."""
        self._add_rule(_Rule(times, path, disconnect=True))

    def add_file(
        self, path: str, content: bytes, content_type: str = "application/octet-stream"
    ) -> None:
        """Serve ``content`` for ``GET``/``HEAD path`` (query string ignored), e.g.
        ``/2010-04-01/Accounts/AC.../Recordings/RE....wav`` with ``audio/x-wav``."""
        if not path.startswith("/"):
            raise ValueError("path must start with '/'")
        with self._lock:
            self._files[path] = _File(content, content_type)

    def _add_rule(self, rule: _Rule) -> None:
        if rule.remaining < 1:
            raise ValueError("times must be >= 1")
        with self._lock:
            self._rules.append(rule)

    # -- request handling (server threads) ---------------------------------------------

    def _record_and_take_rule(self, request: RecordedRequest) -> _Rule | None:
        with self._lock:
            self._requests.append(request)
            for rule in self._rules:
                if rule.matches(request.path):
                    rule.remaining -= 1
                    if rule.remaining == 0:
                        self._rules.remove(rule)
                    return rule
        return None

    def _authorized(self, request: RecordedRequest) -> bool:
        if self.account_sid is None or self.auth_token is None:
            return True
        return (request.auth_user, request.auth_password) == (self.account_sid, self.auth_token)

    def _answer(self, request: RecordedRequest) -> tuple[int, bytes, str]:
        """(status, body, content type) of the normal answer to ``request``."""
        if not self._authorized(request):
            return _json_error(401, 20003, "Authenticate")
        path = request.path
        if request.method == "POST" and (match := _MESSAGES_RE.match(path)):
            return 201, _json(self._create_message(match["account"], request)), _JSON
        if request.method in ("GET", "HEAD"):
            if match := _MESSAGE_RE.match(path):
                with self._lock:
                    resource = self._messages.get(match["sid"])
                if resource is not None:
                    return 200, _json(resource), _JSON
            with self._lock:
                file = self._files.get(path)
            if file is not None:
                return 200, file.content, file.content_type
        if request.method not in ("GET", "HEAD", "POST"):
            return _json_error(405, 20004, "Method not allowed")
        return _json_error(404, 20404, f"The requested resource {path} was not found")

    def _create_message(self, account: str, request: RecordedRequest) -> dict[str, Any]:
        form = request.form
        if "To" not in form:
            # Twilio answers 400/21604; close enough to make client bugs visible.
            raise _HttpError(*_json_error(400, 21604, "A 'To' phone number is required."))
        sid = new_sid("SM")
        now = format_datetime(datetime.now(UTC), usegmt=True)
        uri = f"/2010-04-01/Accounts/{account}/Messages/{sid}.json"
        resource: dict[str, Any] = {
            "account_sid": account,
            "api_version": "2010-04-01",
            "body": form.get("Body", ""),
            "date_created": now,
            "date_sent": None,
            "date_updated": now,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": form.get("From"),
            "messaging_service_sid": form.get("MessagingServiceSid"),
            "num_media": "0",
            "num_segments": "1",
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            "status": "queued",
            "subresource_uris": {
                "media": f"/2010-04-01/Accounts/{account}/Messages/{sid}/Media.json"
            },
            "to": form["To"],
            "uri": uri,
        }
        with self._lock:
            self._messages[sid] = resource
        return resource


_JSON = "application/json; charset=utf-8"


class _Server(ThreadingHTTPServer):
    """Tracks open connections so that :meth:`FakeTwilio.stop` can cut kept-alive ones."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(address, handler)
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class _HttpError(Exception):
    def __init__(self, status: int, body: bytes, content_type: str) -> None:
        super().__init__(status)
        self.answer = (status, body, content_type)


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def _json_error(status: int, code: int, message: str) -> tuple[int, bytes, str]:
    body = {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }
    return status, _json(body), _JSON


def _basic_auth(header: str | None) -> tuple[str | None, str | None]:
    if not header or not header.lower().startswith("basic "):
        return None, None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None, None
    user, _, password = decoded.partition(":")
    return user, password


def _first(values: dict[str, list[str]]) -> dict[str, str]:
    return {key: items[0] for key, items in values.items()}


def _handler_class(fake: FakeTwilio) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "FakeTwilio/1.0"

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output quiet

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            url = urlsplit(self.path)
            content_type = self.headers.get("Content-Type", "")
            form_lists: dict[str, list[str]] = {}
            if content_type.startswith("application/x-www-form-urlencoded"):
                form_lists = parse_qs(body.decode("utf-8"), keep_blank_values=True)
            user, password = _basic_auth(self.headers.get("Authorization"))
            request = RecordedRequest(
                method=self.command,
                path=url.path,
                query=_first(parse_qs(url.query, keep_blank_values=True)),
                headers={key.lower(): value for key, value in self.headers.items()},
                body=body,
                form=_first(form_lists),
                form_lists=form_lists,
                auth_user=user,
                auth_password=password,
            )
            rule = fake._record_and_take_rule(request)
            if rule is not None and rule.delay:
                time.sleep(rule.delay)
            if rule is not None and rule.disconnect:
                self.close_connection = True
                return
            extra_headers: dict[str, str] = {}
            if rule is not None and rule.status is not None:
                status, payload, ctype = rule.status, _json(rule.payload), _JSON
                extra_headers = rule.headers
            else:
                try:
                    status, payload, ctype = fake._answer(request)
                except _HttpError as error:
                    status, payload, ctype = error.answer
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(payload)))
            for name, value in extra_headers.items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)

        do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = do_PATCH = _handle

    return Handler
