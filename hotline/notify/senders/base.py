"""Types shared by every sender: the message, the result, the error and the protocol."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, runtime_checkable

__all__ = [
    "Channel",
    "Delivered",
    "DeliveryError",
    "OutgoingMessage",
    "Sender",
    "mask_recipient",
    "scrub_recipient",
]


class Channel(StrEnum):
    """The core's channels. An area may deliver a channel of its own through the same outbox
    (hotline/notify/handlers.py), e.g. the IVR's `recording`."""

    SMS = "sms"
    EMAIL = "email"


@dataclass(frozen=True)
class OutgoingMessage:
    """One outbox row, as a sender sees it.

    ``recipient`` is an E.164 phone number for SMS (``+6281234565678``) or a bare e-mail
    address for e-mail. ``subject`` is only used by e-mail. ``dedupe_key`` is stable across
    retries of the same message.
    """

    id: int
    channel: str  # a Channel, or a channel an area delivers itself
    recipient: str
    body: str
    subject: str = ""
    dedupe_key: str = ""


class DeliveryError(Exception):
    """Sending failed.

    ``permanent=True``: retrying the same message cannot succeed (invalid number, 4xx from
    Twilio, SMTP 5xx); the worker gives up. ``permanent=False``: temporary (network error,
    timeout, throttling, provider 5xx, SMTP 4xx); the worker retries with back-off.

    The message never contains the full recipient (it ends up in logs and the outbox table).
    """

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent

    def __repr__(self) -> str:
        return f"DeliveryError({str(self)!r}, permanent={self.permanent})"


@dataclass(frozen=True)
class Delivered:
    """The provider accepted the message; ``provider_id`` is e.g. a Twilio message SID or
    the e-mail ``Message-ID``."""

    provider_id: str = ""


@runtime_checkable
class Sender(Protocol):
    @property
    def channel(self) -> str:
        """The outbox channel this sender delivers."""
        ...

    async def send(self, message: OutgoingMessage) -> Delivered:
        """Deliver ``message`` or raise :class:`DeliveryError`."""
        ...


_PHONE_RE = re.compile(r"^\+?[\d\s().-]+$")


def mask_recipient(recipient: str) -> str:
    """A recipient that is safe to log.

    ``+6281234565678`` -> ``+62812****5678``; ``budi@example.org`` -> ``b***@example.org``.
    Anything else keeps at most its first two characters.
    """
    value = recipient.strip()
    if "@" in value:
        local, _, domain = value.rpartition("@")
        return f"{local[:1]}***@{domain}"
    if value and _PHONE_RE.match(value):
        compact = re.sub(r"[\s().-]", "", value)
        digits = compact.lstrip("+")
        prefix = compact[: len(compact) - len(digits)]
        if len(digits) >= 9:
            return f"{prefix}{digits[:5]}****{digits[-4:]}"
        if len(digits) >= 5:
            return f"{prefix}{digits[:2]}****{digits[-2:]}"
        return f"{prefix}****"
    return f"{value[:2]}***"


def scrub_recipient(text: str, recipient: str) -> str:
    """Replace every occurrence of ``recipient`` in ``text`` (e.g. a provider's error
    message) by its masked form."""
    masked = mask_recipient(recipient)
    variants = {recipient.strip(), recipient.strip().lstrip("+")}
    for variant in sorted(variants, key=len, reverse=True):
        if len(variant) >= 3:
            text = re.sub(re.escape(variant), lambda _m: masked, text, flags=re.IGNORECASE)
    return text
