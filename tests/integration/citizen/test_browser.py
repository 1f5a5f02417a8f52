"""A real browser (headless Chromium) files a report with a photo, follows it, reads English."""

from __future__ import annotations

from typing import Any

from hotline.tickets.tables import Attachment
from tests.integration.citizen.world import jpeg_with_gps, ticket_by_reference, wonosobo


async def test_file_a_report_with_a_photo_then_follow_it_and_switch_to_english(
    browser_page: Any, server: str
) -> None:
    await wonosobo()
    page = browser_page
    await page.goto(server + "/lapor")
    assert await page.get_attribute("html", "lang") == "id"
    # Sent empty: the page comes back with the problems listed, and the focus on that list.
    async with page.expect_navigation():
        await page.get_by_role("button", name="Kirim laporan").click()
    assert await page.evaluate("document.activeElement.id") == "error-summary"
    assert (
        await page.locator("#category-error").inner_text() == "Kesalahan: Pilih kategori laporan."
    )
    assert await page.get_by_label("Kategori").get_attribute("aria-invalid") == "true"

    await page.get_by_label("Kategori").select_option("JALAN-RUSAK")
    await page.get_by_label("Kecamatan").select_option("33.07.01")
    # The small script narrows the desa list to the chosen kecamatan.
    assert (
        await page.locator('#desa optgroup[data-kecamatan="33.07.09"]').get_attribute("hidden")
        is not None
    )
    await page.get_by_label("Desa atau kelurahan").select_option("33.07.01.2001")
    await page.get_by_label("Uraian").fill(
        "Jalan berlubang besar di depan pasar, berbahaya bagi motor."
    )
    await page.get_by_label("Alamat atau patokan").fill("Depan Pasar Wadaslintang")
    await page.get_by_label("Lampirkan berkas").set_input_files(
        files=[{"name": "jalan.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}]
    )
    await page.get_by_label("Anonim").check()
    await page.locator("#consent").check()
    async with page.expect_navigation():
        await page.get_by_role("button", name="Kirim laporan").click()

    assert page.url.endswith("/lapor/terkirim")
    reference = (await page.locator("#reference").inner_text()).strip()
    pin = (await page.locator("#pin").inner_text()).strip()
    assert len(reference) == 10 and len(pin) == 6
    assert pin not in page.url
    ticket = await ticket_by_reference(reference)
    assert await Attachment.count().where(Attachment.ticket == ticket["id"]) == 1

    await page.get_by_role("link", name="Lacak laporan ini").click()
    assert await page.get_by_label("Nomor laporan").input_value() == reference
    # By keyboard alone: from the reference, Tab to the PIN, type it, Enter sends the form.
    await page.get_by_label("Nomor laporan").focus()
    await page.keyboard.press("Tab")
    assert await page.evaluate("document.activeElement.id") == "pin"
    await page.keyboard.type(pin)
    async with page.expect_navigation():
        await page.keyboard.press("Enter")
    assert await page.get_by_role("heading", level=1).inner_text() == f"Laporan {reference}"
    assert "jalan.jpg" in await page.content()
    assert pin not in page.url

    await page.get_by_role("link", name="English").click()
    await page.wait_for_load_state()
    assert await page.get_attribute("html", "lang") == "en"
    assert await page.get_by_role("heading", level=1).inner_text() == f"Report {reference}"
    assert await page.locator("#status").inner_text() == "Received"
