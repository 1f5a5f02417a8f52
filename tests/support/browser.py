"""A real browser for the web tests: Debian's Chromium, headless, driven by Playwright.

Playwright's own browser download cannot run here (and must not be needed), so the tests drive
the system Chromium (`.ci/ensure-tools` installs it; `make test` runs that first). Use the
fixtures from an async test:

    async def test_something(browser_page, live_url): ...

`browser` is one Chromium per test session; `browser_page` a fresh context (no cookies) per test.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from typing import Any

import pytest

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
# Without the background-networking flags Chromium keeps dialling out of this closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str:
    explicit = os.environ.get("HOTLINE_TEST_CHROMIUM")
    if explicit:
        return explicit
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError(
        "no Chromium found for the browser tests: run .ci/ensure-tools "
        "(installs Debian's chromium) or set HOTLINE_TEST_CHROMIUM"
    )


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[object]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        chromium = await pw.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            await chromium.close()


def csp_refusals(page: Any) -> list[str]:
    """What the page's Content-Security-Policy refuses from now on (an inline script or style, a
    script from elsewhere): a test fails on any, since the page would be broken for real users."""
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refused


@pytest.fixture
async def browser_page(browser) -> AsyncIterator[object]:  # type: ignore[no-untyped-def]
    context = await browser.new_context(locale="id-ID")
    page = await context.new_page()
    refused = csp_refusals(page)
    try:
        yield page
    finally:
        await context.close()
    assert not refused, "refused by the Content-Security-Policy:\n" + "\n".join(refused)
