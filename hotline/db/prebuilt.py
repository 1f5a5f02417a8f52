"""INSERT statements written once per process, for the rows written on every report.

Piccolo builds an insert anew for each row: a Table instance, then each value converted and
the statement assembled column by column. Under load that building was a third of a filed
report's CPU (docs/PERFORMANCE.md, "Open311 intake"), for the same few statements each time.
Here a table's INSERT text is made once; a call converts the values (JSON dumped as Piccolo
does, a left-out column given its Piccolo default) and runs it through the engine's raw query,
so it joins the caller's transaction on either engine like any Piccolo query.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from piccolo.columns import Column
from piccolo.columns.column_types import JSON, JSONB
from piccolo.table import Table
from piccolo.utils.encoding import dump_json


class Insert:
    """`INSERT INTO table (every column but the key) VALUES … [ON CONFLICT …] [RETURNING id]`."""

    def __init__(
        self,
        table: type[Table],
        *,
        returning_id: bool = True,
        on_conflict_nothing: Column | None = None,
    ) -> None:
        self._table = table
        self._columns = [c for c in table._meta.columns if not c._meta.primary_key]
        self._json = [isinstance(c, (JSON, JSONB)) for c in self._columns]
        names = ", ".join(f'"{c._meta.db_column_name}"' for c in self._columns)
        # Names from the table's definition only; the values are bound parameters.
        self._head = f'INSERT INTO "{table._meta.tablename}" ({names}) VALUES '  # noqa: S608
        self._one_row = "(" + ", ".join("{}" for _ in self._columns) + ")"
        tail = ""
        if on_conflict_nothing is not None:
            tail += f' ON CONFLICT ("{on_conflict_nothing._meta.db_column_name}") DO NOTHING'
        if returning_id:
            tail += f' RETURNING "{table._meta.primary_key._meta.db_column_name}" AS "id"'
        self._tail = tail

    def complete(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """`row` with every column it leaves out at its Piccolo default (the key left out)."""
        return {
            c._meta.name: row[c._meta.name] if c._meta.name in row else c.get_default_value()
            for c in self._columns
        }

    def _values(self, row: Mapping[str, Any]) -> list[Any]:
        values = []
        for column, is_json in zip(self._columns, self._json, strict=True):
            name = column._meta.name
            value = row[name] if name in row else column.get_default_value()
            if is_json and value is not None and not isinstance(value, str):
                value = dump_json(value)
            values.append(value)
        return values

    async def run(self, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Insert `rows` (by column name) in one statement: the new ids (none for a row that
        met the conflict), or [] without RETURNING."""
        if not rows:
            return []
        args = [v for row in rows for v in self._values(row)]
        sql = self._head + ", ".join([self._one_row] * len(rows)) + self._tail
        result = await self._table.raw(sql, *args)
        return list(result or [])
