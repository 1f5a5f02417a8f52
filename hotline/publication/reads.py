"""The read side of the publication gate: the building blocks every public query starts from.

A public page or feed selects from `PublishedReport` and `PublishedUpdate` only, through these
names, so what it can show is what the gate wrote: status, dates, area and agency for every
report that is not `rahasia`; text and coarse coordinates only for published ones.
"""

from __future__ import annotations

from typing import Any

from hotline.publication.tables import PublishedReport, PublishedUpdate

__all__ = ["PublishedReport", "PublishedUpdate", "text_published", "where_published"]


def where_published() -> Any:
    """Reports whose redacted text was published (the /laporan list, open data)."""
    return PublishedReport.published_at.is_not_null() & (PublishedReport.text != "")


def text_published(row: dict[str, Any], prefix: str = "") -> bool:
    """The same rule on a selected row (`prefix`: "report." when read through an update)."""
    return row.get(prefix + "published_at") is not None and bool(row.get(prefix + "text"))
