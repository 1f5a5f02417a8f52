"""Which agency a report names (directory.conflicts): by name, short name or code, as whole
words, whatever the case."""

from __future__ import annotations

from hotline.directory.conflicts import AgencyName, mentioned, names_target

AGENCIES = [
    AgencyName(1, "DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil"),
    AgencyName(2, "DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR"),
    AgencyName(3, "DLH", "Dinas Lingkungan Hidup", "DLH"),
    AgencyName(4, "X", "", "PU"),  # too short to tell from a syllable: never matched
]


def test_a_report_names_an_agency_by_any_of_its_names() -> None:
    assert mentioned("Petugas disdukcapil minta uang Rp 50.000 untuk KTP", AGENCIES) == {1}
    assert mentioned("Saya ke kantor Dinas Kependudukan dan Pencatatan Sipil", AGENCIES) == {1}
    assert mentioned("Oknum DPUPR dan DLH", AGENCIES) == {2, 3}


def test_only_whole_words_count() -> None:
    assert mentioned("DLHK provinsi", AGENCIES) == set()
    assert mentioned("jalan puput rusak", AGENCIES) == set()
    assert mentioned("", AGENCIES) == set()


def test_the_target_is_named_or_not() -> None:
    text = "Pungli di loket Disdukcapil"
    assert names_target(text, 1, AGENCIES)
    assert not names_target(text, 2, AGENCIES)
    assert not names_target(text, None, AGENCIES)
