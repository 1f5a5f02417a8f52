"""A constructed multi-day log of the call centre (pure): a few officers' shifts and callers of
every fate, for the day summaries' tests (unit: daily.py; integration: summaries.py)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, tzinfo

from hotline.callcentre.definitions import Kind
from hotline.callcentre.events import event
from hotline.callcentre.records import Event


def day_log(day: date, zone: tzinfo, rng: random.Random, calls: int, tag: str = "") -> list[Event]:
    """One day: officers 1-3 sign in at 08:00 and out at 16:30 (officer 3 takes a break), and
    `calls` callers between 08:00 and 16:00: answered (with wrap-up), abandoned (some within
    5 s), timed out, and one still waiting at the end of the day."""
    start = datetime(day.year, day.month, day.day, 8, tzinfo=zone)
    out: list[Event] = []

    def add(kind: Kind, key: str, at: datetime, **fields: object) -> None:
        out.append(event(kind, f"{tag}{day}:{key}", at, **fields))  # type: ignore[arg-type]

    for agent in (1, 2, 3):
        add(Kind.AGENTLOGIN, f"officer{agent}:in", start, agent=agent)
        add(
            Kind.AGENTLOGOFF,
            f"officer{agent}:out",
            start + timedelta(hours=8, minutes=30),
            agent=agent,
        )
    add(Kind.PAUSE, "officer3:break", start + timedelta(hours=4), agent=3, reason="break")
    add(Kind.READY, "officer3:back", start + timedelta(hours=4, minutes=30), agent=3)
    for i in range(calls):
        sid = f"{tag}{day:%Y%m%d}{i:03d}"
        entered = start + timedelta(seconds=rng.randrange(8 * 3600))
        add(Kind.ENTERQUEUE, f"{i}:in", entered, call_sid=sid, queue="id", position=1)
        fate = rng.random()
        wait = rng.choice([2, 4, 8, 15, 19, 20, 21, 35, 70, 200, 400])
        if i == calls - 1:
            continue  # still waiting: no outcome
        if fate < 0.6:
            agent = rng.randint(1, 3)
            talk = rng.randint(30, 400)
            answered = entered + timedelta(seconds=wait)
            done = answered + timedelta(seconds=talk)
            add(Kind.CONNECT, f"{i}:c", answered, call_sid=sid, agent=agent, wait_seconds=wait)
            add(
                Kind.COMPLETECALLER,
                f"{i}:end",
                done,
                call_sid=sid,
                agent=agent,
                talk_seconds=talk,
                hold_seconds=rng.choice([0, 0, 10]),
            )
            add(Kind.READY, f"{i}:r", done + timedelta(seconds=rng.randint(5, 90)), agent=agent)
        elif fate < 0.85:
            add(
                Kind.ABANDON,
                f"{i}:a",
                entered + timedelta(seconds=wait),
                call_sid=sid,
                wait_seconds=wait,
            )
        else:
            add(
                Kind.EXITWITHTIMEOUT,
                f"{i}:t",
                entered + timedelta(seconds=180),
                call_sid=sid,
                wait_seconds=180,
            )
    return out


def log(first: date, days: int, zone: tzinfo, seed: int, calls: int = 30) -> list[Event]:
    """`days` days from `first`, weekends quiet, in order of time."""
    rng = random.Random(seed)
    out: list[Event] = []
    for i in range(days):
        day = first + timedelta(days=i)
        if day.weekday() < 5:
            out += day_log(day, zone, rng, calls)
    return sorted(out, key=lambda e: e["at"])
