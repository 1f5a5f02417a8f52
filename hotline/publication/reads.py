"""The read side of the publication gate: the building blocks every public query starts from.

A public page or feed selects from `PublishedReport` and `PublishedUpdate` only, through these
names, so what it can show is what the gate wrote: status, dates, area and agency for every
report that is not `rahasia`; text and coarse coordinates only for published ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from hotline.publication.tables import PublishedReport, PublishedUpdate

__all__ = [
    "Position",
    "PublishedReport",
    "PublishedUpdate",
    "text_published",
    "where_published",
]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def where_published() -> Any:
    """Reports whose redacted text was published (the /laporan list, open data)."""
    return PublishedReport.published_at.is_not_null() & (PublishedReport.text != "")


def text_published(row: dict[str, Any], prefix: str = "") -> bool:
    """The same rule on a selected row (`prefix`: "report." when read through an update)."""
    return row.get(prefix + "published_at") is not None and bool(row.get(prefix + "text"))


@dataclass(frozen=True)
class Position:
    """A report's place in the newest-first order of public lists (creation instant, then id):
    the keyset a page starts after, so a deep page is read from the index like the first
    (`published_report_listed`, docs/DECISIONS.md)."""

    created_at: datetime
    id: int

    @staticmethod
    def of(row: dict[str, Any]) -> Position:
        return Position(row["created_at"], row["id"])

    def encode(self) -> str:
        micros = (self.created_at - _EPOCH) // timedelta(microseconds=1)
        return f"{micros}_{self.id}"

    @staticmethod
    def decode(text: str) -> Position | None:
        """None for anything that is not a position (a first page, or a mangled link)."""
        micros, _, ident = text.partition("_")
        if not (micros.isdigit() and ident.isdigit() and len(micros) < 20):
            return None
        return Position(_EPOCH + timedelta(microseconds=int(micros)), int(ident))

    def older(self) -> Any:
        """Reports after this one in the newest-first order."""
        return (PublishedReport.created_at < self.created_at) | (
            (PublishedReport.created_at == self.created_at) & (PublishedReport.id < self.id)
        )

    def newer(self) -> Any:
        return (PublishedReport.created_at > self.created_at) | (
            (PublishedReport.created_at == self.created_at) & (PublishedReport.id > self.id)
        )
