"""A real SMTP server for tests (aiosmtpd, in a background thread, on 127.0.0.1).

    with SmtpServer() as smtp:
        sender = SmtpSender(smtp.host, smtp.port, "noreply@lapor.example.go.id")
        ...
        received = smtp.messages[-1]
        assert received.rcpt_tos == ["budi@example.org"]
        assert received.message["Subject"] == "..."

``fail_next(451)`` / ``fail_next(550)`` rejects the next DATA (``stage="rcpt"``: the next
RCPT TO). ``SmtpServer(users={"user": "secret"})`` offers AUTH PLAIN/LOGIN (without TLS)
and requires it.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from types import TracebackType
from typing import Any, Literal, Self, cast

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

__all__ = ["ReceivedMessage", "SmtpServer"]

Stage = Literal["rcpt", "data"]

_DEFAULT_REPLIES = {
    421: "421 4.3.2 Service not available, closing transmission channel",
    450: "450 4.2.1 Mailbox temporarily unavailable",
    451: "451 4.3.0 Requested action aborted: local error in processing",
    452: "452 4.3.1 Insufficient system storage",
    550: "550 5.1.1 Mailbox unavailable",
    552: "552 5.3.4 Message size exceeds fixed limit",
    554: "554 5.7.1 Transaction failed",
}


@dataclass(frozen=True)
class ReceivedMessage:
    """An accepted message: envelope, parsed message (``policy.default``) and raw bytes.
    ``auth_login`` is the AUTH user name, if the client logged in."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    raw: bytes
    auth_login: str | None


@dataclass
class _Failure:
    stage: Stage
    reply: str
    remaining: int


class _Handler:
    def __init__(self, server: SmtpServer) -> None:
        self._server = server

    async def handle_RCPT(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        reply = self._server._take_failure("rcpt")
        if reply is not None:
            return reply
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        reply = self._server._take_failure("data")
        if reply is not None:
            return reply
        raw = envelope.original_content or b""
        message = cast(EmailMessage, BytesParser(policy=policy.default).parsebytes(raw))
        auth = session.auth_data
        login = auth.login.decode("utf-8") if isinstance(auth, LoginPassword) else None
        mail_from = envelope.mail_from or ""
        self._server._store(
            ReceivedMessage(mail_from, list(envelope.rcpt_tos), message, raw, login)
        )
        return "250 2.0.0 OK: queued"


class _Controller(Controller):
    """Listens on a socket bound in advance to an ephemeral port (aiosmtpd's Controller
    wants a fixed port number, and probes it after starting)."""

    def __init__(self, handler: Any, **smtp_kwargs: Any) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        port = self._sock.getsockname()[1]
        super().__init__(handler, hostname="127.0.0.1", port=port, **smtp_kwargs)

    def _create_server(self) -> Awaitable[Any]:
        return self.loop.create_server(self._factory_invoker, sock=self._sock, ssl=self.ssl_context)


class SmtpServer:
    """See the module docstring. Use as a context manager, or ``start()``/``stop()``."""

    def __init__(
        self, *, users: Mapping[str, str] | None = None, server_hostname: str = "mx.test"
    ) -> None:
        self.host = "127.0.0.1"
        self.port = 0
        self._users = dict(users) if users is not None else None
        self._server_hostname = server_hostname
        self._lock = threading.Lock()
        self._messages: list[ReceivedMessage] = []
        self._failures: list[_Failure] = []
        self._controller: _Controller | None = None

    def start(self) -> Self:
        if self._controller is not None:
            raise RuntimeError("SmtpServer already started")
        kwargs: dict[str, Any] = {"server_hostname": self._server_hostname, "ready_timeout": 5}
        if self._users is not None:
            kwargs.update(
                authenticator=self._authenticate, auth_required=True, auth_require_tls=False
            )
        controller = _Controller(_Handler(self), **kwargs)
        controller.start()
        self._controller = controller
        self.port = controller.port
        return self

    def stop(self) -> None:
        """Stop the server; afterwards connections to :attr:`port` are refused."""
        controller, self._controller = self._controller, None
        if controller is not None:
            controller.stop()

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
    def messages(self) -> list[ReceivedMessage]:
        """Messages accepted so far, oldest first (a copy)."""
        with self._lock:
            return list(self._messages)

    def clear(self) -> None:
        with self._lock:
            self._messages.clear()
            self._failures.clear()

    def fail_next(
        self,
        code: int = 451,
        *,
        message: str | None = None,
        stage: Stage = "data",
        times: int = 1,
    ) -> None:
        """Reject the next ``times`` DATA commands (or RCPT TO with ``stage="rcpt"``) with
        SMTP reply ``code`` (e.g. 451 temporary, 550 permanent)."""
        if not 400 <= code < 600:
            raise ValueError("code must be a 4xx or 5xx SMTP reply code")
        if times < 1:
            raise ValueError("times must be >= 1")
        if message is not None:
            reply = f"{code} {message}"
        else:
            reply = _DEFAULT_REPLIES.get(code, f"{code} Rejected by test server")
        with self._lock:
            self._failures.append(_Failure(stage, reply, times))

    # -- called from the server thread -------------------------------------------------

    def _take_failure(self, stage: Stage) -> str | None:
        with self._lock:
            for failure in self._failures:
                if failure.stage == stage:
                    failure.remaining -= 1
                    if failure.remaining == 0:
                        self._failures.remove(failure)
                    return failure.reply
        return None

    def _store(self, received: ReceivedMessage) -> None:
        with self._lock:
            self._messages.append(received)

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        users = self._users or {}
        if isinstance(data, LoginPassword):
            login = data.login.decode("utf-8", "replace")
            password = data.password.decode("utf-8", "replace")
            if login in users and users[login] == password:
                return AuthResult(success=True, auth_data=data)
        return AuthResult(success=False, handled=False)
