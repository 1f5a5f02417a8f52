"""The database goes away under the web and the API: /lapor, /lacak and Open311 POST answer a
clear 503 with Retry-After in the user's language (an HTML page, the form given back as typed, or
Open311's error list), never a 500; once it is back, the same requests work.

How the database goes away, honestly, on each engine:
- PostgreSQL: the server reaches it through a TCP proxy the test cuts (every connection reset,
  new ones refused), as tests/integration/ivr/test_database_down.py does;
- SQLite: the database file is moved aside and a directory takes its place, as when its volume
  is gone: every new connection fails with "unable to open database file". (The tests run as
  root, so a file made unreadable would still be read.)
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from hotline.accounts.service import create_api_key
from hotline.db.tx import is_sqlite
from hotline.settings import get_settings
from hotline.tickets.tables import Ticket
from tests.integration.citizen.conftest import GENEROUS
from tests.integration.citizen.world import Citizen, wonosobo
from tests.support.live_server import live_server
from tests.support.tcp_proxy import TcpProxy

BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8"


class Outage:
    def __init__(self, base: str, proxy: TcpProxy | None) -> None:
        self.base = base
        self.proxy = proxy

    @contextmanager
    def away(self) -> Iterator[None]:
        if self.proxy is not None:
            self.proxy.cut()
            try:
                yield
            finally:
                self.proxy.restore()
            return
        path = get_settings().database.path
        assert path is not None
        files = [Path(str(path) + extra) for extra in ("", "-wal", "-shm")]
        moved = [(f, f.with_name(f.name + ".away")) for f in files if f.exists()]
        for here, aside in moved:
            here.rename(aside)
        Path(path).mkdir()
        try:
            yield
        finally:
            Path(path).rmdir()
            for here, aside in moved:
                aside.rename(here)


@pytest.fixture(scope="module")
def outage() -> Iterator[Outage]:
    if is_sqlite():
        with live_server(**GENEROUS) as base:
            yield Outage(base, None)
        return
    target = urlsplit(os.environ["HOTLINE_DATABASE_URL"])
    with TcpProxy(target.hostname or "127.0.0.1", target.port or 5432) as proxy:
        through = target._replace(netloc=f"{target.username}@127.0.0.1:{proxy.port}").geturl()
        with live_server(HOTLINE_DATABASE_URL=through, **GENEROUS) as base:
            yield Outage(base, proxy)


def _citizen(outage: Outage, lang: str = "id") -> Citizen:
    citizen = Citizen(outage.base, lang=lang)
    citizen.http.headers["Accept"] = BROWSER
    return citizen


async def test_lapor_gives_the_form_back_as_typed_with_a_503(outage: Outage) -> None:
    await wonosobo()
    citizen = _citizen(outage)
    typed = {
        "description": "Jembatan gantung di Dusun Krajan putus, anak sekolah memutar jauh.",
        "location": "Dusun Krajan RT 03",
        "name": "Wahyu Lestari",
        "kecamatan": "33.07.04",
        "privacy": "publik",
        "phone": "0812 3456 7890",
    }
    fields = citizen.form_fields("/lapor")  # the page was open before the database went away
    with outage.away():
        page = citizen.http.post(
            "/lapor",
            data={**fields, "category": "JALAN-RUSAK", "consent": "1", "desa": "", **typed},
        )
        assert page.status_code == 503
        assert int(page.headers["retry-after"]) > 0
        assert "Kami belum dapat menyimpan laporan Anda" in page.text
        assert "Jembatan gantung di Dusun Krajan putus" in page.text
        for value in ("Dusun Krajan RT 03", "Wahyu Lestari", "0812 3456 7890"):
            assert f'value="{value}"' in page.text
        assert '<option value="JALAN-RUSAK" selected>' in page.text
        assert '<option value="33.07.04" selected>' in page.text
        # The blank form cannot be drawn without the database: a page that says so.
        blank = citizen.http.get("/lapor")
        assert blank.status_code == 503 and "retry-after" in blank.headers
        assert "basis data kami tidak dapat dihubungi" in blank.text
    assert await Ticket.count() == 0
    # Back: the same form, sent again, files the report once.
    fields = dict(re.findall(r'name="(_csrf_token|nonce)" value="([^"]*)"', page.text))
    filed = citizen.http.post(
        "/lapor", data={**fields, "category": "JALAN-RUSAK", "consent": "1", "desa": "", **typed}
    )
    assert filed.status_code == 303, filed.text
    assert await Ticket.count() == 1
    citizen.close()


async def test_lacak_answers_503_in_the_readers_language(outage: Outage) -> None:
    await wonosobo()
    citizen = _citizen(outage, lang="en")
    assert citizen.file_report().status_code == 303
    reference, pin = citizen.receipt()
    assert pin is not None
    fields = citizen.form_fields("/lacak")
    with outage.away():
        signing_in = citizen.http.post(
            "/lacak", data={**fields, "reference": reference, "pin": pin}
        )
        assert signing_in.status_code == 503 and "retry-after" in signing_in.headers
        assert '<html lang="en">' in signing_in.text
        assert "we cannot reach our database" in signing_in.text
    assert citizen.sign_in(reference, pin).status_code == 303
    with outage.away():
        report = citizen.http.get("/lacak")
        assert report.status_code == 503 and "retry-after" in report.headers
        assert "Briefly unavailable" in report.text
    assert citizen.http.get("/lacak").status_code == 200
    citizen.close()


@pytest.mark.parametrize("extension", ["json", "xml"])
async def test_open311_post_answers_503_in_its_error_format(outage: Outage, extension: str) -> None:
    await wonosobo()
    key = await create_api_key("aplikasi warga")
    form = {
        "api_key": key.key,
        "service_code": "JALAN-RUSAK",
        "lat": "-7.36",
        "long": "109.9",
        "description": "Jalan berlubang di depan balai desa.",
    }
    url = f"{outage.base}/open311/v2/requests.{extension}"
    async with httpx.AsyncClient(timeout=30) as api:
        with outage.away():
            refused = await api.post(url, data=form)
        filed = await api.post(url, data=form)
    assert refused.status_code == 503
    assert int(refused.headers["retry-after"]) > 0
    if extension == "json":
        [error] = refused.json()
        assert (
            error["code"] == 503 and "basis data kami tidak dapat dihubungi" in error["description"]
        )
    else:
        assert "<errors><error><code>503</code>" in refused.text
    assert filed.status_code == 201
    assert await Ticket.count() == 1
