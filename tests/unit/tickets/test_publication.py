"""The one publication rule: verified, publik/anonim, not rejected or merged, redacted text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hotline.tickets.publication import is_publishable

VERIFIED = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)
OK = {
    "verified_at": VERIFIED,
    "privacy": "publik",
    "status": "diproses",
    "public_description": "Jalan berlubang di depan pasar.",
}


def test_a_verified_public_redacted_report_is_published() -> None:
    assert is_publishable(OK)
    assert is_publishable({**OK, "privacy": "anonim"})


@pytest.mark.parametrize(
    "change",
    [
        {"privacy": "rahasia"},
        {"verified_at": None},
        {"status": "ditolak"},
        {"status": "duplikat"},
        {"status": "baru"},
        {"public_description": ""},
        {"public_description": "   "},
    ],
)
def test_anything_less_is_not(change: dict) -> None:
    assert not is_publishable({**OK, **change})
