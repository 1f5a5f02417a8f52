"""The demo's queue calls look like a real call centre's: office hours on working days, a
morning peak, most answered, some abandoned, a few timed out into a message."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from hotline.callcentre import intervals, reports
from hotline.demo.calls import MAX_WAIT, log_of, plan
from hotline.sla.calendar import WorkingCalendar

WIB = ZoneInfo("Asia/Jakarta")


def test_six_months_of_office_hour_calls() -> None:
    rows = plan(
        random.Random(7),
        start=datetime(2026, 5, 1, tzinfo=UTC),
        end=datetime(2026, 11, 1, tzinfo=UTC),
    )
    assert 3000 < len(rows) < 8000
    calendar = WorkingCalendar()
    hours: Counter[int] = Counter()
    for r in rows:
        local = r["entered_at"].astimezone(WIB)
        assert calendar.is_working_day(local.date()) and 8 <= local.hour < 16
        hours[local.hour] += 1
        assert r["wait_seconds"] >= 0 and r["ended_at"] >= r["entered_at"]
        if r["outcome"] == "answered":
            assert r["answered_at"] >= r["entered_at"] and r["handle_seconds"] > 0
        if r["outcome"] == "recording":
            assert r["wait_seconds"] == MAX_WAIT
    assert hours[9] > hours[12] and hours[10] > hours[15]  # the morning peak, the midday dip
    outcomes = Counter(r["outcome"] for r in rows)
    assert outcomes["answered"] > 0.6 * len(rows)
    assert outcomes["abandoned"] > 0.03 * len(rows)
    assert len({r["call_sid"] for r in rows}) == len(rows)
    # Deterministic: the same generator gives the same calls.
    again = plan(
        random.Random(7),
        start=datetime(2026, 5, 1, tzinfo=UTC),
        end=datetime(2026, 11, 1, tzinfo=UTC),
    )
    assert again == rows


def test_the_demo_calls_make_a_call_centre_log_that_adds_up() -> None:
    rows = plan(
        random.Random(7),
        start=datetime(2026, 10, 1, tzinfo=UTC),
        end=datetime(2026, 11, 1, tzinfo=UTC),
    )
    for i, r in enumerate(rows):
        if r["outcome"] == "answered":
            r["agent"] = 1 + i % 2
    log = log_of(rows, [1, 2])
    start, end = datetime(2026, 9, 30, tzinfo=UTC), datetime(2026, 11, 2, tzinfo=UTC)
    spans = intervals.spans(log, start, end)
    total = reports.tally(intervals.calls(log, spans)).row()
    outcomes = Counter(r["outcome"] for r in rows)
    assert total["offered"] == len(rows)
    assert (total["answered"], total["abandoned"], total["timed_out"]) == (
        outcomes["answered"],
        outcomes["abandoned"],
        outcomes["recording"],
    )
    assert len({e["event_key"] for e in log}) == len(log)  # every key unique
    officers = reports.officer_report(intervals.calls(log, spans), spans)
    assert [o["agent"] for o in officers] == [1, 2]
    assert all(0 < (o["occupancy"] or 0) < 1 for o in officers)
