"""Demo queue calls: six months of callers waiting for an officer (QueueCall rows), so the
transparency dashboard has phone figures on the demo.

Calls arrive in office hours (08:00-16:00 WIB) on working days, more in the morning, fewer at
the midday break and after 15:00, more on Mondays. Each caller has a patience; a caller whose
wait (from the number of officers on duty and the calls ahead) exceeds it hangs up (abandoned),
one who reaches the wait limit leaves a recorded message, the others are answered and talk for a
few minutes. Deterministic for a given random generator. The same calls are written to the call
centre's event log (`log_of`), with the officers signing in and out, so its reports have the
demo's months too.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hotline.accounts.tables import User
from hotline.callcentre.definitions import Kind
from hotline.callcentre.events import event
from hotline.callcentre.records import Event
from hotline.callcentre.tables import CallCentreEvent, Shift
from hotline.ivr.tables import QueueCall
from hotline.sla.calendar import WorkingCalendar

ZONE = ZoneInfo("Asia/Jakarta")
# Mean arrivals per hour of the day (WIB) on an ordinary working day.
HOURLY = {8: 4.0, 9: 6.5, 10: 6.0, 11: 5.0, 12: 2.5, 13: 4.5, 14: 4.0, 15: 2.5}
MONDAY = 1.3
MAX_WAIT = 180  # the queue limit of the demo (HOTLINE_IVR_QUEUE_MAX_WAIT_SECONDS' default)
BATCH = 500
WRAPUP_SECONDS = 45  # the demo's officers are ready again this long after each conversation


def _poisson(rng: random.Random, mean: float) -> int:
    # Knuth's method: small means only, which is all an hour of a call centre needs.
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def plan(rng: random.Random, *, start: datetime, end: datetime) -> list[dict[str, Any]]:
    """The calls of [start, end), as QueueCall values (agent left to the caller of `plan`)."""
    calendar = WorkingCalendar()
    rows: list[dict[str, Any]] = []
    day = start.astimezone(ZONE).date()
    last = end.astimezone(ZONE).date()
    while day < last:
        if calendar.is_working_day(day):
            factor = MONDAY if day.weekday() == 0 else 1.0
            busy_until = datetime.combine(day, time(8), ZONE)  # when the officers are next free
            for hour, mean in HOURLY.items():
                arrivals = sorted(rng.uniform(0, 3600) for _ in range(_poisson(rng, mean * factor)))
                for offset in arrivals:
                    entered = datetime.combine(day, time(hour), ZONE) + timedelta(seconds=offset)
                    # Two officers on duty share the calls: the wait is what is ahead, halved.
                    ahead = max((busy_until - entered).total_seconds(), 0.0) / 2
                    wait = int(ahead + rng.expovariate(1 / 15))
                    patience = rng.expovariate(1 / 150)
                    row: dict[str, Any] = {
                        "call_sid": f"CAdemo{len(rows):08d}{rng.getrandbits(40):010x}",
                        "queue": "en" if rng.random() < 0.04 else "id",
                        "entered_at": entered,
                    }
                    if patience < min(wait, MAX_WAIT):
                        row.update(outcome="abandoned", wait_seconds=int(patience))
                        row["ended_at"] = entered + timedelta(seconds=int(patience))
                    elif wait >= MAX_WAIT:
                        row.update(outcome="recording", wait_seconds=MAX_WAIT)
                        row["ended_at"] = entered + timedelta(seconds=MAX_WAIT + 60)
                    else:
                        talk = int(rng.lognormvariate(math.log(220), 0.5))
                        answered = entered + timedelta(seconds=wait)
                        row.update(
                            outcome="answered",
                            wait_seconds=wait,
                            answered_at=answered,
                            handle_seconds=talk,
                            ended_at=answered + timedelta(seconds=talk),
                        )
                        busy_until = max(busy_until, entered) + timedelta(seconds=talk)
                    rows.append(row)
        day += timedelta(days=1)
    return rows


async def seed_queue_calls(rng: random.Random, *, start: datetime, end: datetime) -> int:
    """Insert the demo's queue calls; answered ones are spread over the demo's call agents."""
    agents = [
        r["id"] for r in await User.select(User.id).where(User.role == "operator").order_by(User.id)
    ]
    rows = plan(rng, start=start, end=end)
    for row in rows:
        if row["outcome"] == "answered" and agents:
            row["agent"] = rng.choice(agents)
    for i in range(0, len(rows), BATCH):
        await QueueCall.insert(*(QueueCall(**r) for r in rows[i : i + BATCH]))
    log = log_of(rows, agents)
    for i in range(0, len(log), BATCH):
        await CallCentreEvent.insert(*(CallCentreEvent(**e) for e in log[i : i + BATCH]))
    return len(rows)


def log_of(rows: list[dict[str, Any]], agents: list[int]) -> list[Event]:
    """The call centre's events of the planned calls: each officer signed in 08:00-16:00 on the
    days with calls, each caller's queue events, and the officer ready again after wrap-up."""
    log: list[Event] = []
    days = sorted({r["entered_at"].astimezone(ZONE).date() for r in rows})
    for day in days:
        for agent in agents:
            signed_in = datetime.combine(day, time(8), ZONE)
            log.append(event(Kind.AGENTLOGIN, f"demo:{day}:{agent}:in", signed_in, agent=agent))
            signed_out = datetime.combine(day, time(16, 30), ZONE)
            log.append(event(Kind.AGENTLOGOFF, f"demo:{day}:{agent}:out", signed_out, agent=agent))
    for r in rows:
        sid, queue, wait = r["call_sid"], r["queue"], r["wait_seconds"]
        log.append(
            event(Kind.ENTERQUEUE, f"{sid}:ENTERQUEUE", r["entered_at"], call_sid=sid, queue=queue)
        )
        if r["outcome"] == "abandoned":
            log.append(
                event(
                    Kind.ABANDON,
                    f"{sid}:ABANDON",
                    r["ended_at"],
                    call_sid=sid,
                    queue=queue,
                    wait_seconds=wait,
                )
            )
        elif r["outcome"] == "recording":
            out = r["entered_at"] + timedelta(seconds=wait)
            log.append(
                event(
                    Kind.EXITWITHTIMEOUT,
                    f"{sid}:EXIT:leave",
                    out,
                    call_sid=sid,
                    queue=queue,
                    wait_seconds=wait,
                    reason="leave",
                )
            )
        else:
            officer: int | None = r.get("agent")
            log.append(
                event(
                    Kind.CONNECT,
                    f"{sid}:CONNECT",
                    r["answered_at"],
                    call_sid=sid,
                    queue=queue,
                    agent=officer,
                    wait_seconds=wait,
                )
            )
            log.append(
                event(
                    Kind.COMPLETECALLER,
                    f"{sid}:COMPLETE",
                    r["ended_at"],
                    call_sid=sid,
                    queue=queue,
                    agent=officer,
                    wait_seconds=wait,
                    hold_seconds=0,
                    talk_seconds=r["handle_seconds"],
                    reason="status",
                )
            )
            if officer is not None:
                ready = r["ended_at"] + timedelta(seconds=WRAPUP_SECONDS)
                log.append(event(Kind.READY, f"{sid}:READY", ready, agent=officer))
    return log


