"""The lists' named indexes exist on both engines after the migrations, and the operator's
search by phone number is answered from indexes (reporter_phone, then ticket_reporter) rather
than by reading the ticket table (docs/DECISIONS.md, "Lists at national scale")."""

from __future__ import annotations

from hotline.db.tx import is_sqlite, transaction
from hotline.konsol.operator import by_phone
from hotline.tickets.tables import Ticket

NAMED = (
    "ticket_clock_next_due",
    "ticket_reporter",
    "published_report_listed",
    "published_report_created_id",
)


async def _indexes() -> set[str]:
    if is_sqlite():
        rows = await Ticket.raw("SELECT name FROM sqlite_master WHERE type = 'index'")
        return {r["name"] for r in rows}
    rows = await Ticket.raw("SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public'")
    return {r["name"] for r in rows}


async def test_the_lists_named_indexes_exist() -> None:
    assert set(NAMED) <= await _indexes()


async def test_the_phone_search_reads_indexes_not_the_ticket_table() -> None:
    sql = str(by_phone("+6281234567890"))
    if is_sqlite():
        plan = " ".join(r["detail"] for r in await Ticket.raw("EXPLAIN QUERY PLAN " + sql))
    else:
        # An empty test table is cheapest to scan: forbid that, and the plan shows which
        # indexes can answer the query (the bench's EXPLAIN shows them chosen at 2M rows).
        async with transaction():
            await Ticket.raw("SET LOCAL enable_seqscan = off")
            plan = " ".join(r["QUERY PLAN"] for r in await Ticket.raw("EXPLAIN " + sql))
    assert "reporter_phone" in plan and "ticket_reporter" in plan, plan
