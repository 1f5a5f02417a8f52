"""Locale negotiation and message lookup."""

from __future__ import annotations

import pytest

from hotline.i18n import DEFAULT, N_, SUPPORTED, normalize_locale, t

UNKNOWN = "zz-unit-test: a msgid no catalog will ever contain"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("en-US", "en"),
        ("en_GB", "en"),
        ("EN", "en"),
        ("en", "en"),
        ("id", "id"),
        ("id-ID", "id"),
        ("in", "id"),  # not supported -> the default
        ("fr", "id"),
        ("fr-FR", "id"),
        ("", "id"),
        (None, "id"),
    ],
)
def test_normalize_locale(value: str | None, expected: str) -> None:
    assert normalize_locale(value) == expected


def test_default_is_indonesian_and_supported() -> None:
    assert DEFAULT == "id"
    assert set(SUPPORTED) == {"id", "en"}


def test_n_marks_without_translating() -> None:
    assert N_(UNKNOWN) == UNKNOWN


@pytest.mark.parametrize("locale", ["id", "en", "fr", "en-US"])
def test_unknown_msgid_falls_back_to_the_msgid(locale: str) -> None:
    assert t(locale, UNKNOWN) == UNKNOWN


@pytest.mark.parametrize("locale", ["id", "en"])
def test_params_are_formatted_into_the_fallback(locale: str) -> None:
    msgid = "zz-unit-test: ticket {ref} is due in {n} days"
    expected = "zz-unit-test: ticket 2612345674 is due in 3 days"
    assert t(locale, msgid, ref="2612345674", n=3) == expected


def test_without_params_braces_are_left_alone() -> None:
    # No params: the text is not passed through str.format, so literal braces survive.
    assert t("en", "zz-unit-test: {not a field}") == "zz-unit-test: {not a field}"
