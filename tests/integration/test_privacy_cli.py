"""`hotline privacy affected`: the breach list of UU 27/2022 from the audit events, as a real
process against the test database."""

from __future__ import annotations

import json

from hotline.tickets.events import ActorType
from hotline.tickets.service import Actor, reply, reporter_identity
from tests.integration.konsol.support import World, make_world
from tests.integration.test_cli import hotline
from tests.support.factories import at, freeze


async def _scenario() -> World:
    freeze(at(2026, 3, 2))  # the reports are filed and dispatched before the window
    world = await make_world()

    def staff(name: str) -> Actor:
        return Actor(ActorType.STAFF, world.users[name], name)

    freeze(at(2026, 3, 10))  # 10:00 WIB, inside the window
    await reporter_identity(world.publik.ticket_id, actor=staff("petugas.pupr"), central_unit=False)
    freeze(at(2026, 3, 11))
    await reporter_identity(world.rahasia.ticket_id, actor=staff("verif"), central_unit=True)
    await reply(world.dinkes.ticket_id, "Kami cek.", actor=staff("petugas.dinkes"), public=True)
    freeze(at(2026, 3, 20))  # after the window
    await reply(world.anonim.ticket_id, "Catatan.", actor=staff("petugas.pupr"), public=False)
    return world


def _rows(stdout: str) -> dict[str, list[str]]:
    lines = [line for line in stdout.splitlines() if line and not line.startswith("#")]
    assert lines[0].startswith("reference\tprivacy\texposed")
    return {line.split("\t")[0]: line.split("\t") for line in lines[1:]}


async def test_one_account_in_a_window_lists_the_identities_it_read() -> None:
    world = await _scenario()
    done = hotline(
        "privacy", "affected", "--since", "2026-03-05", "--until", "2026-03-15",
        "--user", "petugas.pupr",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = _rows(done.stdout)
    assert list(rows) == [world.publik.reference]
    _, privacy, exposed, by = rows[world.publik.reference]
    assert privacy == "publik" and exposed == "name, phone, e-mail" and by == "petugas.pupr"
    # Kinds of data, never the data itself.
    assert "Pelapor" not in done.stdout and "+62" not in done.stdout


async def test_a_window_lists_every_account_and_what_it_exposed() -> None:
    world = await _scenario()
    done = hotline("privacy", "affected", "--since", "2026-03-05", "--until", "2026-03-15")
    assert done.returncode == 0, done.stderr
    rows = _rows(done.stdout)
    assert set(rows) == {
        world.publik.reference,
        world.rahasia.reference,
        world.dinkes.reference,
    }
    assert rows[world.rahasia.reference][1:] == ["rahasia", "name, phone, e-mail", "verif"]
    assert rows[world.dinkes.reference][2:] == ["report text", "petugas.dinkes"]
    assert "2 with the reporter's identity exposed" in done.stdout

    with_contact = hotline(
        "privacy", "affected", "--since", "2026-03-05", "--until", "2026-03-15",
        "--user", "verif", "--with-contact", "--json",
    )  # fmt: skip
    assert with_contact.returncode == 0, with_contact.stderr
    listed = json.loads(with_contact.stdout)
    assert [a["reference"] for a in listed] == [world.rahasia.reference]
    assert listed[0]["contact"]["name"] == "Pelapor rahasia"


async def test_an_unknown_account_is_one_line_and_status_2() -> None:
    done = hotline(
        "privacy", "affected", "--since", "2026-03-05", "--until", "2026-03-15", "--user", "siapa"
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "hotline: no staff account named 'siapa'"
