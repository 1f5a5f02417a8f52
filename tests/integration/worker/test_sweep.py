"""The SLA sweep: 75 % warnings, escalations at breach and after grace, each exactly once."""

from __future__ import annotations

from hotline.notify.outbox import concerning
from hotline.notify.tables import OutboxMessage
from hotline.tickets import service
from hotline.tickets.lifecycle import Action
from hotline.tickets.messages import about
from hotline.tickets.privacy import Privacy
from hotline.tickets.tables import TicketClock, TicketEvent
from hotline.worker.sweep import sweep
from tests.support.factories import STAFF, at, file_report, freeze, make_directory


async def _dispatched(d) -> int:  # type: ignore[no-untyped-def]
    freeze(at(2026, 11, 23))  # Monday 10:00 WIB
    created = await file_report(privacy=Privacy.ANONIM, name="", email="", phone="")
    await service.perform(created.ticket_id, Action.DISPATCH, actor=STAFF, agency_id=d.pupr)
    return created.ticket_id


async def _events(ticket_id: int, kind: str) -> list[dict]:
    return (
        await TicketEvent.select()
        .where((TicketEvent.ticket == ticket_id) & (TicketEvent.kind == kind))
        .output(load_json=True)
    )


async def test_warning_at_75_percent_then_escalations_each_once() -> None:
    d = await make_directory()
    ticket = await _dispatched(d)
    # first_response: 5 working days (40 h) from Mon 10:00 -> due Mon 30 Nov 10:00 WIB;
    # 75 % = 30 h: Mon 6 h + Tue 8 + Wed 8 + Thu 8 -> Thu 26 Nov 16:00 WIB (09:00 UTC), the
    # end of Thursday's working day.
    assert (await sweep(now=at(2026, 11, 26, 8, 59))).warnings == 0
    stats = await sweep(now=at(2026, 11, 26, 9, 0))
    assert (stats.warnings, stats.escalations) == (1, 0)
    assert (await sweep(now=at(2026, 11, 27, 2))).warnings == 0  # not twice

    stats = await sweep(now=at(2026, 11, 30, 3))
    assert stats.escalations == 1
    level1 = await _events(ticket, "sla_escalation")
    assert [e["data"]["level"] for e in level1] == [1]
    assert level1[0]["public"] is False
    # Level 2 comes after the 24 h grace, not before, and only once.
    assert (await sweep(now=at(2026, 12, 1, 2, 59))).escalations == 0
    assert (await sweep(now=at(2026, 12, 1, 3))).escalations == 1
    assert (await sweep(now=at(2026, 12, 20))).escalations == 1  # resolution clock's level 1
    levels = [
        (e["data"]["clock"], e["data"]["level"]) for e in await _events(ticket, "sla_escalation")
    ]
    assert levels == [("first_response", 1), ("first_response", 2), ("resolution", 1)]

    clock = (
        await TicketClock.select()
        .where((TicketClock.ticket == ticket) & (TicketClock.kind == "first_response"))
        .first()
    )
    assert clock is not None
    assert clock["met"] is False and clock["breached_at"] == at(2026, 11, 30)
    assert clock["next_check_at"] is None


async def test_escalation_messages_go_to_supervisor_then_head_and_central_unit() -> None:
    d = await make_directory()
    ticket = await _dispatched(d)
    await sweep(now=at(2026, 11, 26, 9))
    await sweep(now=at(2026, 11, 30, 3))
    first = await OutboxMessage.select(OutboxMessage.recipient, OutboxMessage.body).where(
        concerning(about(ticket))
    )
    recipients = sorted(m["recipient"] for m in first)
    # The warning and level 1 both went to the PUPR supervisor (e-mail and SMS).
    assert recipients == sorted(["sup@dpupr.example.go.id", "+6281100000001"] * 2)
    assert any(
        "30 November 2026 10.00 WIB" in m["body"] or "30 November 2026 10:00 WIB" in m["body"]
        for m in first
    )
    await sweep(now=at(2026, 12, 1, 3))
    level2 = await OutboxMessage.select(OutboxMessage.recipient).where(
        (concerning(about(ticket))) & OutboxMessage.dedupe_key.like("%level:2%")
    )
    assert sorted(m["recipient"] for m in level2) == sorted(
        [
            "sup@dpupr.example.go.id",
            "+6281100000001",
            "kadis@dpupr.example.go.id",
            "ulp@example.go.id",
        ]
    )


async def test_paused_and_answered_tickets_are_not_escalated() -> None:
    d = await make_directory()
    paused = await _dispatched(d)
    await service.perform(paused, Action.REQUEST_INFO, actor=STAFF, body="Foto lokasi?")
    answered = await _dispatched(d)
    await service.perform(answered, Action.ANSWER, actor=STAFF, body="Selesai diperbaiki")
    stats = await sweep(now=at(2026, 12, 3))
    assert stats.escalations == 0 and stats.warnings == 0
    assert (
        await TicketEvent.count().where(TicketEvent.kind.is_in(["sla_warning", "sla_escalation"]))
        == 0
    )


async def test_verification_clock_escalates_to_the_central_unit() -> None:
    await make_directory()
    freeze(at(2026, 11, 23))
    created = await file_report(privacy=Privacy.ANONIM, name="", email="", phone="")
    await sweep(now=at(2026, 11, 26, 3))  # verification due Thu 10:00 WIB
    events = await _events(created.ticket_id, "sla_escalation")
    assert [e["data"]["clock"] for e in events] == ["verification"]
    recipients = [m["recipient"] for m in await OutboxMessage.select(OutboxMessage.recipient)]
    assert "ulp@example.go.id" in recipients


async def test_a_sweep_reads_only_what_is_due() -> None:
    d = await make_directory()
    for _ in range(5):
        await _dispatched(d)
    stats = await sweep(now=at(2026, 11, 24))
    assert (stats.warnings, stats.escalations, stats.idle) == (0, 0, 0)


async def test_each_address_gets_one_message_per_step() -> None:
    # A verification clock belongs to the central unit: its supervisor and "the central unit"
    # are the same address, which used to get two identical level-2 messages (issue 15, item 9).
    await make_directory()
    freeze(at(2026, 11, 23))
    created = await file_report(privacy=Privacy.ANONIM, name="", email="", phone="")
    await sweep(now=at(2026, 11, 26, 3))  # level 1 at the verification deadline
    await sweep(now=at(2026, 11, 27, 3))  # level 2 after the grace
    levels = [e["data"]["level"] for e in await _events(created.ticket_id, "sla_escalation")]
    assert levels == [1, 2]
    level2 = await OutboxMessage.select(
        OutboxMessage.channel, OutboxMessage.recipient, OutboxMessage.body
    ).where(concerning(about(created.ticket_id)) & OutboxMessage.dedupe_key.like("%level:2%"))
    addresses = [(m["channel"], m["recipient"]) for m in level2]
    assert sorted(addresses) == sorted(set(addresses))
    assert sorted(m["recipient"] for m in level2) == [
        "kepala.ulp@example.go.id",
        "ulp@example.go.id",
    ]
