"""Who delivers each outbox channel: one registry of handlers, keyed by channel.

The core adds its senders (SMS, e-mail); an area adds the channels it delivers itself (the IVR
fetches call recordings into attachment storage). The worker builds the registry once per
process (hotline/worker/loop.py: build_senders) and hands it to delivery.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from hotline.notify.senders.base import Sender


class Handlers(Mapping[str, Sender]):
    """The handler of each channel; a second handler for a channel is refused, not swapped in."""

    def __init__(self, *handlers: Sender) -> None:
        self._by_channel: dict[str, Sender] = {}
        for handler in handlers:
            self.add(handler)

    def add(self, handler: Sender) -> None:
        channel = str(handler.channel)
        if channel in self._by_channel:
            raise ValueError(f"outbox channel {channel!r} has a handler already")
        self._by_channel[channel] = handler

    def wrap(self, channel: str, wrapper: Callable[[Sender], Sender]) -> None:
        """Put a check in front of a channel's handler (the messaging area's opt-outs, read at
        send time, in front of the core's SMS sender)."""
        self._by_channel[channel] = wrapper(self._by_channel[channel])

    def __getitem__(self, channel: str) -> Sender:
        return self._by_channel[channel]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_channel)

    def __len__(self) -> int:
        return len(self._by_channel)
