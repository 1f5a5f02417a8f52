"""Keywords a citizen may send at any point: STOP/BERHENTI, START/MULAI, STATUS."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from hotline.messaging.keywords import START_WORDS, STOP_WORDS, keyword


@given(st.sampled_from(sorted(STOP_WORDS)), st.sampled_from(["", " ", ".", "!"]))
def test_every_stop_word_in_any_case_stops(word: str, tail: str) -> None:
    for form in (word, word.lower(), word.title()):
        found = keyword(f"  {form}{tail}")
        assert found is not None and found.word == "stop"


@given(st.sampled_from(sorted(STOP_WORDS | START_WORDS)), st.text(min_size=1).filter(str.strip))
def test_a_keyword_inside_a_sentence_is_not_one(word: str, rest: str) -> None:
    # "stop the flooding in Kertek" is a report.
    text = f"{word} {rest}"
    found = keyword(text)
    assert found is None or found.word == "status"


def test_start_words() -> None:
    assert keyword("MULAI") == keyword("start") == keyword("Unstop")
    assert keyword("mulai") is not None and keyword("mulai").word == "start"  # type: ignore[union-attr]


def test_status_with_reference_and_pin_in_any_spacing() -> None:
    for text in (
        "STATUS 2612345678 123456",
        "status 26 1234 5678 pin 123456",
        "Cek 2612345678123456",
    ):
        found = keyword(text)
        assert found is not None
        assert (found.word, found.reference, found.pin) == ("status", "2612345678", "123456")
    found = keyword("STATUS 2612345678")
    assert found is not None and (found.reference, found.pin) == ("2612345678", "")
    assert keyword("status laporan saya bagaimana?") is None
