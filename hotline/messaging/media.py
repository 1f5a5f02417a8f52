"""Photos and voice notes sent by message: an attachment waiting for its file and an outbox row
(channel `media`) that makes the worker fetch it from Twilio, as call recordings are
(hotline/ivr/recordings.py: the same credentials, host check and errors). A photo loses its EXIF
as on the web (hotline/citizen/uploads.py: re-encoded from its pixels); a voice note is kept as
a recording, like the phone line's. Over the size limit or not what its type said: refused for
good (a permanent delivery error, shown with the report's failed messages)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from hotline.citizen.uploads import UploadRejected, clean
from hotline.ivr.recordings import TWILIO_HOSTS, RecordingFetcher
from hotline.messaging.config import get_config
from hotline.notify.outbox import Message, enqueue_all
from hotline.notify.senders.base import Delivered, DeliveryError, OutgoingMessage, Sender
from hotline.settings import Settings
from hotline.tickets import messages, storage
from hotline.tickets.tables import Attachment

MEDIA = "media"  # at most 10 characters: outbox_message.channel
SUFFIXES = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "audio/ogg": "ogg",
    "audio/mpeg": "mp3",
    "audio/amr": "amr",
    "audio/mp4": "m4a",
    "audio/aac": "aac",
}


async def attach(ticket_id: int, media: Iterable[Mapping[str, Any]], now: datetime) -> None:
    """Attachments waiting for their files, and the outbox rows to fetch them (one insert each)."""
    wanted = {str(m["url"]): str(m["content_type"]) for m in media if m.get("url")}
    if not wanted:
        return
    rows = await Attachment.insert(
        *(
            Attachment(
                ticket=ticket_id,
                kind="photo" if kind.startswith("image/") else "recording",
                filename=f"pesan-{i + 1}.{SUFFIXES.get(kind, 'bin')}",
                content_type=kind,
                source_url=url[:500],
                public=False,
                created_at=now,
            )
            for i, (url, kind) in enumerate(wanted.items())
        )
    ).returning(Attachment.id, Attachment.source_url)
    ids = {row["source_url"]: row["id"] for row in rows}
    await enqueue_all(
        [
            Message(
                channel=MEDIA,
                recipient=url,
                body=str(ids[url[:500]]),
                dedupe_key=f"media:{urlsplit(url).path[-120:]}",
                about=messages.about(ticket_id),
            )
            for url in wanted
        ],
        now=now,
    )


class MediaFetcher(RecordingFetcher):
    """Fetches a message's media with the account credentials, only from Twilio's host."""

    channel = MEDIA

    async def send(self, message: OutgoingMessage) -> Delivered:
        parts = urlsplit(message.recipient)
        if parts.scheme != "https" or parts.hostname not in TWILIO_HOSTS:
            raise DeliveryError(f"media {message.id}: not a Twilio media URL", permanent=True)
        row = (
            await Attachment.select(Attachment.id, Attachment.content_type)
            .where(Attachment.id == int(message.body))
            .first()
        )
        if row is None:
            raise DeliveryError(f"media {message.id}: its attachment is gone", permanent=True)
        content, content_type = await asyncio.to_thread(self._download, parts.path)
        limit = get_config().max_media_mb * 1024 * 1024
        if len(content) > limit:
            raise DeliveryError(f"media {message.id}: larger than {limit} bytes", permanent=True)
        suffix = SUFFIXES.get(content_type, "")
        if content_type.startswith("image/"):
            try:
                cleaned = await asyncio.to_thread(clean, "foto", content, max_bytes=limit)
            except UploadRejected as exc:
                raise DeliveryError(f"media {message.id}: {exc}", permanent=True) from None
            content, content_type, suffix = cleaned.data, cleaned.content_type, cleaned.suffix
        elif not content_type.startswith("audio/"):
            raise DeliveryError(f"media {message.id}: {content_type} is not kept", permanent=True)
        stored = storage.store_bytes(content, suffix=suffix.lstrip("."))
        await Attachment.update(
            {
                Attachment.storage_path: stored.path,
                Attachment.sha256: stored.sha256,
                Attachment.size: stored.size,
                Attachment.content_type: content_type,
            }
        ).where(Attachment.id == row["id"])
        return Delivered(stored.sha256[:16])


class UnconfiguredMediaFetcher:
    channel = MEDIA

    async def send(self, message: OutgoingMessage) -> Delivered:
        raise DeliveryError(
            "media not fetched: HOTLINE_TWILIO_ACCOUNT_SID / _AUTH_TOKEN are not set",
            permanent=True,
        )


def fetcher(settings: Settings) -> Sender:
    if settings.twilio_account_sid and settings.twilio_auth_token:
        return MediaFetcher(
            settings.twilio_account_sid,
            settings.twilio_auth_token,
            api_base_url=settings.twilio_api_base,
        )
    return UnconfiguredMediaFetcher()
