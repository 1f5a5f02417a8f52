from collections.abc import Iterator

import pytest

from tests.integration.konsol.support import make_world, post, sign_in
from tests.support.live_server import live_server


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with live_server() as base:
        yield base


async def test_smoke(server: str) -> None:
    world = await make_world()
    c = sign_in(server, "verif")
    r = c.get("/konsol/verifikasi")
    print(r.status_code, r.text[-3000:])
    assert r.status_code == 200
    r = c.get(f"/konsol/tiket/{world.unrouted.ticket_id}")
    assert r.status_code == 200, r.text
    o = sign_in(server, "petugas.pupr")
    r = o.get("/konsol/antrian")
    assert r.status_code == 200, r.text
    r = o.get(f"/konsol/tiket/{world.publik.ticket_id}")
    assert r.status_code == 200, r.text
    r = post(o, f"/konsol/tiket/{world.publik.ticket_id}/aksi/accept")
    assert r.status_code == 303, r.text
    r = o.get(f"/konsol/tiket/{world.dinkes.ticket_id}")
    assert r.status_code == 404, r.text
