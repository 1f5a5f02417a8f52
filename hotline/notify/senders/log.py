"""The default sender when no provider is configured: write the message to the log."""

from __future__ import annotations

import logging

from hotline.notify.senders.base import Channel, Delivered, OutgoingMessage, mask_recipient

__all__ = ["LogSender"]

logger = logging.getLogger("hotline.notify")


class LogSender:
    """Logs each message (masked recipient) on logger ``hotline.notify`` and keeps the last
    ``keep`` messages in :attr:`sent` (oldest first), e.g. for ``hotline serve --demo``.

    It never fails and returns ``Delivered("log-<id>")``.
    """

    def __init__(self, channel: Channel, *, keep: int = 100) -> None:
        if keep < 0:
            raise ValueError("keep must be >= 0")
        self.channel = Channel(channel)
        self.keep = keep
        self.sent: list[OutgoingMessage] = []

    async def send(self, message: OutgoingMessage) -> Delivered:
        recipient = mask_recipient(message.recipient)
        if message.subject:
            logger.info(
                "[%s] message %s to %s, subject %r: %s",
                self.channel,
                message.id,
                recipient,
                message.subject,
                message.body,
            )
        else:
            logger.info(
                "[%s] message %s to %s: %s", self.channel, message.id, recipient, message.body
            )
        if self.keep:
            self.sent.append(message)
            del self.sent[: -self.keep]
        return Delivered(f"log-{message.id}")

    def __repr__(self) -> str:
        return f"LogSender({self.channel.value!r})"
