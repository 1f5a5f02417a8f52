"""SMS through Twilio's Programmable Messaging API (official ``twilio`` package)."""

from __future__ import annotations

import asyncio

import requests
from twilio.base.exceptions import (
    TwilioException,
    TwilioRestException,
    TwilioServiceException,
)
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from hotline.notify.senders.base import (
    Channel,
    Delivered,
    DeliveryError,
    OutgoingMessage,
    mask_recipient,
    scrub_recipient,
)

__all__ = ["TwilioSmsSender", "twilio_client"]

# HTTP statuses from Twilio that are worth retrying. Everything else in 4xx is about the
# message itself (invalid 'To' number, unverified number, blocked region...) and permanent.
# 401 is a configuration problem (wrong or rotated credentials), not a property of the
# message: once the credentials are fixed the message should still go out.
_TEMPORARY_STATUSES = frozenset({401, 408, 429})


def twilio_client(
    account_sid: str,
    auth_token: str,
    api_base_url: str | None = None,
    *,
    timeout: float | None = 10,
) -> Client:
    """A synchronous Twilio REST client.

    ``api_base_url`` (e.g. ``http://127.0.0.1:8123``) replaces ``https://api.twilio.com``
    for the ``api`` domain (Messages, Calls, Recordings...), for tests or a proxy; the
    TWILIO_EDGE / TWILIO_REGION environment variables are then ignored so that the URL is
    used as given. ``timeout`` (seconds) applies to every HTTP request; the client makes no
    retries of its own.

    To fetch an absolute path on the API domain (e.g. a recording's media), use
    ``client.api.request("GET", "/2010-04-01/Accounts/AC.../Recordings/RE....wav")``:
    it resolves against ``client.api.base_url`` and sends the basic-auth credentials.
    """
    if not account_sid or not auth_token:
        # The Client would silently fall back to TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN.
        raise ValueError("account_sid and auth_token are required")
    client = Client(account_sid, auth_token, http_client=TwilioHttpClient(timeout=timeout))
    if api_base_url:
        client.api.base_url = api_base_url.rstrip("/")
        client.edge = None
        client.region = None
    return client


class TwilioSmsSender:
    """Sends :class:`OutgoingMessage` of channel SMS with ``client.messages.create``.

    The twilio client is synchronous; each request runs in a worker thread.
    Note that Twilio's Messages API has no idempotency key: if a request times out after
    Twilio accepted it, the worker's retry sends a second SMS (at-least-once delivery).
    """

    channel: Channel = Channel.SMS

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        from_number: str,
        *,
        api_base_url: str | None = None,
        timeout: float = 10,
        status_callback: str | None = None,
    ) -> None:
        if not from_number:
            raise ValueError("from_number is required")
        self.from_number = from_number
        self.status_callback = status_callback
        self.timeout = timeout
        self.client = twilio_client(account_sid, auth_token, api_base_url, timeout=timeout)

    async def send(self, message: OutgoingMessage) -> Delivered:
        if message.channel != Channel.SMS:
            raise DeliveryError(
                f"TwilioSmsSender cannot send {message.channel} message {message.id}",
                permanent=True,
            )
        if not message.recipient.strip():
            raise DeliveryError(f"message {message.id} has no recipient", permanent=True)
        return await asyncio.to_thread(self._send_sync, message)

    def _send_sync(self, message: OutgoingMessage) -> Delivered:
        kwargs: dict[str, str] = {
            "to": message.recipient.strip(),
            "from_": self.from_number,
            "body": message.body,
        }
        return self.create(message, kwargs)

    def create(self, message: OutgoingMessage, kwargs: dict[str, str]) -> Delivered:
        """One Messages API request with `kwargs` (blocking), its errors told apart as
        temporary or permanent; shared with the WhatsApp sender (hotline/messaging)."""
        to = mask_recipient(message.recipient)
        if self.status_callback:
            kwargs["status_callback"] = self.status_callback
        try:
            created = self.client.messages.create(**kwargs)
        except TwilioRestException as exc:
            raise _rest_error(exc, message) from exc
        except requests.Timeout as exc:
            raise DeliveryError(f"Twilio: timeout sending SMS to {to}") from exc
        except (requests.RequestException, OSError) as exc:
            raise DeliveryError(
                f"Twilio: network error sending SMS to {to}: {type(exc).__name__}"
            ) from exc
        except TwilioServiceException as exc:  # RFC 9457 error bodies
            raise _status_error(exc.status, exc.code, exc.detail or exc.title, message) from exc
        except TwilioException as exc:
            raise DeliveryError(
                scrub_recipient(f"Twilio: {type(exc).__name__}: {exc}", message.recipient)
            ) from exc
        return Delivered(created.sid or "")

    def __repr__(self) -> str:
        return f"TwilioSmsSender(from_number={self.from_number!r})"


def _rest_error(exc: TwilioRestException, message: OutgoingMessage) -> DeliveryError:
    # Don't use str(exc): it prints ANSI colours when stderr is a terminal.
    return _status_error(exc.status, exc.code, exc.msg, message)


def _status_error(status: int, code: object, text: str, message: OutgoingMessage) -> DeliveryError:
    permanent = 400 <= status < 500 and status not in _TEMPORARY_STATUSES
    detail = f"Twilio HTTP {status}"
    if code is not None and code != status:
        detail += f" (error {code})"
    if text:
        detail += f": {text}"
    return DeliveryError(scrub_recipient(detail, message.recipient), permanent=permanent)
