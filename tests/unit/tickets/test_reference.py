"""Ticket references: YY + 7 random digits + a Damm check digit.

The Damm table is a weakly totally anti-symmetric quasigroup, so every single-digit substitution
and every transposition of adjacent different digits must be caught; the tests check those
guarantees on the real table rather than trusting it.
"""

from __future__ import annotations

import random
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline.tickets import reference
from hotline.tickets.reference import LENGTH, check_digit, is_valid, new_reference, normalize

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)
ASCII_DIGITS = "0123456789"

bodies = st.text(alphabet=ASCII_DIGITS, min_size=LENGTH - 1, max_size=LENGTH - 1)


def _valid(body: str) -> str:
    return body + check_digit(body)


# -- known vectors ---------------------------------------------------------------------------


def test_known_damm_vector_572() -> None:
    # Worked by hand on Damm's table: 0 -5-> 9 -7-> 7 -2-> 4.
    assert check_digit("572") == "4"
    assert check_digit("5724") == "0"


def test_known_vector_validates_when_padded_to_length() -> None:
    # Leading zeros do not change a Damm check digit (row 0, column 0 is 0).
    assert check_digit("000000572") == "4"
    assert is_valid("0000005724")
    assert not is_valid("0000005723")


def test_empty_body_has_check_digit_zero() -> None:
    assert check_digit("") == "0"


# -- the error-detection guarantees ----------------------------------------------------------


@PROPERTY_SETTINGS
@given(bodies)
def test_generated_reference_is_valid(body: str) -> None:
    ref = _valid(body)
    assert len(ref) == LENGTH
    assert is_valid(ref)


@PROPERTY_SETTINGS
@given(bodies)
def test_every_single_digit_substitution_is_detected(body: str) -> None:
    ref = _valid(body)
    for pos in range(LENGTH):
        for digit in ASCII_DIGITS:
            if digit == ref[pos]:
                continue
            typo = ref[:pos] + digit + ref[pos + 1 :]
            assert not is_valid(typo), f"{ref} -> {typo} (position {pos}) not detected"


@PROPERTY_SETTINGS
@given(bodies)
def test_every_adjacent_transposition_is_detected(body: str) -> None:
    ref = _valid(body)
    for pos in range(LENGTH - 1):
        a, b = ref[pos], ref[pos + 1]
        if a == b:
            continue
        swapped = ref[:pos] + b + a + ref[pos + 2 :]
        assert not is_valid(swapped), f"{ref} -> {swapped} (positions {pos},{pos + 1})"


@pytest.mark.parametrize(("a", "b"), [(a, b) for a in range(10) for b in range(10) if a != b])
def test_every_adjacent_digit_pair_swap_is_detected_in_a_fixed_context(a: int, b: int) -> None:
    # Exhaustive over all 90 ordered pairs, including Luhn's blind spot 09 <-> 90.
    body = f"26{a}{b}12345"
    ref = _valid(body)
    swapped = ref[:2] + str(b) + str(a) + ref[4:]
    assert not is_valid(swapped)


# -- format checks ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["", "123456789", "12345678901", "26123456a4", " 261234567", "26-1234567"],
)
def test_malformed_references_are_invalid(text: str) -> None:
    assert not is_valid(text)


@PROPERTY_SETTINGS
@given(
    st.text(max_size=12)
    | st.text(st.characters(categories=["Nd", "No"]), min_size=LENGTH, max_size=LENGTH)
)
def test_is_valid_never_raises_and_accepts_only_ascii_digits(text: str) -> None:
    # A reference is typed on a keypad: only 0-9 may ever be valid, and junk must give False
    # (not an exception) whatever the user typed, e.g. "²" which str.isdigit() accepts.
    result = is_valid(text)
    if result:
        assert len(text) == LENGTH
        assert all(ch in ASCII_DIGITS for ch in text)


def test_is_valid_with_superscript_digits_returns_false() -> None:
    assert is_valid("²" * LENGTH) is False


# -- normalize -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("26-1234 5674", "2612345674"),
        ("  26 1234 567 4 ", "2612345674"),
        ("26-12-34-56-74", "2612345674"),
        ("2612345674", "2612345674"),
        ("", ""),
    ],
)
def test_normalize_strips_spaces_and_dashes(typed: str, expected: str) -> None:
    assert normalize(typed) == expected


@PROPERTY_SETTINGS
@given(bodies, st.lists(st.sampled_from([" ", "-", "  ", " - "]), min_size=LENGTH, max_size=LENGTH))
def test_normalize_recovers_a_reference_however_it_is_spaced(body: str, seps: list[str]) -> None:
    ref = _valid(body)
    typed = "".join(sep + ch for sep, ch in zip(seps, ref, strict=True))
    assert normalize(typed) == ref
    assert is_valid(normalize(typed))


@PROPERTY_SETTINGS
@given(st.text(max_size=20))
def test_normalize_yields_only_ascii_digits(text: str) -> None:
    # Its result is compared with stored references, which are ASCII digits.
    assert all(ch in ASCII_DIGITS for ch in normalize(text))


# -- new_reference ---------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2199, 12, 31)), st.integers(0, 2**32))
def test_new_reference_is_valid_and_starts_with_the_year(today: date, seed: int) -> None:
    ref = new_reference(today, random.Random(seed))  # type: ignore[arg-type]
    assert len(ref) == LENGTH
    assert all(ch in ASCII_DIGITS for ch in ref)
    assert ref[:2] == str(today.year)[-2:]
    assert is_valid(ref)


def test_new_reference_pads_early_century_years() -> None:
    assert new_reference(date(2005, 3, 1)).startswith("05")
    assert new_reference(date(2100, 1, 1)).startswith("00")


def test_new_reference_without_rng_uses_system_randomness() -> None:
    refs = {new_reference(date(2026, 5, 1)) for _ in range(20)}
    assert all(r.startswith("26") and is_valid(r) for r in refs)
    assert len(refs) > 1  # 10**7 bodies: 20 equal draws would mean no randomness at all


def test_spoken_reads_digit_by_digit() -> None:
    assert reference.spoken("2612") == "2 6 1 2"
