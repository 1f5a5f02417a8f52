"""What every page must be in a real browser: axe-core finds nothing, and nothing is wider than
the screen at a phone's 360 px or a desk's 1280 px.

axe-core comes from the PyPI package `axe-playwright-python`, which ships axe.min.js (axe-core,
MPL-2.0) inside the wheel: no CDN, no npm step. It injects the script with Playwright's
`evaluate` (the DevTools protocol), so the pages' Content-Security-Policy stays as it is.

`audit(page, label)` checks the page already loaded at both widths and returns one line per
problem; a test collects the lines of many pages and fails once, printing them all.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from axe_playwright_python.async_playwright import Axe

from tests.support.browser import csp_refusals

WIDTHS = (360, 1280)
HEIGHT = 900
LOCALES = {"id": "id-ID", "en": "en-US"}

_AXE = Axe()

# The elements that stick out past the right edge, innermost first: where to look when a page is
# too wide.
_WIDEST = """(width) => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0) {
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
      out.push(name + ' (' + Math.round(box.right) + ' px)');
    }
  }
  return out.slice(-5);
}"""


async def audit(page: Any, label: str) -> list[str]:
    """The problems of the page now open in `page`, at each width."""
    problems: list[str] = []
    for width in WIDTHS:
        await page.set_viewport_size({"width": width, "height": HEIGHT})
        scroll_width = await page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            widest = await page.evaluate(_WIDEST, width)
            problems.append(
                f"{label} @{width}px: the page is {scroll_width} px wide; sticking out: "
                + ", ".join(widest)
            )
        for violation in await _axe_violations(page):
            where = "; ".join(
                " ".join(str(t) for t in node["target"]) for node in violation["nodes"][:4]
            )
            problems.append(
                f"{label} @{width}px: axe {violation['id']} ({violation['impact']}): "
                f"{violation['help']} — {where}"
            )
    return problems


async def _axe_violations(page: Any) -> list[dict[str, Any]]:
    # The package's own `run` injects its 500 kB script before every run; once a page is enough.
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        await page.evaluate(_AXE.axe_script)
    results = await page.evaluate("axe.run({resultTypes: ['violations']})")
    return list(results["violations"])


async def visit(page: Any, url: str, label: str, *, status: int = 200) -> list[str]:
    """Open `url` and audit it; an unexpected status is a problem too."""
    response = await page.goto(url)
    problems = []
    if response is None or response.status != status:
        got = response.status if response else "no response"
        problems.append(f"{label}: status {got}, expected {status} ({url})")
    return problems + await audit(page, label)


@asynccontextmanager
async def browsing(browser: Any, lang: str) -> AsyncIterator[Any]:
    """A fresh browser context whose Accept-Language asks for `lang`; anything the
    Content-Security-Policy refused fails the test, as with the `browser_page` fixture."""
    context = await browser.new_context(
        locale=LOCALES[lang], viewport={"width": WIDTHS[-1], "height": HEIGHT}
    )
    page = await context.new_page()
    refused = csp_refusals(page)
    try:
        yield page
    finally:
        await context.close()
    assert not refused, "refused by the Content-Security-Policy:\n" + "\n".join(refused)


def report(problems: list[str]) -> str:
    return f"{len(problems)} problem(s):\n" + "\n".join(problems)
