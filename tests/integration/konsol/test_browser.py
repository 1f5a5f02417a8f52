"""A real browser (headless Chromium) through a whole case: a verifier dispatches a phone report,
an officer of that agency sees it arrive in the queue without reloading, accepts it, replies and
resolves it; the reporter, following the report on /lacak with its reference and PIN, reads the
answer and never the internal note."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hotline.tickets.channels import Channel
from hotline.tickets.events import EventKind
from hotline.tickets.lifecycle import Action, Status
from hotline.tickets.service import find_by_reference, perform
from hotline.tickets.tables import TicketEvent
from tests.integration.konsol.support import PASSWORD, make_user
from tests.support.factories import STAFF, file_report, make_directory
from tests.support.live_server import live_server

ANSWER = "Lubang sudah ditambal oleh tim Dinas PUPR pada hari Senin."


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with live_server(HOTLINE_KONSOL_POLL_SECONDS="2") as base:
        yield base


async def _sign_in(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    await page.goto(base + "/konsol/masuk")
    await page.fill("input[name=username]", username)
    await page.fill("input[name=password]", PASSWORD)
    await page.click("button[type=submit]")


async def test_verifier_dispatches_officer_replies_and_resolves(browser_page, server: str) -> None:  # type: ignore[no-untyped-def]
    page = browser_page
    directory = await make_directory()
    await make_user("verif", "verifikator")
    await make_user("petugas.pupr", "petugas", "DPUPR")
    report = await file_report(channel=Channel.TELEPON, description="")

    # The verifier finds the phone report in the queue, completes it and dispatches it to the
    # agency the routing rules propose (Dinas PUPR).
    await _sign_in(page, server, "verif")
    await page.wait_for_url("**/konsol/verifikasi")
    await page.click(f"text={report.reference}")
    await page.wait_for_url(f"**/konsol/tiket/{report.ticket_id}")
    correct = page.locator("form[action$='/aksi/correct']")
    await correct.locator("textarea[name=description]").fill(
        "Jalan berlubang di depan pasar Wadaslintang, membahayakan pengendara motor."
    )
    await correct.locator("button[type=submit]").click()
    await page.wait_for_selector("text=Jalan berlubang di depan pasar Wadaslintang")
    dispatch = page.locator("form[action$='/aksi/dispatch']")
    assert await dispatch.locator("select[name=agency] option:checked").inner_text() == (
        "Dinas PUPR (diusulkan)"
    )
    await dispatch.locator("button[type=submit]").click()
    await page.wait_for_selector("text=Diteruskan ke instansi")
    await page.click("form[action='/konsol/keluar'] button")
    await page.wait_for_url("**/konsol/masuk")

    # The officer works the agency queue; a report dispatched meanwhile appears without reloading.
    await _sign_in(page, server, "petugas.pupr")
    await page.wait_for_url("**/konsol/antrian")
    await page.wait_for_selector(f"text={report.reference}")
    other = await file_report(description="Lampu jalan mati di dekat alun-alun sejak seminggu.")
    await perform(other.ticket_id, Action.DISPATCH, actor=STAFF, agency_id=directory.pupr)
    await page.wait_for_selector(f"text={other.reference}", timeout=15_000)
    assert "Daftar diperbarui" in await page.inner_text("#live-status")

    await page.click(f"text={report.reference}")
    await page.wait_for_url(f"**/konsol/tiket/{report.ticket_id}")
    await page.click("form[action$='/aksi/accept'] button")
    await page.wait_for_selector("text=Sedang diproses")
    # Keyboard: "i" jumps to the internal note.
    await page.keyboard.press("i")
    await page.keyboard.type("Tim lapangan dijadwalkan Senin.")
    focused = await page.evaluate("document.activeElement.closest('form').action")
    assert focused.endswith("/aksi/note")
    await page.click("form[action$='/aksi/note'] button")
    await page.wait_for_selector("text=Tim lapangan dijadwalkan Senin.")
    await page.fill("form[action$='/aksi/resolve'] textarea", ANSWER)
    await page.click("form[action$='/aksi/resolve'] button")
    await page.wait_for_selector(f"text={ANSWER}")

    ticket = await find_by_reference(report.reference)
    assert ticket["status"] == Status.DITANGGAPI.value
    # What the reporter will see: the public history. The answer is in it; the note is not.
    public = (
        await TicketEvent.select(TicketEvent.kind, TicketEvent.body, TicketEvent.to_status)
        .where((TicketEvent.ticket == report.ticket_id) & TicketEvent.public.eq(True))
        .order_by(TicketEvent.id)
    )
    assert public[-1]["to_status"] == Status.DITANGGAPI.value and public[-1]["body"] == ANSWER
    assert all("Tim lapangan" not in e["body"] for e in public)
    notes = await TicketEvent.select(TicketEvent.body).where(
        (TicketEvent.ticket == report.ticket_id)
        & (TicketEvent.kind == EventKind.INTERNAL_NOTE.value)
    )
    assert [n["body"] for n in notes] == ["Tim lapangan dijadwalkan Senin."]

    # The reporter follows the report on /lacak, in a browser of their own (no staff cookies).
    citizen = await page.context.browser.new_context(locale="id-ID")
    try:
        reporter = await citizen.new_page()
        await reporter.goto(server + "/lacak")
        await reporter.get_by_label("Nomor laporan").fill(report.reference)
        await reporter.locator("#pin").fill(report.pin)
        async with reporter.expect_navigation():
            await reporter.locator("#pin").press("Enter")
        heading = await reporter.get_by_role("heading", level=1).inner_text()
        assert heading == f"Laporan {report.reference}"
        assert await reporter.locator("#status").inner_text() == "Ditanggapi"
        shown = await reporter.content()
        assert ANSWER in shown
        assert "Tim lapangan" not in shown
    finally:
        await citizen.close()
