"""Nothing after the commit turns a saved web report into an error (issue 16): the receipt is
kept for the redirect in the sessions store (the database, on one node), after the report's
transaction. When that write fails, the citizen still sees the reference and the PIN at once;
before, they got an error page for a report that was saved, and sent it again."""

from __future__ import annotations

import re

from hotline.db.tx import is_sqlite
from hotline.tickets.tables import Ticket
from tests.integration.citizen.world import Citizen, wonosobo

# A real failure of the database, for the receipt's write only (every other write goes through).
FAIL_SQLITE = """
CREATE TRIGGER receipt_test_fail BEFORE INSERT ON kv_store
WHEN NEW.key LIKE '%citizen:receipt:%'
BEGIN SELECT RAISE(ABORT, 'storage unavailable'); END
"""
FAIL_POSTGRES = (
    "CREATE FUNCTION receipt_test_fail() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'storage unavailable'; END $$ LANGUAGE plpgsql",
    "CREATE TRIGGER receipt_test_fail BEFORE INSERT ON kv_store FOR EACH ROW "
    "WHEN (NEW.key LIKE '%citizen:receipt:%') EXECUTE FUNCTION receipt_test_fail()",
)


async def test_a_receipt_that_cannot_be_kept_is_shown_at_once(citizen: Citizen) -> None:
    await wonosobo()
    sqlite = is_sqlite()
    for sql in (FAIL_SQLITE,) if sqlite else FAIL_POSTGRES:
        await Ticket.raw(sql)
    try:
        page = citizen.file_report()
    finally:
        await Ticket.raw("DROP TRIGGER receipt_test_fail" + ("" if sqlite else " ON kv_store"))
        if not sqlite:
            await Ticket.raw("DROP FUNCTION receipt_test_fail()")
    assert page.status_code == 200, page.text
    [ticket] = await Ticket.select(Ticket.reference)
    reference = re.search(r'<dd id="reference">([^<]+)</dd>', page.text)
    pin = re.search(r'<dd id="pin">(\d+)</dd>', page.text)
    assert reference and reference.group(1) == ticket["reference"]
    assert pin  # shown this once, as on the receipt page
    assert "Terima kasih: laporan Anda sudah diterima" in page.text
