"""The published projection of reports: what may be shown to anyone, and nothing more.

The area sits below `tickets` (which writes it through `gate.py`) and points only at the
directory: a row names its ticket by id, not by a foreign key, so the import graph goes one way.
No column here holds a name, a phone number, an e-mail, a reporter's words or an officer's words
that nobody approved for publication.
"""

from __future__ import annotations

from piccolo.columns import (
    DoublePrecision,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from hotline.directory.tables import Agency, Category, Region


class PublishedReport(Table):
    """One report as the public sees it. `rahasia` reports never have a row.

    Status, dates and the area follow the lifecycle; `text` is the verifier's redacted text,
    set only while the report may be published, and the coordinates are coarsened (`publik`
    reports only, after publication).
    """

    id: Serial  # Piccolo adds it; declared for type checkers

    ticket_id = Integer(unique=True, index=True)
    reference = Varchar(length=12, unique=True, index=True)
    status = Varchar(length=20, index=True)
    reject_reason = Varchar(length=40, default="")
    category = ForeignKey(Category, null=True, on_delete=OnDelete.restrict, index=True)
    region = ForeignKey(Region, null=True, on_delete=OnDelete.restrict)
    agency = ForeignKey(Agency, null=True, on_delete=OnDelete.restrict)
    text = Text(default="")
    latitude = DoublePrecision(null=True, default=None)
    longitude = DoublePrecision(null=True, default=None)
    expected_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(index=True)
    updated_at = Timestamptz()
    closed_at = Timestamptz(null=True, default=None)
    published_at = Timestamptz(null=True, default=None)


class PublishedUpdate(Table):
    """A public update of a report: a change of status (no text), or a text that someone on
    staff published after checking it for personal data."""

    id: Serial  # Piccolo adds it; declared for type checkers

    report = ForeignKey(PublishedReport, on_delete=OnDelete.cascade, index=True)
    at = Timestamptz(index=True)
    kind = Varchar(length=12)  # status | text
    status = Varchar(length=20)  # the report's status from this update on
    reason = Varchar(length=40, default="")  # a rejection's reason key
    text = Text(default="")
