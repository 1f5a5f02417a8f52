"""Which earlier reports a new one may duplicate (pure: scoring only, no I/O).

Candidates are fetched by the cheap, indexed facts (same category, same kecamatan, filed within
DUPLICATE_WINDOW); this module ranks them by how close in time they are and how alike their
words are, so the verifier sees the likely duplicates first and decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

DUPLICATE_WINDOW = timedelta(days=14)
MAX_SUGGESTIONS = 5
_WORD = re.compile(r"[0-9a-zA-Z\u00C0-\u024F]{3,}")
# Indonesian words that say nothing about the problem itself.
_STOP = frozenset(
    [
        "yang",
        "dan",
        "di",
        "ke",
        "dari",
        "ini",
        "itu",
        "ada",
        "untuk",
        "dengan",
        "pada",
        "sudah",
        "belum",
        "tidak",
        "juga",
        "karena",
        "sangat",
        "mohon",
        "tolong",
        "kami",
        "saya",
        "bapak",
        "ibu",
        "sejak",
        "sampai",
        "agar",
        "bisa",
        "akan",
        "telah",
        "jalan",
    ]
)


def words(text: str) -> frozenset[str]:
    return frozenset(w for w in (m.lower() for m in _WORD.findall(text)) if w not in _STOP)


def text_similarity(a: str, b: str) -> float:
    """Jaccard similarity of the meaningful words, 0..1."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


@dataclass(frozen=True)
class Candidate:
    ticket_id: int
    reference: str
    created_at: datetime
    text: str
    same_region: bool


def score(new_text: str, new_at: datetime, c: Candidate) -> float:
    closeness = max(0.0, 1 - abs(new_at - c.created_at) / DUPLICATE_WINDOW)
    return 0.6 * text_similarity(new_text, c.text) + 0.25 * closeness + 0.15 * c.same_region


def rank(
    new_text: str, new_at: datetime, candidates: list[Candidate]
) -> list[tuple[Candidate, float]]:
    scored = [(c, score(new_text, new_at, c)) for c in candidates]
    scored.sort(key=lambda pair: (-pair[1], pair[0].ticket_id))
    return scored[:MAX_SUGGESTIONS]


def kecamatan_of(region_code: str | None) -> str | None:
    """33.07.01.2001 (a desa) -> 33.07.01 (its kecamatan); a kecamatan is itself."""
    if not region_code:
        return None
    parts = region_code.split(".")
    return ".".join(parts[:3]) if len(parts) >= 3 else None
