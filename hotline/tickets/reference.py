"""Reference numbers a caller can type on a keypad and read back over the phone.

Format: YY + 7 random digits + 1 Damm check digit, e.g. 26 1234567 4 (10 digits).

Why Damm: like Verhoeff it detects every single-digit error and every transposition of adjacent
digits, but it needs one 10×10 table and no permutations, and its check digit is always a digit
(ISO 7064 MOD 11-2 can yield "X", which a keypad cannot type). Luhn misses 09 <-> 90.
The body is random rather than sequential so that references do not reveal volumes or invite
guessing; the PIN protects them anyway.
"""

from __future__ import annotations

import secrets
from datetime import date

# The quasigroup table of order 10 from H. Michael Damm (2004), weakly totally anti-symmetric.
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)

LENGTH = 10
_DIGITS = frozenset("0123456789")
_RANDOM_DIGITS = LENGTH - 3


def check_digit(digits: str) -> str:
    interim = 0
    for ch in digits:
        interim = _DAMM[interim][int(ch)]
    return str(interim)


def is_valid(reference: str) -> bool:
    """True for a well-formed reference (right length, digits only, check digit right)."""
    if len(reference) != LENGTH or not all(ch in _DIGITS for ch in reference):
        return False
    return check_digit(reference) == "0"


def normalize(text: str) -> str:
    """What a person typed or said -> digits only ("26-1234 5674" -> "2612345674")."""
    # ASCII digits only: str.isdigit() also accepts "²" and other scripts' digits.
    return "".join(ch for ch in text if ch in _DIGITS)


def new_reference(today: date, rng: secrets.SystemRandom | None = None) -> str:
    rand = rng or secrets.SystemRandom()
    body = f"{today.year % 100:02d}" + "".join(
        str(rand.randrange(10)) for _ in range(_RANDOM_DIGITS)
    )
    return body + check_digit(body)


def spoken(reference: str) -> str:
    """Digit by digit, for text-to-speech: "2 6 1 2 ..."."""
    return " ".join(reference)
