"""Counting the statements a piece of work sends to PostgreSQL, labelled by kind and table.

Wraps asyncpg's connection methods (every statement Piccolo sends, BEGIN and COMMIT included,
goes through them) while a `Counter` is open, in this process. Used by `bench/open311.py` to
report statements per Open311 POST and by the test that pins that number
(tests/integration/open311/test_statements.py).
"""

from __future__ import annotations

import re
from collections import Counter as Tally
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from asyncpg.connection import Connection

_METHODS = ("execute", "executemany", "fetch", "fetchrow", "fetchval")
_TABLE = re.compile(r'\b(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)


def label(query: str) -> str:
    """`SELECT ticket`, `INSERT outbox_message`, `BEGIN`: the statement's verb and first table."""
    text = query.strip()
    verb = text.split(None, 1)[0].upper().rstrip(";") if text else "?"
    if verb == "WITH":
        verb = "SELECT" if " SELECT " in text.upper() else verb
    table = _TABLE.search(text)
    return f"{verb} {table.group(1)}" if table else verb


@dataclass
class Statements:
    """What was sent while the counter was open."""

    queries: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.queries)

    def by_label(self) -> dict[str, int]:
        return dict(Tally(label(q) for q in self.queries).most_common())

    def by_verb(self) -> dict[str, int]:
        return dict(Tally(label(q).split()[0] for q in self.queries).most_common())


@contextmanager
def counting() -> Iterator[Statements]:
    """Count every statement any asyncpg connection of this process sends meanwhile."""
    seen = Statements()
    originals = {name: getattr(Connection, name) for name in _METHODS}

    def wrap(name: str) -> Any:
        inner = originals[name]

        async def method(self: Connection, query: str, *args: Any, **kwargs: Any) -> Any:
            seen.queries.append(query)
            return await inner(self, query, *args, **kwargs)

        return method

    for name in _METHODS:
        setattr(Connection, name, wrap(name))
    try:
        yield seen
    finally:
        for name, original in originals.items():
            setattr(Connection, name, original)
