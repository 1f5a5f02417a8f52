"""Telephone numbers as people in Indonesia write them ("0812...", "+62 812...", "62812..."),
as they are stored (E.164) and as they are dialled ("(0286) 321000"): one parsing for the reports,
the phone line, the blocklist, the operator's desk and the service's own numbers."""

from __future__ import annotations

import phonenumbers


def to_e164(raw: str) -> str | None:
    """The number in E.164; "" when nothing was given; None when it is not a valid number."""
    text = raw.strip()
    if not text:
        return ""
    if text.startswith("62"):
        text = "+" + text
    try:
        number = phonenumbers.parse(text, "ID")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def as_dialled(e164: str) -> str:
    """The number as people in Indonesia dial it ("(0286) 321000"), from its E.164 form."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
