"""The typed records name exactly the columns of their tables (secrets left out), so a column
added, renamed or removed without its record fails here rather than passing the type checker."""

from __future__ import annotations

from typing import Any

import pytest
from piccolo.table import Table

from hotline.ivr.records import CallRow
from hotline.ivr.tables import IvrCall
from hotline.tickets.records import ClockRow, ReporterRow, TicketRow
from hotline.tickets.tables import Reporter, Ticket, TicketClock


@pytest.mark.parametrize(
    ("record", "table"),
    [(TicketRow, Ticket), (ReporterRow, Reporter), (ClockRow, TicketClock), (CallRow, IvrCall)],
)
def test_a_record_has_its_tables_columns_and_no_secret(record: Any, table: type[Table]) -> None:
    columns = {c._meta.name for c in table._meta.columns if not c._meta.secret}
    # A call's row version (PostgreSQL's xmin) is read with the row, not stored in it.
    assert set(record.__annotations__) - {"row_version"} == columns
