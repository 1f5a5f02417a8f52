"""/laporan through the real server: only publishable reports, redacted, filterable, paged."""

from __future__ import annotations

import re

import pytest

from hotline.errors import NotFound
from hotline.tickets.lifecycle import Action, Status
from hotline.tickets.privacy import Privacy
from hotline.tickets.service import CreatedReport, perform, publish_update, redact, reply
from tests.integration.citizen.world import Citizen, World, wonosobo
from tests.support.factories import STAFF, file_report

NAME, PHONE, EMAIL = "Siti Rahayu", "0812 3456 7890", "siti@example.com"


async def _report(
    world: World,
    *,
    privacy: Privacy = Privacy.PUBLIK,
    verify: bool = True,
    redacted: str = "Jalan berlubang di depan pasar.",
    category: str = "JALAN-RUSAK",
    region: str = "33.07.01",
    agency: int | None = None,
) -> CreatedReport:
    created = await file_report(
        privacy=privacy,
        category=category,
        region=region,
        name=NAME,
        phone=PHONE,
        email=EMAIL,
        description=f"Saya {NAME} ({PHONE}) melapor: jalan berlubang dekat rumah saya.",
    )
    if verify:
        await perform(created.ticket_id, Action.VERIFY, actor=STAFF)
    if agency is not None:
        await perform(created.ticket_id, Action.DISPATCH, actor=STAFF, agency_id=agency)
    await redact(created.ticket_id, redacted, actor=STAFF)
    return created


def _listed(html: str) -> list[str]:
    return re.findall(r'<a href="/laporan/(\d+)">', html)


async def test_only_verified_public_and_anonymous_reports_appear_redacted(
    citizen: Citizen,
) -> None:
    world = await wonosobo()
    public = await _report(world, agency=world.pupr)
    anonymous = await _report(
        world,
        privacy=Privacy.ANONIM,
        category="SAMPAH",
        region="33.07.09.1002",
        redacted="Sampah menumpuk di ujung gang.",
    )
    confidential = await _report(world, privacy=Privacy.RAHASIA, redacted="Tidak boleh terbit.")
    unverified = await _report(world, verify=False, redacted="Belum diperiksa.")
    unredacted = await _report(world, redacted="")

    page = citizen.http.get("/laporan")
    assert page.status_code == 200
    assert sorted(_listed(page.text)) == sorted([public.reference, anonymous.reference])
    assert "Jalan berlubang di depan pasar." in page.text
    assert "Sampah menumpuk di ujung gang." in page.text
    for secret in (
        NAME,
        "3456",
        EMAIL,
        "dekat rumah saya",
        "Tidak boleh terbit",
        "Belum diperiksa",
    ):
        assert secret not in page.text
    assert "2 laporan ditemukan" in page.text

    detail = citizen.http.get(f"/laporan/{public.reference}")
    assert detail.status_code == 200
    assert "Jalan berlubang di depan pasar." in detail.text
    assert "Dinas Pekerjaan Umum dan Penataan Ruang" in detail.text
    assert "Diteruskan ke instansi" in detail.text  # the timeline, without texts
    for secret in (NAME, "3456", EMAIL, "dekat rumah saya"):
        assert secret not in detail.text
    for hidden in (confidential, unverified, unredacted):
        missing = citizen.http.get(f"/laporan/{hidden.reference}")
        assert missing.status_code == 404
        assert "Tidak ada laporan terbit dengan nomor ini." in missing.text
    assert citizen.http.get("/laporan/2600000000").status_code == 404


