"""The demo publishes real content on /laporan, and nothing personal with it."""

from __future__ import annotations

import re
from datetime import date

from hotline.demo.seed import seed
from hotline.publication.reads import PublishedReport, where_published
from hotline.tickets.privacy import Privacy
from hotline.tickets.tables import Reporter, Ticket
from tests.integration.citizen.world import Citizen


async def test_the_demo_fills_laporan_with_redacted_reports(citizen: Citizen) -> None:
    await seed(tickets=120, months=1, today=date(2026, 11, 20))
    published = await PublishedReport.select(
        PublishedReport.reference, PublishedReport.ticket_id, PublishedReport.text
    ).where(where_published())
    assert len(published) >= 20
    privacy = await Ticket.select(Ticket.privacy).where(
        Ticket.id.is_in([r["ticket_id"] for r in published])
    )
    assert {r["privacy"] for r in privacy} == {Privacy.PUBLIK.value, Privacy.ANONIM.value}
    reporters = await Reporter.select(Reporter.name, Reporter.phone, Reporter.email)
    personal = {v for r in reporters for v in (r["phone"], r["email"]) if v}
    personal |= {r["phone"].replace("+62", "0") for r in reporters if r["phone"]}
    names = {r["name"] for r in reporters if r["name"]}
    for row in published:
        text = row["text"]
        assert not any(p in text for p in personal)
        assert not any(re.search(rf"\b{re.escape(n)}\b", text) for n in names)
        assert not re.search(r"RT \d+/RW \d+", text)

    page = citizen.http.get("/laporan")
    assert page.status_code == 200
    listed = re.findall(r'<a href="/laporan/(\d+)">', page.text)
    assert len(listed) == 20
    assert set(listed) <= {r["reference"] for r in published}
    newest = citizen.http.get(f"/laporan/{listed[0]}")
    assert newest.status_code == 200 and "Riwayat penanganan" in newest.text
    # With the demo's whole directory (every category explained, every desa listed) the form
    # still fits a slow connection's budget, as does a full page of published reports.
    form = citizen.http.get("/lapor")
    assert form.text.count("<dt>") >= 15
    assert len(form.content) < 100_000 and len(page.content) < 100_000
