"""The ticket page's template context holds no secret: not the ticket's PIN hash, not the
assigned officer's password hash, not the PIN hash of the ticket it duplicates. A template
cannot leak what it was never given."""

from __future__ import annotations

from typing import Any

from hotline.accounts.roles import Role
from hotline.accounts.tables import User
from hotline.konsol.access import Staff
from hotline.konsol.pages import ticket_context
from hotline.tickets import service
from hotline.tickets.tables import Ticket
from tests.integration.konsol.support import make_world


def _walk(value: Any) -> list[tuple[str, Any]]:
    """Every (key, value) pair in nested dicts and lists."""
    found: list[tuple[str, Any]] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            found.append((str(key), inner))
            found.extend(_walk(inner))
    elif isinstance(value, (list, tuple)):
        for inner in value:
            found.extend(_walk(inner))
    return found


async def test_the_ticket_page_context_holds_no_hash() -> None:
    world = await make_world()
    officer = world.users["petugas.pupr"]
    ticket_id = world.publik.ticket_id
    await Ticket.update(
        {Ticket.assignee: officer, Ticket.duplicate_of: world.anonim.ticket_id}
    ).where(Ticket.id == ticket_id)
    secrets = {row["pin_hash"] for row in await Ticket.select(Ticket.pin_hash)} | {
        row["password_hash"] for row in await User.select(User.password_hash)
    }
    staff = Staff(
        id=world.users["verif"],
        username="verif",
        display_name="Verifikator",
        role=Role.VERIFIKATOR,
        agency_id=None,
    )
    context = await ticket_context(staff, await service.load_ticket(ticket_id))
    assert context["assignee"] and context["duplicate_of"]  # the names are there ...
    pairs = _walk(context)
    assert not [key for key, _ in pairs if key.endswith("_hash")]  # ... and no hash
    assert not [key for key, value in pairs if isinstance(value, str) and value in secrets]
