"""Fetching a call recording from Twilio into attachment storage: the IVR's own outbox channel,
`recording`, delivered by the worker through the same outbox and retries as SMS and e-mail
(added to the delivery handlers by hotline/ivr/jobs.py).

The IVR answers its webhook at once and leaves an outbox row: recipient = Twilio's RecordingUrl,
body = where the file goes: the id of the Attachment waiting for it (a caller's own recording),
or `conversation:<id>` for an officer's conversation (hotline/ivr/conversations.py). This
handler downloads the audio with the account credentials (basic auth), stores it
content-addressed (hotline/tickets/storage.py) and fills in the waiting row. Only the URL's path is used, against Twilio's API base: the
credentials are never sent to another host, even if a RecordingUrl were forged.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

import requests

from hotline.ivr.tables import ConversationRecording
from hotline.notify.senders.base import Delivered, DeliveryError, OutgoingMessage, Sender
from hotline.settings import Settings
from hotline.tickets import storage
from hotline.tickets.tables import Attachment

__all__ = [
    "CONVERSATION",
    "RECORDING",
    "RecordingFetcher",
    "UnconfiguredRecordingFetcher",
    "fetcher",
]

# Not a message to a person: a call recording to fetch (recipient: the recording's URL; body: the
# Attachment id).
RECORDING = "recording"
# The body's prefix of an officer's conversation (then the ConversationRecording id).
CONVERSATION = "conversation:"

TWILIO_API = "https://api.twilio.com"
TWILIO_HOSTS = frozenset({"api.twilio.com"})


class RecordingFetcher:
    channel = RECORDING

    def __init__(
        self, account_sid: str, auth_token: str, *, api_base_url: str = "", timeout: float = 30
    ) -> None:
        if not account_sid or not auth_token:
            raise ValueError("account_sid and auth_token are required")
        self.auth = (account_sid, auth_token)
        self.base = (api_base_url or TWILIO_API).rstrip("/")
        self.timeout = timeout

    async def send(self, message: OutgoingMessage) -> Delivered:
        parts = urlsplit(message.recipient)
        if parts.scheme != "https" or parts.hostname not in TWILIO_HOSTS:
            raise DeliveryError(
                f"recording {message.id}: not a Twilio recording URL", permanent=True
            )
        conversation = message.body.startswith(CONVERSATION)
        try:
            target = int(message.body.removeprefix(CONVERSATION))
        except ValueError:
            raise DeliveryError(
                f"recording {message.id}: no attachment id", permanent=True
            ) from None
        if conversation and not await _still_kept(target):
            # Erased (retention) before it was fetched: nothing of the caller's voice to keep.
            return Delivered("erased")
        path = parts.path if parts.path.endswith((".wav", ".mp3")) else parts.path + ".wav"
        content, content_type = await asyncio.to_thread(self._download, path)
        stored = storage.store_bytes(content, suffix=path.rsplit(".", 1)[1])
        if conversation:
            await ConversationRecording.update(
                {
                    ConversationRecording.storage_path: stored.path,
                    ConversationRecording.sha256: stored.sha256,
                    ConversationRecording.size: stored.size,
                    ConversationRecording.content_type: content_type,
                }
            ).where(
                (ConversationRecording.id == target) & ConversationRecording.erased_at.is_null()
            )
        else:
            await Attachment.update(
                {
                    Attachment.storage_path: stored.path,
                    Attachment.sha256: stored.sha256,
                    Attachment.size: stored.size,
                    Attachment.content_type: content_type,
                }
            ).where(Attachment.id == target)
        return Delivered(stored.sha256[:16])

    def _download(self, path: str) -> tuple[bytes, str]:
        try:
            response = requests.get(self.base + path, auth=self.auth, timeout=self.timeout)
        except requests.RequestException as exc:
            raise DeliveryError(
                f"Twilio: network error fetching a recording: {type(exc).__name__}"
            ) from exc
        if response.status_code == 404:
            # Twilio may still be processing a recording for a few seconds: retry later.
            raise DeliveryError("Twilio: recording not available yet (404)")
        if response.status_code in (401, 403):
            raise DeliveryError(
                f"Twilio: HTTP {response.status_code} fetching a recording (credentials)"
            )
        if response.status_code >= 400:
            raise DeliveryError(
                f"Twilio: HTTP {response.status_code} fetching a recording",
                permanent=400 <= response.status_code < 500 and response.status_code != 429,
            )
        if not response.content:
            raise DeliveryError("Twilio: empty recording")
        return response.content, response.headers.get("Content-Type", "audio/x-wav").split(";")[0]


async def _still_kept(recording_id: int) -> bool:
    return await ConversationRecording.exists().where(
        (ConversationRecording.id == recording_id) & ConversationRecording.erased_at.is_null()
    )


class UnconfiguredRecordingFetcher:
    """Without Twilio credentials a recording cannot be fetched: say so in the outbox row
    (a permanent error), rather than pretend it was stored."""

    channel = RECORDING

    async def send(self, message: OutgoingMessage) -> Delivered:
        raise DeliveryError(
            "recording not fetched: HOTLINE_TWILIO_ACCOUNT_SID / _AUTH_TOKEN are not set",
            permanent=True,
        )


def fetcher(settings: Settings) -> Sender:
    """The fetcher with the account credentials when they are set."""
    if settings.twilio_account_sid and settings.twilio_auth_token:
        return RecordingFetcher(
            settings.twilio_account_sid,
            settings.twilio_auth_token,
            api_base_url=settings.twilio_api_base,
        )
    return UnconfiguredRecordingFetcher()
