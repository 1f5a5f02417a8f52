"""An inbound message as Twilio posts it to the Messaging webhook (pure): who, on which channel,
the text, the media it lists and a WhatsApp location pin."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from hotline import phones
from hotline.messaging.engine import Incoming, Media

# What is kept of what a citizen sends: photos and voice notes (WhatsApp's are audio/ogg).
ALLOWED_MEDIA = frozenset(
    {"image/jpeg", "image/png", "audio/ogg", "audio/mpeg", "audio/amr", "audio/mp4", "audio/aac"}
)
MAX_MEDIA = 10  # Twilio lists at most 10 per message


@dataclass(frozen=True)
class Inbound:
    sid: str
    channel: str  # whatsapp | sms
    sender: str  # E.164
    incoming: Incoming
    refused_media: int = 0  # media of a type we do not keep


def parse(form: Mapping[str, str]) -> Inbound | None:
    """None when the form is not a message we can answer (no MessageSid, no usable number)."""
    sid = form.get("MessageSid") or form.get("SmsMessageSid") or ""
    raw = form.get("From", "")
    channel = "whatsapp" if raw.startswith("whatsapp:") else "sms"
    sender = phones.to_e164(raw.removeprefix("whatsapp:"))
    if not sid or not sender:
        return None
    media, refused = [], 0
    for i in range(min(int(form.get("NumMedia", "0") or 0), MAX_MEDIA)):
        url = form.get(f"MediaUrl{i}", "")
        kind = form.get(f"MediaContentType{i}", "").split(";")[0].strip().lower()
        if url and kind in ALLOWED_MEDIA:
            media.append(Media(url, kind))
        else:
            refused += 1
    incoming = Incoming(
        text=form.get("Body", "")[:2000],
        media=tuple(media),
        latitude=form.get("Latitude", "")[:20],
        longitude=form.get("Longitude", "")[:20],
    )
    return Inbound(sid[:64], channel, sender, incoming, refused)
