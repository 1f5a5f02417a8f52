"""The console queues in keyset pages: walking the "next" cursors gives every ticket in scope
exactly once, in next-deadline order (ties by id, those without a running deadline last), with
the filters applied on every page; the count stops at its cap; the page links carry the cursor."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from hotline import clock
from hotline.konsol import queues
from hotline.tickets.lifecycle import Action
from hotline.tickets.service import perform
from hotline.tickets.tables import TicketClock
from tests.integration.konsol.support import make_user, sign_in
from tests.support.factories import STAFF, at, file_report, freeze, make_directory
from tests.support.live_server import live_server


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with live_server(HOTLINE_KONSOL_PAGE_SIZE="10") as base:
        yield base


async def _walk(f: queues.QueueFilter, size: int) -> list[int]:
    seen: list[int] = []
    after = ""
    for _ in range(50):
        page = await queues.queue(
            agency_id=None,
            statuses=queues.VERIFICATION_STATUSES,
            filters=queues.QueueFilter(**{**f.__dict__, "after": after}),
            user_id=0,
            page_size=size,
        )
        assert len(page.rows) <= size
        seen += [r["id"] for r in page.rows]
        if not page.next_after:
            return seen
        assert len(page.rows) == size
        after = page.next_after
    raise AssertionError("the pages never ended")


async def _deadlines(ids: list[int], dues: list[timedelta | None]) -> None:
    """Set each ticket's running verification clock due `due` from now (None: paused)."""
    now = clock.now()
    for ident, due in zip(ids, dues, strict=True):
        values: dict[Any, Any] = (
            {TicketClock.due_at: now + due} if due is not None else {TicketClock.paused_at: now}
        )
        await TicketClock.update(values).where(TicketClock.ticket == ident)


async def test_pages_walk_every_ticket_once_in_deadline_order() -> None:
    freeze(at(2026, 11, 2))  # "due soon" ends exactly two days from now: the instant must hold
    await make_directory()
    ids = [
        (await file_report(description=f"Laporan jalan rusak nomor {i}.")).ticket_id
        for i in range(9)
    ]
    day = timedelta(days=1)
    # Two ties on one instant, one overdue, two without a running deadline (paused).
    dues = [3 * day, -day, 3 * day, None, 2 * day, 3 * day, None, 10 * day, -2 * day]
    await _deadlines(ids, dues)
    # A second running clock earlier than the first: the ticket's next deadline is the earlier.
    now = clock.now()
    await TicketClock.insert(
        TicketClock(
            ticket=ids[7],
            kind="first_response",
            duration="1 working_days",
            started_at=now,
            due_at=now + timedelta(hours=1),
        )
    )
    effective = dict(zip(ids, dues, strict=True)) | {ids[7]: timedelta(hours=1)}
    expected = sorted(ids, key=lambda i: (effective[i] is None, effective[i] or timedelta(0), i))
    for size in (1, 2, 3, 4, 9, 50):
        assert await _walk(queues.QueueFilter(), size) == expected, size
    overdue = [i for i in expected if (d := effective[i]) is not None and d < timedelta(0)]
    assert await _walk(queues.QueueFilter(due="breached"), 1) == overdue
    soon = [i for i in expected if (d := effective[i]) is not None and timedelta(0) <= d < 2 * day]
    assert await _walk(queues.QueueFilter(due="soon"), 1) == soon
    # A cursor that is not one is the first page, not an error.
    first = await queues.queue(
        agency_id=None,
        statuses=queues.VERIFICATION_STATUSES,
        filters=queues.QueueFilter(after="x_1"),
        user_id=0,
        page_size=2,
    )
    assert [r["id"] for r in first.rows] == expected[:2] and first.total == 9


async def test_the_count_stops_at_its_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    await make_directory()
    for i in range(4):
        await file_report(description=f"Laporan jalan rusak nomor {i}.")

    async def first(size: int) -> queues.QueuePage:
        return await queues.queue(
            agency_id=None,
            statuses=queues.VERIFICATION_STATUSES,
            filters=queues.QueueFilter(),
            user_id=0,
            page_size=size,
        )

    page = await first(2)
    assert (page.total, page.more_than_cap, len(page.rows)) == (4, False, 2)
    monkeypatch.setattr(queues, "COUNT_CAP", 3)
    page = await first(2)
    assert (page.total, page.more_than_cap, len(page.rows)) == (4, True, 2)
    # A first page holding the whole queue is counted from its rows.
    page = await first(10)
    assert (page.total, page.more_than_cap, len(page.rows)) == (4, True, 4)


def _references(html: str) -> list[str]:
    return re.findall(r'class="row-link" href="/konsol/tiket/\d+">(\d+)<', html)


async def test_the_next_link_leads_to_the_following_page(server: str) -> None:
    directory = await make_directory()
    await make_user("petugas.pupr", "petugas", "DPUPR")
    reports = [await file_report(description=f"Laporan jalan rusak nomor {i}.") for i in range(11)]
    for r in reports:
        await perform(r.ticket_id, Action.DISPATCH, actor=STAFF, agency_id=directory.pupr)
    officer = await sign_in(server, "petugas.pupr")
    first = await officer.get("/konsol/antrian?status=didisposisikan")
    assert "11 laporan" in first.text
    assert len(_references(first.text)) == 10
    link = re.search(r'data-key="n" href="\?([^"]+)"', first.text)
    assert link is not None and "status=didisposisikan" in link.group(1)
    second = await officer.get("/konsol/antrian?" + link.group(1).replace("&amp;", "&"))
    assert len(_references(second.text)) == 1
    assert not set(_references(first.text)) & set(_references(second.text))
    assert 'data-key="n"' not in second.text and 'data-key="p"' in second.text
