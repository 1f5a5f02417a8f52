"""What this area tells the areas below it when they ask (registered in area.py, called through
hotline/areas.py `listeners`): the reporter's data download lists the messages they sent about
their report, and erasing the reporter's identity erases those messages and their number."""

from __future__ import annotations

from typing import Any

from hotline.messaging.tables import InboundMessage
from hotline.privacy.export import HeldAsk

ERASED = "[dihapus]"


async def held(ask: HeldAsk) -> None:
    """The messages linked to the report (conversation.py: `_link`), as received."""
    rows = await (
        InboundMessage.select(
            InboundMessage.received_at,
            InboundMessage.channel,
            InboundMessage.body,
            InboundMessage.media,
            InboundMessage.latitude,
        )
        .where(InboundMessage.ticket == ask["ticket_id"])
        .order_by(InboundMessage.received_at)
        .output(load_json=True)
    )
    ask["sections"]["messages_received"] = [
        {
            "received_at": r["received_at"].isoformat(),
            "channel": r["channel"],
            "text": r["body"],
            "media": len(r["media"] or []),
            "location": bool(r["latitude"]),
        }
        for r in rows
    ]


async def erase_reporter(ticket_id: int) -> None:
    """Their number, words, media links and pin, gone from the messages linked to the report."""
    changes: dict[Any, Any] = {
        InboundMessage.sender: ERASED,
        InboundMessage.body: ERASED,
        InboundMessage.media: [],
        InboundMessage.latitude: "",
        InboundMessage.longitude: "",
    }
    await InboundMessage.update(changes).where(InboundMessage.ticket == ticket_id)


LISTENERS = {"privacy.held": held, "privacy.erase_reporter": erase_reporter}
