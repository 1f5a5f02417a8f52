"""The transparency pages on a phone (360 px) and a desktop (1280 px), in a real browser, over a
month of demo-like volume (about 500 reports, most kecamatan × category cells too small to show):
no page scrolls sideways, every chart's text is at least 12 px on the phone, every page is under
100 KB as transferred (gzip), and the kecamatan × category list shows exactly the cells the
disclosure rules let through, with the withheld ones counted in one sentence (issue 17)."""

from __future__ import annotations

import httpx

from hotline import clock
from hotline.demo.seed import seed
from hotline.transparency import monthly, publishing
from hotline.transparency.formatting import WIB
from tests.integration.transparency.scenario import worker_stores_figures
from tests.support.live_server import live_server

PHONE, DESKTOP = 360, 1280
# The rendered size of every SVG text: its font size in user units times the scale from user
# units to the screen (the viewBox fitted to the page, any rotation of the text).
CHART_TEXT_SIZES = """() => Array.from(document.querySelectorAll('svg text')).map(t => {
  const m = t.getScreenCTM();
  return [t.textContent, parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b)];
})"""
SHOWN_CELLS = """() => Array.from(document.querySelectorAll('ol.cells li')).map(li => [
  li.dataset.kecamatan, li.dataset.category, li.querySelector('strong').textContent
])"""


async def _demo_month() -> str:
    """The whole previous month (of the real clock, which the live server runs on) seeded with
    the demo's monthly volume, its figures stored by the worker, and published."""
    clock.set_clock(None)
    first = clock.now().astimezone(WIB).date().replace(day=1)
    await seed(tickets=500, months=1, today=first)
    await worker_stores_figures()
    month = monthly.current_month().previous()
    await publishing.publish(month, by="test")
    return str(month)


async def test_pages_read_on_a_phone_and_a_desktop(browser) -> None:  # type: ignore[no-untyped-def]
    month = await _demo_month()
    with live_server() as base:
        async with httpx.AsyncClient(base_url=base, timeout=120) as http:
            doc = (await http.get(f"/transparansi/{month}.json")).json()
            figures = doc["figures"]
            agency = next(k for k in figures["by"]["agency"] if not k.startswith("_"))
            paths = [
                "/transparansi",
                f"/transparansi/{month}",
                f"/transparansi/{month}?lang=en",
                f"/transparansi/instansi/{agency}",
                "/transparansi/arsip",
            ]
            # The month is demo-like: hundreds of reports, most cells withheld, some shown.
            assert figures["total"]["received"] >= 400
            shown = {
                (c["kecamatan"], c["category"]): c["count"]
                for c in figures["cells"]
                if not c["suppressed"]
            }
            withheld = figures["disclosure"]["cells_suppressed"]
            assert shown and withheld > len(shown)

            for path in paths:
                response = await http.get(path, headers={"Accept-Encoding": "gzip"})
                assert response.status_code == 200, path
                assert response.headers["content-encoding"] == "gzip", path
                assert response.num_bytes_downloaded < 100_000, (
                    path,
                    response.num_bytes_downloaded,
                )

        refused: list[str] = []  # the bars of the cell list are inline styles
        for width in (PHONE, DESKTOP):
            context = await browser.new_context(
                viewport={"width": width, "height": 800}, locale="id-ID"
            )
            try:
                page = await context.new_page()
                page.on(
                    "console",
                    lambda m: (
                        refused.append(m.text) if "Content Security Policy" in m.text else None
                    ),
                )
                for path in paths:
                    await page.goto(base + path)
                    wider = await page.evaluate(
                        "document.documentElement.scrollWidth - window.innerWidth"
                    )
                    assert wider <= 0, (width, path, wider)
                    sizes = await page.evaluate(CHART_TEXT_SIZES)
                    if path != "/transparansi/arsip":
                        assert sizes, path  # the page has charts, so this checks something
                    if width == PHONE:
                        small = [(text, round(px, 1)) for text, px in sizes if px < 12]
                        assert not small, (path, small)

                await page.goto(f"{base}/transparansi/{month}?lang=id")
                listed = await page.evaluate(SHOWN_CELLS)
                # Exactly the cells that may be shown, with their counts, most reports first;
                # a withheld cell is not in the list at all.
                assert {(k, c): int(n.replace(".", "")) for k, c, n in listed} == shown
                counts = [int(n.replace(".", "")) for _, _, n in listed]
                assert counts == sorted(counts, reverse=True)
                sentence = await page.locator("p.withheld").inner_text()
                assert f"{withheld} dari {len(figures['cells'])} kombinasi" in sentence
                assert "kurang dari 5 laporan" in sentence
                # Not the long list of "disembunyikan" rows of before: one sentence.
                places = await page.locator("section[aria-labelledby=places]").inner_text()
                assert places.count("disembunyikan") == 1
                assert not refused, refused
            finally:
                await context.close()
