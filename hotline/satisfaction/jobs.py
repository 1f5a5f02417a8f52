"""This area's part in every `hotline worker` round: inviting the reporters of reports
resolved lately to the satisfaction survey (invitation.run)."""

from __future__ import annotations

from hotline.notify.handlers import Handlers
from hotline.satisfaction import invitation
from hotline.settings import Settings


async def run_round(settings: Settings) -> int:
    """Invite whoever is due; how many were invited (for the worker's log)."""
    del settings
    return await invitation.run()


def add_handlers(handlers: Handlers, settings: Settings) -> None:
    """Nothing: invitations go through the outbox's own SMS and e-mail channels."""
    del handlers, settings
