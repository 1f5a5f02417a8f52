"""This area's tables: the figures of each month as last computed, and the frozen publications."""

from __future__ import annotations

from piccolo.columns import Bytea, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.table import Table


class MonthFigures(Table, tablename="transparency_month_figures"):
    """A month's figures as the worker last computed them (`computed_at`), the month in
    progress included; the pages, the PDF and the open data read only these. A month computed
    after its end no longer changes (every figure is dated by an event, a clock decision or a
    call within the month), so the 12-month trend reads stored rows."""

    id: Serial  # Piccolo adds it; declared for type checkers

    month = Varchar(length=7, unique=True)  # YYYY-MM
    # hotline.transparency.monthly.FIGURES_VERSION: a change of definitions recomputes.
    version = Integer()
    figures = Text()  # JSON
    computed_at = Timestamptz()


class Publication(Table, tablename="transparency_publication"):
    """A month frozen by `hotline report publish` (or the worker): its PDF, figures JSON and CSV
    with their SHA-256, chained to the previous publication.

    A row is first claimed (`state` = rendering) so that two workers never render the same
    month; the claim expires after a lease. `seq` and the chain are set when it is published.
    """

    id: Serial  # Piccolo adds it; declared for type checkers

    month = Varchar(length=7, unique=True)
    state = Varchar(length=12)  # rendering | published
    claimed_at = Timestamptz()
    claimed_by = Varchar(length=120, default="")
    seq = Integer(null=True, default=None, unique=True)
    published_at = Timestamptz(null=True, default=None)
    published_by = Varchar(length=80, default="")
    pdf = Bytea(default=b"")
    figures_json = Bytea(default=b"")
    csv = Bytea(default=b"")
    pdf_sha256 = Varchar(length=64, default="")
    json_sha256 = Varchar(length=64, default="")
    csv_sha256 = Varchar(length=64, default="")
    previous_hash = Varchar(length=64, default="")
    chain_hash = Varchar(length=64, default="")
