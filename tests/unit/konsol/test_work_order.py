"""What the console puts first (pure): the ticket page's next deadline, and the supervisor's
escalations as one line per report."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hotline.konsol.pages import next_deadline
from hotline.konsol.supervisor import latest_per_ticket

T0 = datetime(2026, 11, 24, 3, tzinfo=UTC)


def clock_row(kind: str, due_h: float, *, stopped: bool = False, paused: bool = False) -> Any:
    return {
        "kind": kind,
        "due_at": T0 + timedelta(hours=due_h),
        "stopped_at": T0 if stopped else None,
        "paused_at": T0 if paused else None,
    }


def test_the_next_deadline_is_the_earliest_running_clock() -> None:
    clocks = [
        clock_row("verification", -5, stopped=True),
        clock_row("resolution", 48),
        clock_row("first_response", 2),
    ]
    assert kind_of(clocks) == "first_response"


def test_paused_clocks_show_only_when_none_runs_and_stopped_ones_never() -> None:
    assert kind_of([clock_row("resolution", 1, paused=True)]) == "resolution"
    assert kind_of([clock_row("a", 1, paused=True), clock_row("b", 9)]) == "b"
    assert next_deadline([clock_row("verification", 1, stopped=True)]) is None
    assert next_deadline([]) is None


def kind_of(clocks: list[Any]) -> str | None:
    found = next_deadline(clocks)
    return None if found is None else str(found["kind"])


def escalation(ticket: int, hours: float, level: int, clock: str = "first_response") -> Any:
    return {
        "ticket_id": ticket,
        "reference": f"ref-{ticket}",
        "title": f"report {ticket}",
        "status": "diproses",
        "at": T0 + timedelta(hours=hours),
        "data": {"clock": clock, "level": level, "due_at": (T0 - timedelta(days=1)).isoformat()},
    }


def test_escalations_are_one_line_per_report_newest_first_with_reason_and_since() -> None:
    lines = latest_per_ticket(
        [
            escalation(1, 0, 1),
            escalation(2, 5, 1, "resolution"),
            escalation(1, 24, 2),
            escalation(1, 30, 1, "resolution"),
        ]
    )
    assert [line["ticket_id"] for line in lines] == [1, 2]
    first = lines[0]
    # The newest escalation says why; the line keeps when it began and how many there were.
    assert (first["clock"], first["level"], first["count"]) == ("resolution", 1, 3)
    assert first["first_at"] == T0
    assert first["due_at"] == T0 - timedelta(days=1)
    assert first["title"] == "report 1"
    assert (lines[1]["count"], lines[1]["first_at"]) == (1, T0 + timedelta(hours=5))


def test_an_escalation_without_data_still_lists_its_report() -> None:
    row = {**escalation(3, 0, 1), "data": None}
    (line,) = latest_per_ticket([row])
    assert line["clock"] is None and line["due_at"] is None and line["count"] == 1
