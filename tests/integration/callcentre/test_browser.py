"""The wallboard in a real browser (headless Chromium) on a 1080p screen: it fits without
scrolling sideways, and a caller entering the queue shows up on it without a reload. And the
report page draws its charts."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.async_api import expect

from hotline import clock
from hotline.callcentre import events
from hotline.callcentre.definitions import Kind
from hotline.db.tx import transaction
from tests.integration.konsol.support import PASSWORD, make_user
from tests.support.live_server import live_server

# Screenshots for a person to look at, when asked for (never compared).
SHOTS = os.environ.get("CALLCENTRE_SCREENSHOTS", "")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with live_server() as base:
        yield base


async def _sign_in(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    await page.goto(base + "/konsol/masuk")
    await page.fill("input[name=username]", username)
    await page.fill("input[name=password]", PASSWORD)
    await page.click("button[type=submit]")
    await page.wait_for_url("**/konsol/pusat-panggilan")


async def _enter(sid: str, seconds_ago: int) -> None:
    at = clock.now() - timedelta(seconds=seconds_ago)
    async with transaction():
        await events.record(
            events.event(Kind.ENTERQUEUE, f"{sid}:ENTERQUEUE", at, call_sid=sid, queue="id")
        )


async def test_the_wallboard_fits_a_tv_and_updates_itself(browser_page, server: str) -> None:  # type: ignore[no-untyped-def]
    page = browser_page
    await page.set_viewport_size({"width": 1920, "height": 1080})
    await make_user("koordinator", "koordinator")
    await _enter("CA-first", seconds_ago=75)
    await _sign_in(page, server, "koordinator")
    await page.goto(server + "/konsol/pusat-panggilan/papan")
    waiting = page.locator("[data-figure=waiting]")
    assert await waiting.inner_text() == "1"
    assert await page.locator("[data-figure=longest_wait]").inner_text() >= "1:15"
    assert await page.evaluate("document.documentElement.scrollWidth") <= 1920
    # The number of callers waiting is large enough to read across a room.
    size = await waiting.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert size >= 72
    if SHOTS:
        await page.screenshot(path=f"{SHOTS}/wallboard.png", full_page=True)

    await _enter("CA-second", seconds_ago=0)
    # The page asks every few seconds: wait for it to show the second caller, no reload.
    await expect(waiting).to_have_text("2", timeout=60_000)
    assert await page.locator("[data-figure=offered]").inner_text() == "2"


async def test_the_report_page_draws_its_charts(browser_page, server: str) -> None:  # type: ignore[no-untyped-def]
    page = browser_page
    await make_user("koordinator", "koordinator")
    await _enter("CA-third", seconds_ago=30)
    await _sign_in(page, server, "koordinator")
    await page.goto(server + "/konsol/pusat-panggilan/laporan")
    assert await page.locator("svg.cc-chart").count() == 2
    assert await page.locator("svg.cc-heatmap").count() == 2
    assert await page.locator("#cc-offered").inner_text() == "1"
    if SHOTS:
        await page.screenshot(path=f"{SHOTS}/reports.png", full_page=True)