async def test_the_public_timeline_shows_only_what_staff_published(citizen: Citizen) -> None:
    world = await wonosobo()
    created = await _report(world, agency=world.pupr)
    answered = await reply(
        created.ticket_id, "Terima kasih Ibu Siti, kami cek besok.", actor=STAFF, public=True
    )
    note = await reply(created.ticket_id, "Internal: anggaran habis", actor=STAFF, public=False)
    page = citizen.http.get(f"/laporan/{created.reference}?lang=en")
    assert "Dispatched to agency" in page.text
    assert "Ibu Siti" not in page.text and "anggaran" not in page.text
    assert "Update published by the hotline" not in page.text

    await publish_update(
        created.ticket_id,
        answered,
        "Kami cek lokasi besok.",
        actor=STAFF,
        checked=True,
        central_unit=True,
    )
    page = citizen.http.get(f"/laporan/{created.reference}?lang=en")
    assert "Update published by the hotline" in page.text
    assert "Kami cek lokasi besok." in page.text
    assert "Ibu Siti" not in page.text and "anggaran" not in page.text
    # An internal note is never published, whoever asks.
    with pytest.raises(NotFound):
        await publish_update(
            created.ticket_id, note, "anggaran", actor=STAFF, checked=True, central_unit=True
        )


async def test_filters_and_pages(citizen: Citizen) -> None:
    world = await wonosobo()
    road = await _report(world, agency=world.pupr, region="33.07.01.2001")
    waste = await _report(
        world, category="SAMPAH", region="33.07.09", agency=world.dlh, redacted="Sampah."
    )
    await perform(waste.ticket_id, Action.ACCEPT, actor=STAFF)
    plain = await _report(world, region="33.07.04")

    def listed(query: str) -> list[str]:
        page = citizen.http.get("/laporan?" + query)
        assert page.status_code == 200
        return sorted(_listed(page.text))

    assert listed("category=SAMPAH") == [waste.reference]
    assert listed("agency=DPUPR") == [road.reference]
    # A kecamatan holds its desa: the road report was filed on a desa of Wadaslintang.
    assert listed("kecamatan=33.07.01") == [road.reference]
    assert listed("status=diproses") == [waste.reference]
    assert listed("status=diverifikasi") == [plain.reference]
    assert listed("category=SAMPAH&kecamatan=33.07.01") == []
    # A status that is never published is not a filter that reveals anything.
    assert listed("status=baru") == sorted([road.reference, waste.reference, plain.reference])

    for _ in range(21):
        await _report(world, region="33.07.12")
    first = citizen.http.get("/laporan?kecamatan=33.07.12")
    assert len(_listed(first.text)) == 20, first.text
    assert "21 laporan ditemukan" in first.text, re.findall(r"role=\"status\">.*", first.text)
    assert 'rel="prev"' not in first.text
    # Keyset pages: the link names the position the next page starts after, filters kept.
    older = re.search(
        r'href="/laporan\?kecamatan=33.07.12&amp;sebelum=(\d+_\d+)" rel="next"', first.text
    )
    assert older is not None, first.text
    second = citizen.http.get(f"/laporan?kecamatan=33.07.12&sebelum={older.group(1)}")
    assert len(_listed(second.text)) == 1 and 'rel="next"' not in second.text
    assert not set(_listed(first.text)) & set(_listed(second.text))
    newer = re.search(
        r'href="/laporan\?kecamatan=33.07.12&amp;sesudah=(\d+_\d+)" rel="prev"', second.text
    )
    assert newer is not None, second.text
    back = citizen.http.get(f"/laporan?kecamatan=33.07.12&sesudah={newer.group(1)}")
    assert _listed(back.text) == _listed(first.text)
    # A mangled position is the first page, not an error.
    assert _listed(citizen.http.get("/laporan?kecamatan=33.07.12&sebelum=zz").text) == _listed(
        first.text
    )


async def test_a_report_dispatched_by_a_rule_is_published_once_a_verifier_redacts_it(
    citizen: Citizen,
) -> None:
    # A confident rule dispatches it at once: verification was skipped, so nobody had read it.
    await wonosobo(confident=True)
    created = await file_report(
        category="JALAN-RUSAK", region="33.07.01", description=f"Saya {NAME}: jalan rusak."
    )
    assert created.status is Status.DIDISPOSISIKAN
    assert citizen.http.get(f"/laporan/{created.reference}").status_code == 404
    # The verifier's redaction is that reading, and publishes it.
    await redact(created.ticket_id, "Jalan rusak di Wadaslintang.", actor=STAFF)
    page = citizen.http.get(f"/laporan/{created.reference}")
    assert page.status_code == 200 and "Jalan rusak di Wadaslintang." in page.text
    assert NAME not in page.text
