"""Choices whose members carry their translatable labels, as NetBox's `choices.py` does.

A member holds its stable key (stored, in URLs, exports and Open311) and the message id a person
reads, in one row: `SELESAI = "selesai", N_("Resolved")`, so `Status.SELESAI.label` is the msgid
and `t(locale, Status.SELESAI.label)` its translation. No parallel dictionary to keep in step.
A choice read by several audiences in different words (a clock: the console's short name, the
citizen's sentence, the public report's heading) names each text as an attribute of its own
(`ClockKind.citizen_label`) through its own `__init__`.

`N_` lives here, at the bottom of the layers, so that a pure module (the SLA arithmetic) can
label its choices; `hotline.i18n` re-exports it. Babel extracts every `N_("…")` call.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self


def N_(message: str) -> str:
    """Marks a msgid for extraction without translating it yet."""
    return message


class Choice(StrEnum):
    """A StrEnum member written `KEY = "key", N_("Label")`: its value is the key alone."""

    _value_: str
    label: str

    # `label` has a default only so that a lookup by key, `Status("selesai")`, type-checks: the
    # enum machinery calls this once per member, always with its labels. The same holds for the
    # named labels of a subclass's `__init__`; tests/unit/test_choices.py checks that every
    # member has every label.
    def __new__(cls, value: str, label: str = "", *more: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member
