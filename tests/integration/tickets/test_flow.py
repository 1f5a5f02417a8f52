"""A ticket's life through the service layer: clocks, pauses, transfers, answers, disputes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from litestar.stores.memory import MemoryStore

from hotline.directory.service import agency_calendar
from hotline.errors import NotFound, ValidationFailed
from hotline.limiter import Limiter
from hotline.notify.tables import OutboxMessage
from hotline.tickets import service
from hotline.tickets.lifecycle import Action, IllegalTransition, Status
from hotline.tickets.tables import Ticket, TicketClock, TicketEvent
from tests.support.factories import STAFF, at, file_report, freeze, make_directory


async def _clocks(ticket_id: int) -> list[dict]:
    return (
        await TicketClock.select().where(TicketClock.ticket == ticket_id).order_by(TicketClock.id)
    )


async def _status(ticket_id: int) -> str:
    row = await Ticket.select(Ticket.status).where(Ticket.id == ticket_id).first()
    assert row is not None
    return row["status"]


async def test_illegal_transition_names_both_statuses_and_changes_nothing() -> None:
    await make_directory()
    created = await file_report()
    before = await TicketEvent.count()
    with pytest.raises(IllegalTransition, match=r"'baru'.*'diproses'"):
        await service.perform(created.ticket_id, Action.ACCEPT, actor=STAFF)
    assert await _status(created.ticket_id) == "baru"
    assert await TicketEvent.count() == before


async def test_dispatch_starts_agency_clocks_and_tells_the_reporter() -> None:
    d = await make_directory()
    freeze(at(2026, 11, 23))
    created = await file_report()
    freeze(at(2026, 11, 24))  # Tuesday 10:00 WIB
    await service.perform(created.ticket_id, Action.DISPATCH, actor=STAFF, agency_id=d.pupr)
    clocks = {c["kind"]: c for c in await _clocks(created.ticket_id)}
    assert clocks["verification"]["met"] is True
    # First response: 5 working days from Tue 10:00 -> next Tue 10:00 WIB = 03:00 UTC.
    assert clocks["first_response"]["due_at"] == at(2026, 12, 1)
    # Resolution: 14 working days from Tue 24 Nov -> Mon 14 December 10:00 WIB.
    assert clocks["resolution"]["due_at"] == at(2026, 12, 14)
    bodies = [m["body"] for m in await OutboxMessage.select(OutboxMessage.body)]
    assert any("Dinas PUPR" in b for b in bodies)


async def test_resolution_clock_skips_cuti_bersama_and_christmas() -> None:
    d = await make_directory()
    freeze(at(2026, 12, 21))  # Monday 10:00 WIB; 24 Dec cuti bersama, 25 Dec Natal
    created = await file_report()
    await service.perform(created.ticket_id, Action.DISPATCH, actor=STAFF, agency_id=d.pupr)
    clocks = {c["kind"]: c for c in await _clocks(created.ticket_id)}
    # 5 working days: Tue 22, Wed 23, (Thu 24, Fri 25 off), Mon 28, Tue 29, Wed 30 -> Wed 30.
    assert clocks["first_response"]["due_at"] == at(2026, 12, 30)


async def test_not_our_mandate_returns_to_verification_and_keeps_the_end_to_end_clock() -> None:
    d = await make_directory()
    freeze(at(2026, 11, 23))
    created = await file_report()
    await service.perform(created.ticket_id, Action.DISPATCH, actor=STAFF, agency_id=d.dinkes)
    freeze(at(2026, 11, 24))
    with pytest.raises(ValidationFailed):
        await service.perform(created.ticket_id, Action.NOT_OUR_MANDATE, actor=STAFF)
    t = await service.perform(
        created.ticket_id, Action.NOT_OUR_MANDATE, actor=STAFF, reason="Jalan kabupaten: PUPR"
    )
    assert t.to_status is Status.DIVERIFIKASI  # never closed
    ticket = await Ticket.select().where(Ticket.id == created.ticket_id).first()
    assert ticket is not None
    assert ticket["agency"] is None and ticket["closed_at"] is None
    clocks = await _clocks(created.ticket_id)
    resolution = [c for c in clocks if c["kind"] == "resolution"]
    assert len(resolution) == 1 and resolution[0]["stopped_at"] is None
    first = [c for c in clocks if c["kind"] == "first_response"]
    assert first[0]["stopped_at"] is not None and first[0]["met"] is None  # not counted
    # A fresh verification clock for re-routing.
    assert sum(1 for c in clocks if c["kind"] == "verification" and c["stopped_at"] is None) == 1

    await service.perform(created.ticket_id, Action.DISPATCH, actor=STAFF, agency_id=d.pupr)
    clocks = await _clocks(created.ticket_id)
    assert [c["stopped_at"] is None for c in clocks if c["kind"] == "resolution"] == [True]
    assert resolution[0]["due_at"] == next(c for c in clocks if c["kind"] == "resolution")["due_at"]


async def test_transfer_gives_the_new_agency_its_own_response_clock() -> None:
    d = await make_directory()
    freeze(at(2026, 11, 23))
    created = await file_report()
    await service.perform(created.ticket_id, Action.DISPATCH, actor=STAFF, agency_id=d.pupr)
    freeze(at(2026, 11, 25))
    with pytest.raises(ValidationFailed):
        await service.perform(created.ticket_id, Action.TRANSFER, actor=STAFF, agency_id=d.dinkes)
    await service.perform(
        created.ticket_id, Action.TRANSFER, actor=STAFF, agency_id=d.dinkes, reason="Sanitasi"
    )
    clocks = await _clocks(created.ticket_id)
    responses = [
        (c["agency"], c["stopped_at"] is None) for c in clocks if c["kind"] == "first_response"
    ]
    assert responses == [(d.pupr, False), (d.dinkes, True)]
    new_first = [c for c in clocks if c["kind"] == "first_response"][1]
    assert new_first["due_at"] == at(2026, 12, 2)  # Wed + 5 working days
    assert len([c for c in clocks if c["kind"] == "resolution"]) == 1
    ticket = await Ticket.select().where(Ticket.id == created.ticket_id).first()
    assert ticket is not None
    assert ticket["transfer_count"] == 1 and ticket["agency"] == d.dinkes


async def test_waiting_for_the_reporter_slides_deadlines_by_the_paused_working_time() -> None:
    d = await make_directory()
    freeze(at(2026, 11, 23))
    created = await file_report()
    await service.perform(created.ticket_id, Action.DISPATCH, actor=STAFF, agency_id=d.pupr)
    before = {c["kind"]: c["due_at"] for c in await _clocks(created.ticket_id)}
    freeze(at(2026, 11, 24))
    await service.perform(
        created.ticket_id, Action.REQUEST_INFO, actor=STAFF, body="Di RT berapa lokasinya?"
    )
    assert all(
        c["next_check_at"] is None
        for c in await _clocks(created.ticket_id)
        if c["stopped_at"] is None
    )
    freeze(at(2026, 11, 26, 5))  # Thursday 12:00 WIB: paused 2 days 2 hours of working time
    await service.add_information(created.ticket_id, "RT 03 RW 02, dekat masjid")
    assert await _status(created.ticket_id) == Status.DIDISPOSISIKAN.value
    after = {c["kind"]: c for c in await _clocks(created.ticket_id)}
    calendar = await agency_calendar(d.pupr)
    paused = calendar.between(at(2026, 11, 24), at(2026, 11, 26, 5))
    assert paused == timedelta(hours=18)
    for kind in ("first_response", "resolution"):
        assert calendar.between(before[kind], after[kind]["due_at"]) == paused
        assert after[kind]["paused_seconds"] == paused.total_seconds()
        assert after[kind]["next_check_at"] is not None


async def test_answer_then_auto_close_after_ten_working_days() -> None:
    from hotline.worker.sweep import sweep

    d = await make_directory()
    freeze(at(2026, 11, 23))
    created = await file_report()
    await service.perform(created.ticket_id, Action.DISPATCH, actor=STAFF, agency_id=d.pupr)
    await service.perform(created.ticket_id, Action.ACCEPT, actor=STAFF)
    with pytest.raises(ValidationFailed):
        await service.perform(created.ticket_id, Action.ANSWER, actor=STAFF, body=" ")
    await service.perform(
        created.ticket_id, Action.ANSWER, actor=STAFF, body="Lubang sudah ditambal."
    )
    ticket = await Ticket.select().where(Ticket.id == created.ticket_id).first()
    assert ticket is not None
    assert ticket["status"] == "ditanggapi" and ticket["first_response_at"] is not None
    # Ten working days after Mon 23 Nov -> Mon 7 Dec; nothing happens the Friday before.
    assert (await sweep(now=at(2026, 12, 4))).auto_closed == 0
    stats = await sweep(now=at(2026, 12, 7, 3, 1))
    assert stats.auto_closed == 1
    ticket = await Ticket.select().where(Ticket.id == created.ticket_id).first()
    assert ticket is not None
    assert ticket["status"] == "selesai" and ticket["resolved_at"] is not None
    last = (
        await TicketEvent.select()
        .where(TicketEvent.ticket == created.ticket_id)
        .order_by(TicketEvent.id, ascending=False)
        .output(load_json=True)
        .first()
    )
    assert last is not None
    assert last["data"]["confirmed_by"] == "timeout"
    assert (await sweep(now=at(2026, 12, 30))).auto_closed == 0


async def test_dispute_reopens_with_a_new_resolution_clock_and_rating_confirms() -> None:
    d = await make_directory()
    created = await file_report()
    await service.perform(created.ticket_id, Action.DISPATCH, actor=STAFF, agency_id=d.pupr)
    await service.perform(created.ticket_id, Action.ANSWER, actor=STAFF, body="Sudah ditambal.")
    await service.perform(
        created.ticket_id, Action.DISPUTE, actor=service.REPORTER, body="Masih berlubang."
    )
    ticket = await Ticket.select().where(Ticket.id == created.ticket_id).first()
    assert ticket is not None
    assert ticket["status"] == "diproses" and ticket["reopen_count"] == 1
    running = [c for c in await _clocks(created.ticket_id) if c["stopped_at"] is None]
    assert [c["kind"] for c in running] == ["resolution"]
    await service.perform(created.ticket_id, Action.ANSWER, actor=STAFF, body="Sudah diaspal.")
    with pytest.raises(ValidationFailed):
        await service.rate(created.ticket_id, 6)
    await service.rate(created.ticket_id, 5, "Terima kasih")
    ticket = await Ticket.select().where(Ticket.id == created.ticket_id).first()
    assert ticket is not None
    assert ticket["status"] == "selesai" and ticket["rating"] == 5


async def test_reject_and_merge_close_without_resolving() -> None:
    await make_directory()
    a = await file_report()
    b = await file_report()
    with pytest.raises(ValidationFailed):
        await service.perform(a.ticket_id, Action.REJECT, actor=STAFF, reason="bosan")
    await service.perform(a.ticket_id, Action.REJECT, actor=STAFF, reason="spam")
    await service.perform(b.ticket_id, Action.MERGE, actor=STAFF, duplicate_of=a.ticket_id)
    rows = {r["id"]: r for r in await Ticket.select()}
    assert rows[a.ticket_id]["status"] == "ditolak" and rows[a.ticket_id]["resolved_at"] is None
    assert rows[b.ticket_id]["duplicate_of"] == a.ticket_id
    assert rows[b.ticket_id]["closed_at"] is not None and rows[b.ticket_id]["resolved_at"] is None


async def test_a_rejection_tells_the_reporter_the_verifiers_explanation() -> None:
    await make_directory()
    plain = await file_report(phone="0812 1111 0001", email="")
    explained = await file_report(phone="0812 1111 0002", email="")
    await service.perform(plain.ticket_id, Action.REJECT, actor=STAFF, reason="out_of_scope")
    await service.perform(
        explained.ticket_id,
        Action.REJECT,
        actor=STAFF,
        reason="out_of_scope",
        body="Jalan provinsi: silakan lapor ke\nDinas PU Provinsi Jawa Tengah.",
    )
    sms = {
        m["recipient"]: m["body"]
        for m in await OutboxMessage.select(OutboxMessage.recipient, OutboxMessage.body).where(
            OutboxMessage.body.like("%tidak dapat diproses%")
        )
    }
    assert sms["+6281211110002"].endswith(
        ": Di luar kewenangan pemerintah daerah. "
        "Jalan provinsi: silakan lapor ke Dinas PU Provinsi Jawa Tengah."
    ), sms
    assert sms["+6281211110001"].endswith(": Di luar kewenangan pemerintah daerah."), sms


async def test_public_reply_meets_first_response_but_a_note_does_not() -> None:
    d = await make_directory()
    created = await file_report()
    await service.perform(created.ticket_id, Action.DISPATCH, actor=STAFF, agency_id=d.pupr)
    await service.reply(created.ticket_id, "Cek lapangan besok", actor=STAFF, public=False)
    first = next(c for c in await _clocks(created.ticket_id) if c["kind"] == "first_response")
    assert first["stopped_at"] is None
    await service.reply(created.ticket_id, "Tim kami akan datang", actor=STAFF, public=True)
    first = next(c for c in await _clocks(created.ticket_id) if c["kind"] == "first_response")
    assert first["met"] is True
    events = await TicketEvent.select(TicketEvent.kind, TicketEvent.public).where(
        TicketEvent.ticket == created.ticket_id
    )
    assert {"kind": "internal_note", "public": False} in events


async def test_pin_check_locks_the_failing_client_and_not_the_report() -> None:
    await make_directory()
    freeze(at(2026, 11, 23))
    limiter = Limiter(MemoryStore())
    created = await file_report()
    opened = await service.check_pin(
        created.reference, created.pin, client="web:owner", limiter=limiter
    )
    assert opened["id"] == created.ticket_id
    wrong = "000000" if created.pin != "000000" else "111111"
    refusals = []
    for _ in range(5):
        with pytest.raises(NotFound) as err:
            await service.check_pin(created.reference, wrong, client="web:x", limiter=limiter)
        refusals.append((err.value.message, err.value.params))
    with pytest.raises(NotFound) as err:  # even the right PIN, from the locked client
        await service.check_pin(created.reference, created.pin, client="web:x", limiter=limiter)
    refusals.append((err.value.message, err.value.params))
    # An unknown reference looks exactly like a wrong PIN and like a lock.
    with pytest.raises(NotFound) as err:
        await service.check_pin("2600000000", created.pin, client="web:y", limiter=limiter)
    refusals.append((err.value.message, err.value.params))
    assert len(set(map(repr, refusals))) == 1
    # The owner, from another client, is not locked out.
    opened = await service.check_pin(
        created.reference, created.pin, client="web:owner", limiter=limiter
    )
    assert opened["id"] == created.ticket_id
    freeze(at(2026, 11, 23, 4))
    opened = await service.check_pin(
        created.reference, created.pin, client="web:x", limiter=limiter
    )
    assert opened["id"] == created.ticket_id


async def test_a_report_guessed_from_many_clients_slows_down_and_says_so_in_its_history() -> None:
    await make_directory()
    freeze(at(2026, 11, 23))
    limiter = Limiter(MemoryStore())
    created = await file_report()
    wrong = "000000" if created.pin != "000000" else "111111"
    for n in range(10):
        with pytest.raises(NotFound):
            await service.check_pin(created.reference, wrong, client=f"web:{n}", limiter=limiter)
    assert await TicketEvent.count().where(TicketEvent.kind == "pin_locked") == 1
    with pytest.raises(NotFound):  # a client that has failed waits for the delay
        await service.check_pin(created.reference, created.pin, client="web:3", limiter=limiter)
    # A clean client is always checked: the owner is never locked out by strangers.
    opened = await service.check_pin(
        created.reference, created.pin, client="web:owner", limiter=limiter
    )
    assert opened["id"] == created.ticket_id


async def test_a_new_regional_holiday_moves_running_deadlines_once() -> None:
    from datetime import date

    from hotline.directory.calendars import set_day

    d = await make_directory()
    freeze(at(2026, 11, 23))
    created = await file_report()
    await service.perform(created.ticket_id, Action.DISPATCH, actor=STAFF, agency_id=d.pupr)
    before = {c["kind"]: c["due_at"] for c in await _clocks(created.ticket_id)}
    assert before["first_response"] == at(2026, 11, 30)
    changed = await set_day(
        d.calendar, date(2026, 11, 27), is_working=False, note="Hari jadi", actor="admin"
    )
    assert changed == 1
    after = {c["kind"]: c["due_at"] for c in await _clocks(created.ticket_id)}
    # Friday 27 November is now a holiday: both agency deadlines slide one working day.
    assert after["first_response"] == at(2026, 12, 1)
    assert before["resolution"] == at(2026, 12, 11)  # Friday
    assert after["resolution"] == at(2026, 12, 14)  # the next working day, Monday
    # The stopped verification clock keeps the deadline it was judged against.
    assert after["verification"] == before["verification"]


async def test_the_reporter_is_told_once_at_every_step_in_their_language() -> None:
    d = await make_directory()
    created = await file_report(phone="0812 2222 0001", email="warga@example.com", locale="en")
    before = await OutboxMessage.count()
    steps: list[tuple[str, int]] = []

    async def told() -> None:
        rows = await OutboxMessage.select(OutboxMessage.channel, OutboxMessage.body).order_by(
            OutboxMessage.id
        )
        new = rows[before + sum(n for _, n in steps) :]
        steps.append((" | ".join(r["body"] for r in new), len(new)))
        # One SMS and one e-mail, the same words, in the reporter's language.
        assert sorted(r["channel"] for r in new) == ["email", "sms"], new
        assert new[0]["body"] == new[1]["body"] and "Hotline: " in new[0]["body"]
        assert "laporan" not in new[0]["body"], new[0]["body"]

    await service.perform(created.ticket_id, Action.VERIFY, actor=STAFF)
    await told()
    await service.perform(created.ticket_id, Action.DISPATCH, actor=STAFF, agency_id=d.pupr)
    await told()
    await service.perform(created.ticket_id, Action.ACCEPT, actor=STAFF)
    await told()
    await service.reply(created.ticket_id, "Tim kami datang besok.", actor=STAFF, public=True)
    await told()
    await service.reply(created.ticket_id, "catatan", actor=STAFF, public=False)
    assert await OutboxMessage.count() == before + sum(n for _, n in steps)  # notes are internal
    await service.perform(created.ticket_id, Action.ANSWER, actor=STAFF, body="Sudah ditambal.")
    await told()
    assert "checked" in steps[0][0] and "Dinas PUPR" in steps[2][0]
    assert "Dinas PUPR wrote to you" in steps[3][0] and "/lacak" in steps[3][0]
