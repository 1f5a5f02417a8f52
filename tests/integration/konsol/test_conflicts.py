"""Conflict of interest (issue 13): a `rahasia` report, or one naming the agency a confident rule
would send it to, waits for the central unit, which is warned and offered internal oversight."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hotline.directory.tables import Agency
from hotline.tickets.events import EventKind
from hotline.tickets.lifecycle import Status
from hotline.tickets.privacy import Privacy
from hotline.tickets.tables import TicketEvent
from tests.integration.konsol.support import make_user, sign_in
from tests.support.factories import (
    file_report,
    make_agency,
    make_category,
    make_directory,
    make_rule,
)
from tests.support.live_server import live_server


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with live_server() as base:
        yield base


async def _held(ticket_id: int) -> str:
    row = (
        await TicketEvent.select(TicketEvent.data)
        .where((TicketEvent.ticket == ticket_id) & (TicketEvent.kind == EventKind.CREATED.value))
        .output(load_json=True)
        .first()
    )
    assert row is not None
    return str(row["data"].get("held", ""))


async def test_confident_rules_never_dispatch_a_report_about_the_agency(server: str) -> None:
    d = await make_directory()
    capil = await make_agency(
        code="DISDUKCAPIL", calendar=d.calendar, name="Dinas Kependudukan dan Pencatatan Sipil"
    )
    await Agency.update({Agency.short_name: "Disdukcapil"}).where(Agency.id == capil)
    inspektorat = await make_agency(code="INSPEKTORAT", calendar=d.calendar, name="Inspektorat")
    await Agency.update({Agency.is_oversight: True}).where(Agency.id == inspektorat)
    ktp = await make_category(code="KTP")
    await make_rule(category=ktp, agency=capil, confident=True)

    plain = await file_report(category="KTP", description="Antrean KTP sangat panjang.")
    assert plain.status is Status.DIDISPOSISIKAN and plain.agency_id == capil

    secret = await file_report(
        category="KTP", privacy=Privacy.RAHASIA, description="Antrean KTP sangat panjang."
    )
    named = await file_report(
        category="KTP", description="Petugas Disdukcapil meminta uang Rp 100.000 untuk KTP."
    )
    for report, why in ((secret, "rahasia"), (named, "names_agency")):
        assert report.status is Status.BARU, why
        assert await _held(report.ticket_id) == why
    assert await _held(plain.ticket_id) == ""

    await make_user("verif", "verifikator")
    verifier = await sign_in(server, "verif")
    page = (await verifier.get(f"/konsol/tiket/{named.ticket_id}")).text
    assert 'id="conflict"' in page and "Dinas Kependudukan dan Pencatatan Sipil" in page
    assert "Inspektorat" in page
    # Internal oversight comes first in the dispatch list.
    options = page.split('name="agency"', 1)[1].split("</select>", 1)[0]
    assert options.index("Inspektorat") < options.index("Dinas Kependudukan")
    page = (await verifier.get(f"/konsol/tiket/{secret.ticket_id}")).text
    assert 'id="confidential-note"' in page and 'id="conflict"' not in page
