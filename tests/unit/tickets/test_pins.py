"""Ticket PINs: keyed, salted hashes and the online throttle."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from litestar.stores.memory import MemoryStore

from hotline.limiter import Limiter
from hotline.tickets.pins import (
    CLIENT,
    CLIENT_ON_REFERENCE,
    LOCKOUT,
    PIN_LENGTH,
    REFERENCE,
    Attempt,
    admitted,
    failed,
    hash_pin,
    new_pin,
    pin_matches,
    succeeded,
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


# -- the throttle: the failing client is locked, the report only slows down ------------------


def _limiter() -> Limiter:
    return Limiter(MemoryStore())


STRANGER = Attempt(client="web:10.0.0.66", reference="2612345675")
OWNER = Attempt(client="web:10.0.0.7", reference="2612345675")


async def test_the_failing_client_is_locked_not_the_report() -> None:
    limiter = _limiter()
    for n in range(CLIENT_ON_REFERENCE.threshold):
        assert await admitted(limiter, STRANGER, T0), n
        await failed(limiter, STRANGER, T0)
    assert not await admitted(limiter, STRANGER, T0)
    assert not await admitted(limiter, STRANGER, T0 + LOCKOUT - timedelta(seconds=1))
    assert await admitted(limiter, OWNER, T0)  # another client: the owner is not locked out
    assert await admitted(limiter, STRANGER, T0 + LOCKOUT)  # the lock ends with its time


async def test_a_client_guessing_many_reports_is_locked_from_all() -> None:
    limiter = _limiter()
    for n in range(CLIENT.threshold):
        guess = Attempt(client=STRANGER.client, reference=f"26{n:08d}")
        await failed(limiter, guess, T0)
    assert not await admitted(limiter, STRANGER, T0)
    assert await admitted(limiter, OWNER, T0)


async def test_a_guessed_report_slows_down_with_a_growing_delay_but_never_for_a_clean_client() -> (
    None
):
    limiter = _limiter()
    now = T0
    # Strangers from many addresses, each under its own lock: the report counts them all.
    for n in range(REFERENCE.threshold):
        await failed(limiter, Attempt(client=f"web:10.1.0.{n}", reference=OWNER.reference), now)
    dirty = Attempt(client="web:10.1.0.1", reference=OWNER.reference)
    assert not await admitted(limiter, dirty, now)
    assert await admitted(limiter, dirty, now + REFERENCE.block)
    assert await admitted(limiter, OWNER, now)  # no failures of its own: always checked
    delays = []
    for _ in range(8):
        state = await limiter.strike(REFERENCE, OWNER.reference, now)
        delays.append(state.blocked_until - int(now.timestamp() * 1000))
    assert REFERENCE.cap is not None
    assert delays == sorted(delays) and delays[-1] == REFERENCE.cap.total_seconds() * 1000
    assert await admitted(limiter, OWNER, now)


async def test_the_right_pin_forgives_that_client_on_that_report_only() -> None:
    limiter = _limiter()
    for _ in range(CLIENT_ON_REFERENCE.threshold - 1):
        await failed(limiter, OWNER, T0)
    await succeeded(limiter, OWNER)
    for _ in range(CLIENT_ON_REFERENCE.threshold - 1):
        await failed(limiter, OWNER, T0)
    assert await admitted(limiter, OWNER, T0)
