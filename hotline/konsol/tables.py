"""The console's own table: reusable reply texts ("templat jawaban")."""

from __future__ import annotations

from piccolo.columns import Boolean, ForeignKey, Serial, Text, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from hotline.directory.tables import Agency


class ReplyTemplate(Table):
    """A text an officer starts a public reply from. No agency: offered to every agency."""

    id: Serial  # Piccolo adds it; declared for type checkers

    agency = ForeignKey(Agency, null=True, on_delete=OnDelete.restrict, index=True)
    title = Varchar(length=120)
    body = Text()
    active = Boolean(default=True)
