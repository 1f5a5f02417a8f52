"""Ranking merge suggestions (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from hotline.konsol.duplicates import (
    Candidate,
    kecamatan_of,
    rank,
    text_similarity,
)

NOW = datetime(2026, 11, 24, 3, tzinfo=UTC)


def cand(i: int, text: str, *, days: float = 0, same_region: bool = True) -> Candidate:
    return Candidate(i, f"REF{i}", NOW - timedelta(days=days), text, same_region)


def test_similar_words_close_in_time_rank_first() -> None:
    new = "Jalan berlubang besar di depan pasar Wadaslintang"
    ranked = rank(
        new,
        NOW,
        [
            cand(1, "Lampu penerangan mati di alun-alun", days=1),
            cand(2, "Lubang besar di jalan depan pasar Wadaslintang", days=2),
            cand(3, "Lubang besar di jalan depan pasar Wadaslintang", days=12),
            cand(4, "Lubang besar di jalan depan pasar Wadaslintang", days=2, same_region=False),
        ],
    )
    order = [c.ticket_id for c, _ in ranked]
    # Alike, recent and in the same kecamatan first; a different problem last.
    assert order[0] == 2 and order[-1] == 1


def test_stop_words_and_case_do_not_make_texts_alike() -> None:
    assert text_similarity("Yang dan di ke", "yang DAN di ke") == 0.0
    assert text_similarity("Pasar BANJIR", "banjir pasar") == 1.0


@given(st.text(), st.text())
def test_similarity_is_symmetric_and_bounded(a: str, b: str) -> None:
    s = text_similarity(a, b)
    assert 0.0 <= s <= 1.0
    assert s == text_similarity(b, a)


def test_at_most_five_suggestions() -> None:
    assert len(rank("a b c", NOW, [cand(i, "kata kata") for i in range(20)])) == 5


def test_kecamatan_of_a_desa() -> None:
    assert kecamatan_of("33.07.01.2001") == "33.07.01"
    assert kecamatan_of("33.07.01") == "33.07.01"
    assert kecamatan_of("33.07") is None
    assert kecamatan_of(None) is None
