"""`hotline chat`: a citizen in the terminal. Each line typed is one message, through the
function behind the webhook (`conversation.receive`), against the real database; only HTTP and
the signature are left out. A line may carry a photo, a voice note or a pin:
`/photo URL`, `/voice URL`, `/pin LAT LON` (then the text, if any)."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from hotline.messaging import conversation
from hotline.messaging.engine import Incoming, Media
from hotline.messaging.inbound import Inbound

Ask = Callable[[str], str]


def message_of(line: str) -> Incoming:
    """A typed line as a message: its attachments' commands first, then the text."""
    media: list[Media] = []
    lat = lon = ""
    words = line.split()
    while words and words[0] in ("/photo", "/voice", "/pin"):
        command = words.pop(0)
        if command == "/pin" and len(words) >= 2:
            lat, lon, words = words[0], words[1], words[2:]
        elif command != "/pin" and words:
            kind = "image/jpeg" if command == "/photo" else "audio/ogg"
            media.append(Media(words.pop(0), kind))
    return Incoming(" ".join(words), tuple(media), lat, lon)


async def play(sender: str, channel: str, ask: Ask, say: Callable[[str], None]) -> int:
    """Run a conversation until end of input; returns how many messages were sent."""
    sent = 0
    while True:
        try:
            line = ask("> ")
        except EOFError:
            return sent
        msg = Inbound("SM" + secrets.token_hex(16), channel, sender, message_of(line))
        handled = await conversation.receive(msg)
        sent += 1
        say(handled.text or "[no reply]")


__all__ = ["message_of", "play"]
