"""Two worker processes on one PostgreSQL: every escalation and every message exactly once.

10,000 tickets are past their first-response deadline and 10,000 outbox messages are pending.
Two `hotline worker --once` processes start together; FOR UPDATE SKIP LOCKED splits the work,
the unique keys guard the rest. Set-up uses bulk SQL: the point is the sweep, not the intake.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections import Counter

import pytest

from hotline.directory.tables import Region
from hotline.tickets.tables import TicketEvent
from tests.support.factories import make_agency, make_calendar
from tests.support.fake_twilio import FakeTwilio

pytestmark = pytest.mark.postgres_only
N = 10_000
SID = "AC" + "1" * 32


async def _seed(agency: int) -> None:
    # Piccolo's raw() reads "{}" as a placeholder, so JSON literals come from json_build_object.
    await Region.raw(
        f"""
        INSERT INTO ticket (reference, pin_hash, channel, status, privacy, agency, sla_policy,
                            created_at, updated_at, dispatched_at)
        SELECT lpad(g::text, 10, '0'), 'x', 'web', 'didisposisikan', 'publik', {agency},
               json_build_object(), now() - interval '10 days', now(), now() - interval '10 days'
        FROM generate_series(1, {N}) AS g
        """
    )
    await Region.raw(
        f"""
        INSERT INTO ticket_clock (ticket, kind, agency, duration, started_at, due_at, warn_at,
                                  warned_at, next_check_at)
        SELECT id, 'first_response', {agency}, '5 working_days', now() - interval '10 days',
               now() - interval '1 hour', now() - interval '2 days', now() - interval '2 days',
               now() - interval '1 hour'
        FROM ticket
        """
    )
    await Region.raw(
        f"""
        INSERT INTO outbox_message (channel, recipient, body, dedupe_key, status,
                                    next_attempt_at, created_at, meta)
        SELECT 'sms', '+6281234567890', 'pesan-' || g, 'bulk-' || g, 'pending',
               now() - interval '1 minute', now(), json_build_object()
        FROM generate_series(1, {N}) AS g
        """
    )


async def _worker(fake: FakeTwilio) -> str:
    env = {
        **os.environ,
        "HOTLINE_TWILIO_ACCOUNT_SID": SID,
        "HOTLINE_TWILIO_AUTH_TOKEN": "token",
        "HOTLINE_TWILIO_NUMBER": "+6281100009999",
        "HOTLINE_TWILIO_API_BASE": fake.base_url,
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "hotline.cli",
        "worker",
        "--once",
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout=600)
    assert proc.returncode == 0, err.decode()[-2000:]
    return out.decode()


def _stat(output: str, name: str) -> int:
    for part in output.split():
        if part.startswith(name + "="):
            return int(part.split("=")[1])
    raise AssertionError(f"{name} not in {output!r}")


async def test_two_workers_escalate_and_deliver_each_thing_exactly_once() -> None:
    cal = await make_calendar()
    await make_agency(code="ULP", calendar=cal, central=True)
    agency = await make_agency(code="DPUPR", calendar=cal, supervisor_phone="+6281100000001")
    await _seed(agency)

    with FakeTwilio() as fake:
        outputs = await asyncio.gather(_worker(fake), _worker(fake))
        bodies = Counter(r.form["Body"] for r in fake.requests if r.method == "POST")

    escalated = [_stat(o, "escalations") for o in outputs]
    assert sum(escalated) == N
    assert all(n > 0 for n in escalated), f"one worker did all the work: {escalated}"

    events = await TicketEvent.select(TicketEvent.ticket).where(
        TicketEvent.kind == "sla_escalation"
    )
    per_ticket = Counter(e["ticket"] for e in events)
    assert len(per_ticket) == N and set(per_ticket.values()) == {1}

    # 10,000 bulk messages + one supervisor SMS per escalation, each delivered once.
    assert len(bodies) == 2 * N
    assert set(bodies.values()) == {1}
    assert sum(_stat(o, "sent") for o in outputs) == 2 * N
    pending = await Region.raw("SELECT count(*) AS n FROM outbox_message WHERE status <> 'sent'")
    assert pending[0]["n"] == 0
