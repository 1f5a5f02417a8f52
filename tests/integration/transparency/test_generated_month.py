"""The worker's computation (`compute_month`: clocks' working time from running totals, rows as
tuples) equals the in-memory definition (`compute_month_in_memory`: `WorkingCalendar.between`
per clock) on a generated month: several hundred reports at instants to the microsecond, over two
calendars (one in another zone, with a lunch break, a Saturday morning and an admin's holiday),
the national holidays of August 2026, weekends, clocks crossing midnight and the month's end,
pauses, and a clock started more than a year before (outside the running total's range)."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta

from hotline.directory.tables import CalendarOverride
from hotline.tickets.tables import Ticket, TicketClock, TicketEvent
from hotline.transparency.monthly import compute_month, compute_month_in_memory
from hotline.transparency.months import Month
from tests.support.factories import at, freeze, make_agency, make_calendar, make_directory
from tests.support.factories import make_region as region_of

AUGUST = Month(2026, 8)
FIRST = datetime(2026, 7, 20, tzinfo=UTC)  # reports from late July: their clocks end in August
SPAN = datetime(2026, 9, 3, tzinfo=UTC) - FIRST
CHANNELS = ("web", "telepon", "open311", "operator")
# A split day in WITA, and Saturday mornings.
SPLIT_HOURS = {
    **{str(d): [["07:30", "12:00"], ["13:00", "15:30"]] for d in range(5)},
    "5": [["08:00", "11:00"]],
}


def _instant(rng: random.Random, start: datetime, span: timedelta) -> datetime:
    return start + timedelta(microseconds=rng.randrange(int(span / timedelta(microseconds=1))))


def _history(
    rng: random.Random, ticket_id: int, ticket: Ticket, agencies: dict[int, str]
) -> list[TicketEvent]:
    """Verification, then a dispatch (sometimes a transfer), an answer and a verdict, or a
    rejection; a rating for some."""
    created, agency = ticket.created_at, ticket.agency
    events = []
    history: list[tuple[str, str, str, dict[str, object], timedelta]] = [
        ("verify", "baru", "diverifikasi", {}, timedelta(hours=1))
    ]
    if agency is not None:
        history.append(
            (
                "dispatch",
                "diverifikasi",
                "didisposisikan",
                {"agency": agencies[agency]},
                timedelta(hours=2),
            )
        )
        if rng.random() < 0.2:
            history.append(
                (
                    "transfer",
                    "didisposisikan",
                    "didisposisikan",
                    {"agency": "DINKES"},
                    timedelta(days=1),
                )
            )
        history.append(("answer", "diproses", "ditanggapi", {}, timedelta(days=rng.uniform(1, 9))))
        verdict = rng.choice(["reporter", "timeout", "dispute"])
        if verdict == "dispute":
            history.append(("dispute", "ditanggapi", "diproses", {}, timedelta(days=10)))
        else:
            history.append(
                (
                    "confirm",
                    "ditanggapi",
                    "selesai",
                    {"confirmed_by": verdict},
                    timedelta(days=10),
                )
            )
    else:
        history.append(
            (
                "reject",
                "diverifikasi",
                "ditolak",
                {"reason": rng.choice(["spam", "out_of_scope"])},
                timedelta(hours=3),
            )
        )
    for action, from_s, to_s, data, after in history:
        events.append(
            TicketEvent(
                ticket=ticket_id,
                at=created + after,
                kind="status_changed",
                actor_type="staff",
                from_status=from_s,
                to_status=to_s,
                data={"action": action, **data},
            )
        )
    if rng.random() < 0.4:
        events.append(
            TicketEvent(
                ticket=ticket_id,
                at=created + timedelta(days=rng.uniform(2, 12)),
                kind="rated",
                actor_type="reporter",
                data={"rating": rng.randint(1, 5)},
            )
        )
    return events


def _clocks(rng: random.Random, ticket_id: int, ticket: Ticket) -> list[TicketClock]:
    """The three clocks (one without an agency), met, missed or running, some paused."""
    created, agency = ticket.created_at, ticket.agency
    clocks = []
    for kind in ("verification", "first_response", "resolution"):
        if kind != "verification" and agency is None:
            continue
        started = created + timedelta(minutes=rng.randrange(0, 600))
        due = started + timedelta(days=rng.uniform(0.5, 14))
        stopped = started + timedelta(days=rng.uniform(0, 16), microseconds=rng.randrange(10**6))
        outcome = rng.random()
        paused_at = None
        if outcome < 0.15:  # still running
            stopped_at, met = None, None
            if rng.random() < 0.5:
                paused_at = started + timedelta(days=rng.uniform(0, 16))
        else:
            stopped_at, met = stopped, stopped <= due
            if rng.random() < 0.2:  # paused when it stopped (queries._clocks: ends there)
                paused_at = stopped - timedelta(hours=rng.uniform(0, 30))
        clocks.append(
            TicketClock(
                ticket=ticket_id,
                kind=kind,
                agency=None if kind == "verification" else agency,
                duration="5 working_days",
                started_at=started,
                due_at=due,
                paused_at=paused_at,
                paused_seconds=rng.choice([0, 0, 0, 3600, 5400, 20000]),
                stopped_at=stopped_at,
                met=met,
            )
        )
    return clocks


async def _generate(rng: random.Random) -> None:
    d = await make_directory()
    split = await make_calendar(timezone="Asia/Makassar", hours=SPLIT_HOURS)
    dishub = await make_agency(code="DISHUB", calendar=split)
    await CalendarOverride.insert(
        CalendarOverride(
            calendar=split,
            day=date(2026, 8, 21),  # a Friday: a regional holiday
            is_working=False,
            note="Hari jadi kabupaten",
            created_by="admin",
            created_at=FIRST,
        )
    )
    desa = await region_of(code="33.07.01.2001", name="Desa Contoh", level="desa")
    other = await region_of(code="33.07.02", name="Kecamatan Lain")
    agencies = {d.pupr: "DPUPR", d.dinkes: "DINKES", dishub: "DISHUB"}
    tickets, events, clocks = [], [], []
    for n in range(400):
        created = _instant(rng, FIRST, SPAN)
        agency = rng.choice([d.pupr, d.dinkes, dishub, dishub, None])
        status = rng.choice(["baru", "diproses", "ditanggapi", "selesai", "ditolak", "duplikat"])
        closed = status in ("selesai", "ditolak", "duplikat")
        closed_at = created + timedelta(days=rng.uniform(0.1, 20)) if closed else None
        tickets.append(
            Ticket(
                reference=f"G{n:07d}",
                pin_hash="x",
                channel=rng.choice(CHANNELS),
                status=status,
                privacy="publik",
                agency=agency,
                category=rng.choice([d.road, d.road, None]),
                region=rng.choice([d.region, desa, other, None]),
                created_at=created,
                updated_at=created,
                dispatched_at=created + timedelta(hours=2) if agency else None,
                closed_at=closed_at,
            )
        )
    ids = [r["id"] for r in await Ticket.insert(*tickets).returning(Ticket.id)]
    for ticket_id, ticket in zip(ids, tickets, strict=True):
        events += _history(rng, ticket_id, ticket, agencies)
        clocks += _clocks(rng, ticket_id, ticket)
    # Started more than a year before the month: outside the running totals' range.
    clocks.append(
        TicketClock(
            ticket=ids[0],
            kind="resolution",
            agency=dishub,
            duration="300 working_days",
            started_at=datetime(2025, 6, 2, 1, 2, 3, 456789, tzinfo=UTC),
            due_at=datetime(2026, 9, 1, tzinfo=UTC),
            stopped_at=datetime(2026, 8, 14, 9, 8, 7, 654321, tzinfo=UTC),
            met=True,
        )
    )
    await TicketEvent.insert(*events)
    await TicketClock.insert(*clocks)


async def test_a_generated_month_matches_the_in_memory_computation() -> None:
    await _generate(random.Random(16))
    for now in (at(2026, 9, 10), at(2026, 8, 19, 5, 30)):
        freeze(now)
        new = await compute_month(AUGUST, now=now)
        old = await compute_month_in_memory(AUGUST, now=now)
        # The same figures to the last byte of the stored JSON.
        assert json.dumps(new, sort_keys=True, default=str) == json.dumps(
            old, sort_keys=True, default=str
        )
        total = new["total"]
        # The month is full of what is compared: times on every clock kind, both outcomes, a
        # backlog, ratings, and each calendar's agency.
        assert all(total["times"][k]["count"] > 20 for k in total["times"])
        assert 0 < total["sla"]["all"]["met"] < total["sla"]["all"]["decided"]
        assert total["backlog"]["count"] > 10 and total["satisfaction"]["ratings"] > 10
        assert {"DPUPR", "DINKES", "DISHUB"} <= set(new["by"]["agency"])
        assert new["by"]["agency"]["DISHUB"]["times"]["resolution"]["count"] > 5
