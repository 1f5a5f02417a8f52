"""Conflict of interest: does a report name the agency it would be sent to? (pure)

Complaints about an agency's own staff (extortion at a service counter, a levy asked by an
officer) must not be handled by that agency: the reporter would be exposed to the very people
they report. A report that names its target agency is not dispatched automatically, and the
verifier is warned and offered the internal oversight unit (the Inspektorat).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Short names and codes below this length ("DLH") are matched only as whole words, as all are;
# shorter ones would match ordinary syllables.
MIN_LENGTH = 3


@dataclass(frozen=True)
class AgencyName:
    id: int
    code: str
    name: str
    short_name: str


def _pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    names = sorted({w.strip() for w in words if len(w.strip()) >= MIN_LENGTH}, key=len)
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in reversed(names))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def mentioned(text: str, agencies: Iterable[AgencyName]) -> set[int]:
    """The agencies a text names by name, short name or code."""
    found = set()
    for agency in agencies:
        pattern = _pattern((agency.name, agency.short_name, agency.code))
        if pattern is not None and pattern.search(text):
            found.add(agency.id)
    return found


def names_target(text: str, target: int | None, agencies: Iterable[AgencyName]) -> bool:
    """Whether the report names the agency it would go to."""
    return target is not None and target in mentioned(text, agencies)
