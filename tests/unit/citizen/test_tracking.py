"""The /lacak sign-in cookie: opens one report, for a while, and cannot be forged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hotline.citizen import tracking
from hotline.citizen.deadlines import format_instant

SECRET = "a-secret-of-at-least-16"
NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)


def test_a_cookie_opens_its_report_until_it_expires() -> None:
    value = tracking.issue(42, now=NOW, minutes=30, secret=SECRET)
    assert tracking.read(value, now=NOW, secret=SECRET) == 42
    assert tracking.read(value, now=NOW + timedelta(minutes=29), secret=SECRET) == 42
    assert tracking.read(value, now=NOW + timedelta(minutes=30), secret=SECRET) is None


def test_a_changed_or_foreign_cookie_opens_nothing() -> None:
    value = tracking.issue(42, now=NOW, minutes=30, secret=SECRET)
    _, expires, nonce, signature = value.split(".")
    assert tracking.read(f"43.{expires}.{nonce}.{signature}", now=NOW, secret=SECRET) is None
    later = int(expires) + 3600
    assert tracking.read(f"42.{later}.{nonce}.{signature}", now=NOW, secret=SECRET) is None
    assert tracking.read(f"42.{expires}.{'0' * 32}.{signature}", now=NOW, secret=SECRET) is None
    assert tracking.read(value, now=NOW, secret="another-secret-of-16+") is None
    for junk in ("", "42", "a.b.c", "42.x.y", "42.1.n.s", None):
        assert tracking.read(junk, now=NOW, secret=SECRET) is None


def test_two_sign_ins_to_one_report_are_two_sessions() -> None:
    first = tracking.issue(42, now=NOW, minutes=30, secret=SECRET)
    second = tracking.issue(42, now=NOW, minutes=30, secret=SECRET)
    assert first != second  # signing out on one device must not end the other


def test_instants_are_shown_in_the_agencys_zone_and_the_readers_language() -> None:
    at = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
    assert format_instant(at, "Asia/Jakarta", "id") == "Kamis, 26 November 2026 pukul 10.00 WIB"
    # Babel puts a narrow no-break space before AM/PM in English.
    english = format_instant(at, "Asia/Makassar", "en").replace("\u202f", " ")
    assert english == "Thursday, November 26, 2026 at 11:00 AM WITA"
    assert format_instant(at, "Asia/Jayapura", "id").endswith("12.00 WIT")
