"""E-mail through an SMTP relay (stdlib ``smtplib``, run in a worker thread)."""

from __future__ import annotations

import asyncio
import hashlib
import smtplib
import ssl
from datetime import UTC, datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from hotline.notify.senders.base import (
    Channel,
    Delivered,
    DeliveryError,
    OutgoingMessage,
    mask_recipient,
    scrub_recipient,
)

__all__ = ["SmtpSender", "message_id_for"]


def message_id_for(message: OutgoingMessage, domain: str) -> str:
    """The ``Message-ID`` of ``message``: derived from its ``dedupe_key`` (or, lacking one,
    its outbox id), so that a retried send carries the same Message-ID."""
    key = message.dedupe_key or f"outbox-{message.id}"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"<hotline.{digest}@{domain}>"


class SmtpSender:
    """Sends :class:`OutgoingMessage` of channel e-mail as a UTF-8 plain-text message.

    ``from_address`` may carry a display name (``"Hotline Pengaduan <noreply@lapor.go.id>"``);
    its address is the envelope sender and its domain the Message-ID's right-hand side.
    ``starttls=True`` upgrades the connection (and requires the server to offer it) before
    logging in with ``username``/``password`` (if given).

    SMTP 5xx replies are permanent errors, 4xx and connection trouble are temporary, except
    that failures to greet, log in or start TLS (configuration or server problems, not
    properties of the message) are always temporary.
    """

    channel: Channel = Channel.EMAIL

    def __init__(
        self,
        host: str,
        port: int,
        from_address: str,
        *,
        username: str | None = None,
        password: str | None = None,
        starttls: bool = False,
        timeout: float = 10,
    ) -> None:
        display_name, address = parseaddr(from_address)
        if "@" not in address:
            raise ValueError(f"invalid from_address {from_address!r}")
        self.host = host
        self.port = port
        self.from_address = from_address
        self.username = username
        self.password = password
        self.starttls = starttls
        self.timeout = timeout
        self._envelope_from = address
        self._from_header = (
            Address(display_name=display_name, addr_spec=address) if display_name else address
        )
        self._domain = address.rpartition("@")[2]

    async def send(self, message: OutgoingMessage) -> Delivered:
        if message.channel != Channel.EMAIL:
            raise DeliveryError(
                f"SmtpSender cannot send {message.channel} message {message.id}", permanent=True
            )
        recipient = message.recipient.strip()
        if "@" not in recipient or any(c in recipient for c in "\r\n<>,; \t"):
            raise DeliveryError(
                f"message {message.id}: invalid e-mail address {mask_recipient(recipient)}",
                permanent=True,
            )
        email = self.build(message)
        await asyncio.to_thread(self._send_sync, email, recipient, message)
        return Delivered(str(email["Message-ID"]))

    def build(self, message: OutgoingMessage) -> EmailMessage:
        """The e-mail for ``message`` (exposed for previews and tests)."""
        email = EmailMessage(policy=policy.SMTP)
        email["From"] = self._from_header
        email["To"] = message.recipient.strip()
        # A subject never spans lines (header injection, folding surprises).
        email["Subject"] = " ".join(message.subject.split())
        email["Date"] = format_datetime(datetime.now(UTC))
        email["Message-ID"] = message_id_for(message, self._domain)
        email["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies, please
        email["X-Auto-Response-Suppress"] = "All"  # the same for Exchange
        # quoted-printable keeps the message 7-bit (no 8BITMIME needed) and readable.
        email.set_content(message.body, charset="utf-8", cte="quoted-printable")
        return email

    def _send_sync(self, email: EmailMessage, recipient: str, message: OutgoingMessage) -> None:
        to = mask_recipient(recipient)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.username:
                    smtp.login(self.username, self.password or "")
                smtp.send_message(email, from_addr=self._envelope_from, to_addrs=[recipient])
        except smtplib.SMTPRecipientsRefused as exc:
            code, reply = next(iter(exc.recipients.values()), (-1, b""))
            raise _reply_error("recipient refused", code, reply, message) from exc
        except (
            smtplib.SMTPAuthenticationError,  # wrong credentials
            smtplib.SMTPNotSupportedError,  # no STARTTLS / AUTH / SMTPUTF8 offered
            smtplib.SMTPConnectError,  # greeting refused (e.g. our IP is blocked)
            smtplib.SMTPHeloError,
        ) as exc:
            raise DeliveryError(
                f"SMTP {self.host}:{self.port} server or configuration problem: "
                f"{_describe(exc, message)}"
            ) from exc
        except smtplib.SMTPResponseException as exc:
            raise _reply_error(type(exc).__name__, exc.smtp_code, exc.smtp_error, message) from exc
        except (smtplib.SMTPException, OSError) as exc:
            # Disconnects, refused connections, timeouts, TLS errors.
            raise DeliveryError(
                f"SMTP {self.host}:{self.port}: cannot deliver to {to}: {_describe(exc, message)}"
            ) from exc

    def __repr__(self) -> str:
        return f"SmtpSender({self.host!r}, {self.port!r}, {self._envelope_from!r})"


def _reply_error(
    what: str, code: int, reply: bytes | str, message: OutgoingMessage
) -> DeliveryError:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    detail = scrub_recipient(f"SMTP {what}: {code} {text}", message.recipient)
    return DeliveryError(detail, permanent=500 <= code < 600)


def _describe(exc: BaseException, message: OutgoingMessage) -> str:
    return scrub_recipient(f"{type(exc).__name__}: {exc}", message.recipient)
