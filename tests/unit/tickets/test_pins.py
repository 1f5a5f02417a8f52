"""Ticket PINs: keyed, salted hashes and the online lockout."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline.tickets.pins import (
    LOCKOUT,
    MAX_FAILURES,
    PIN_LENGTH,
    PinCheck,
    check_pin,
    hash_pin,
    new_pin,
    pin_matches,
)

SECRET = "test-secret-key-0123456789"
OTHER_SECRET = "another-secret-key-987654"
PIN = "314159"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

STORED = hash_pin(PIN, SECRET)

pins = st.text(alphabet="0123456789", min_size=PIN_LENGTH, max_size=PIN_LENGTH)


@pytest.fixture(scope="module")
def stored() -> str:
    return hash_pin(PIN, SECRET)


# -- new_pin / hash_pin / pin_matches --------------------------------------------------------


def test_new_pin_is_six_ascii_digits() -> None:
    for _ in range(50):
        pin = new_pin()
        assert len(pin) == PIN_LENGTH
        assert all(ch in "0123456789" for ch in pin)


def test_hash_differs_per_call_for_the_same_pin() -> None:
    hashes = {hash_pin(PIN, SECRET) for _ in range(10)}
    assert len(hashes) == 10
    assert all(PIN not in h.split("$", 2)[2] for h in hashes)


def test_hash_is_hmac_sha256_of_salt_and_pin_under_the_secret() -> None:
    # Independent recomputation of the documented scheme.
    salt = "00112233aabbccdd"
    expected = hmac.new(SECRET.encode(), f"{salt}:{PIN}".encode(), hashlib.sha256).hexdigest()
    assert hash_pin(PIN, SECRET, salt) == f"hmac-sha256${salt}${expected}"


@settings(max_examples=100, deadline=None)
@given(pins, pins)
def test_matches_only_the_right_pin(pin: str, other: str) -> None:
    stored = hash_pin(pin, SECRET)
    assert pin_matches(pin, stored, SECRET)
    assert pin_matches(other, stored, SECRET) is (other == pin)


def test_wrong_secret_fails(stored: str) -> None:
    assert pin_matches(PIN, stored, SECRET)
    assert not pin_matches(PIN, stored, OTHER_SECRET)


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "hmac-sha256",
        "hmac-sha256$abcd",
        "md5$abcd$0123",
        "argon2$salt$digest",
        "hmac-sha256$$",
        "hmac-sha256$salt$",
        "hmac-sha256$salt$not-a-digest",
        "$$$",
        "hmac-sha256$salt$é",  # non-ASCII: hmac.compare_digest raises TypeError on such str
    ],
)
def test_malformed_stored_hash_returns_false(bad: str) -> None:
    assert pin_matches(PIN, bad, SECRET) is False


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80) | st.builds("hmac-sha256${}${}".format, st.text(), st.text()))
def test_any_garbage_stored_hash_returns_false_and_never_raises(bad: str) -> None:
    # A corrupt row must not turn a PIN check into a server error.
    assert pin_matches(PIN, bad, SECRET) is False


# -- check_pin and the lockout ---------------------------------------------------------------


def test_right_pin_passes_and_resets_failures(stored: str) -> None:
    result = check_pin(PIN, stored, SECRET, failures=3, locked_until=None, now=T0)
    assert result == PinCheck(ok=True, locked=False, failures=0, locked_until=None)


def test_wrong_pins_count_up_then_lock(stored: str) -> None:
    failures = 0
    locked_until = None
    for attempt in range(1, MAX_FAILURES):
        result = check_pin(
            "000000",
            stored,
            SECRET,
            failures=failures,
            locked_until=locked_until,
            now=T0 + timedelta(seconds=attempt),
        )
        assert not result.ok
        assert not result.locked
        assert result.failures == attempt
        failures, locked_until = result.failures, result.locked_until
    now = T0 + timedelta(seconds=MAX_FAILURES)
    result = check_pin(
        "000000", stored, SECRET, failures=failures, locked_until=locked_until, now=now
    )
    assert not result.ok
    assert result.locked
    assert result.locked_until == now + LOCKOUT


def _lock(stored: str, now: datetime) -> PinCheck:
    failures, locked_until = 0, None
    result = None
    for _ in range(MAX_FAILURES):
        result = check_pin(
            "999999", stored, SECRET, failures=failures, locked_until=locked_until, now=now
        )
        failures, locked_until = result.failures, result.locked_until
    assert result is not None and result.locked
    return result


@pytest.mark.parametrize(
    "after", [timedelta(0), timedelta(minutes=1), LOCKOUT - timedelta(seconds=1)]
)
def test_while_locked_even_the_right_pin_is_refused(stored: str, after: timedelta) -> None:
    lock = _lock(stored, T0)
    result = check_pin(
        PIN, stored, SECRET, failures=lock.failures, locked_until=lock.locked_until, now=T0 + after
    )
    assert not result.ok
    assert result.locked
    assert result.locked_until == lock.locked_until  # a refused try does not extend or lift it


@pytest.mark.parametrize("after", [LOCKOUT, LOCKOUT + timedelta(hours=5)])
def test_after_lockout_the_right_pin_works_and_resets(stored: str, after: timedelta) -> None:
    lock = _lock(stored, T0)
    result = check_pin(
        PIN, stored, SECRET, failures=lock.failures, locked_until=lock.locked_until, now=T0 + after
    )
    assert result == PinCheck(ok=True, locked=False, failures=0, locked_until=None)


def test_after_lockout_a_wrong_pin_starts_counting_again(stored: str) -> None:
    lock = _lock(stored, T0)
    result = check_pin(
        "000000",
        stored,
        SECRET,
        failures=lock.failures,
        locked_until=lock.locked_until,
        now=T0 + LOCKOUT,
    )
    assert not result.ok
    assert not result.locked
    assert 1 <= result.failures < MAX_FAILURES


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.integers(0, 3600)), max_size=30))
def test_never_more_than_max_failures_wrong_tries_per_lockout(
    tries: list[tuple[bool, int]],
) -> None:
    """Model: count wrong tries since the last success or lock; locked iff MAX_FAILURES reached."""
    stored = STORED
    now = T0
    failures, locked_until = 0, None
    model_failures, model_locked_until = 0, None
    for right, gap in tries:
        now += timedelta(seconds=gap)
        result = check_pin(
            PIN if right else "000000",
            stored,
            SECRET,
            failures=failures,
            locked_until=locked_until,
            now=now,
        )
        if model_locked_until is not None and now < model_locked_until:
            assert result.locked and not result.ok
        elif right:
            assert result.ok
            model_failures, model_locked_until = 0, None
        else:
            assert not result.ok
            model_failures += 1
            if model_failures == MAX_FAILURES:
                assert result.locked
                model_failures, model_locked_until = 0, now + LOCKOUT
            else:
                assert not result.locked
        if not result.locked:
            assert result.failures == model_failures
        failures, locked_until = result.failures, result.locked_until
