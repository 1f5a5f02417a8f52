"""The home page speaks to citizens: call (with the hotline's number as a tel: link), write,
follow; the API is for developers, in the footer."""

from __future__ import annotations

import httpx

from tests.support.live_server import live_server


def test_the_home_page_offers_call_write_and_follow() -> None:
    with live_server(HOTLINE_TWILIO_NUMBER="+62286321000") as base:
        page = httpx.get(base + "/", headers={"Accept-Language": "id"}).text
    assert '<a href="tel:+62286321000"><strong>Telepon hotline</strong> (0286) 321000</a>' in page
    assert '<a href="/lapor"><strong>Tulis laporan</strong></a>' in page
    assert '<a href="/lacak"><strong>Lacak laporan Anda</strong></a>' in page
    # The API is in the footer, not among the citizen's choices.
    main, footer = page.split("<footer>")
    assert "/schema" not in main and "Open311" not in main
    assert 'href="/open311/v2/discovery.json"' in footer
    with live_server() as base:
        without_number = httpx.get(base + "/").text
    assert "tel:" not in without_number  # no number configured: no broken call link
