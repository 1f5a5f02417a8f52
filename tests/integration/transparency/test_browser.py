"""The transparency pages in a real browser: the charts keep their colours and the
Content-Security-Policy refuses nothing (the browser_page fixture fails on any refusal). The
trend charts are matplotlib SVG styled inline, the one exception in the policy
(hotline/web/security.py); the bar charts of a month are drawn with presentation attributes."""

from __future__ import annotations

from tests.integration.transparency.scenario import build_august, worker_stores_figures
from tests.support.live_server import live_server


async def test_month_page_charts_are_drawn_under_the_policy(browser_page) -> None:  # type: ignore[no-untyped-def]
    await build_august()
    await worker_stores_figures()
    with live_server() as base:
        response = await browser_page.goto(base + "/transparansi/2026-08")
        assert response.status == 200
        assert "style-src 'self' 'unsafe-inline'" in response.headers["content-security-policy"]
        assert "script-src 'self';" in response.headers["content-security-policy"]
        # A bar keeps its colour (refused styles would leave it black).
        fill = await browser_page.evaluate(
            "getComputedStyle(document.querySelector('svg.bars rect[fill]:nth-of-type(2)')).fill"
        )
        assert fill == "rgb(11, 79, 138)"

        response = await browser_page.goto(base + "/transparansi")
        assert response.status == 200
        # A styled shape of the trend charts keeps its colour (refused inline styles: black).
        fill = await browser_page.evaluate(
            "getComputedStyle(document.querySelector('svg path[style]')).fill"
        )
        assert fill != "rgb(0, 0, 0)"