# The demo's roster: the call agents 08:00–16:00 (as they sign in above) and the coordinator
# as a back-up at the morning peak, on working days from ROSTER_WEEKS_BEFORE weeks before the
# seed's end to ROSTER_WEEKS_AFTER after it, so the staffing page has a gap and adherence to
# show in `make run` (the coordinator is rostered but never signs in: adherence 0).
ROSTER_WEEKS_BEFORE = 4
ROSTER_WEEKS_AFTER = 2
SHIFTS = {"operator": (8 * 60, 16 * 60), "koordinator": (9 * 60, 11 * 60)}


async def seed_roster(*, end: datetime) -> int:
    calendar = WorkingCalendar()
    staff = await User.select(User.id, User.role).where(User.role.is_in(list(SHIFTS)))
    last = end.astimezone(ZONE).date()
    day = last - timedelta(weeks=ROSTER_WEEKS_BEFORE)
    shifts: list[Shift] = []
    while day <= last + timedelta(weeks=ROSTER_WEEKS_AFTER):
        if calendar.is_working_day(day):
            for member in staff:
                start, finish = SHIFTS[member["role"]]
                shifts.append(
                    Shift(
                        officer=member["id"],
                        day=day,
                        start_minute=start,
                        end_minute=finish,
                        created_by="demo",
                        form_token=f"demo:{day}:{member['id']}",
                    )
                )
        day += timedelta(days=1)
    if shifts:
        await Shift.insert(*shifts)
    return len(shifts)
