"""August 2026, built through the real services: the month the statistics tests check by hand.

Calendar: Monday–Friday 08:00–16:00 WIB; 17 August (Independence Day) and 25 August (Maulid Nabi)
are holidays. 03:00 UTC is 10:00 WIB. A working day is 8 working hours.

| report | what happens | clocks decided in August |
|---|---|---|
| A | filed Fri 14 Aug; verified and dispatched to DPUPR Tue 18 (Mon 17 is a holiday: 1.0 wd); answered Wed 26 exactly at its 5-wd deadline (Tue 25 is a holiday); rated 5 Thu 27 (resolved); disputed 3 Sep | verification met 1.0; first response met 5.0; resolution met 5.0 |
| B | filed Mon 3; dispatched to DINKES Tue 4 (1.0 wd); transferred to DPUPR Wed 5; DPUPR asks for information Thu 6, reporter answers Mon 10 (16 h paused); answered Tue 11; disputed Wed 12 (reopened) | verification met 1.0; DINKES first response not counted (transfer); DPUPR first response met 2.0; resolution met 3.0 (40 h − 16 h paused) |
| C | filed Mon 3 10:00; rejected as spam 11:00 | verification met 0.125 |
| D | filed and dispatched to DPUPR Mon 3; nobody answers | verification met 0.0; first response missed (due Mon 10); resolution missed (due Mon 24) |
| F | filed Thu 20; rejected 2 Sep (after the month) | verification missed (due Wed 26, after the Tuesday holiday) |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from hotline import clock
from hotline.callcentre import events
from hotline.callcentre.definitions import Kind
from hotline.callcentre.events import event
from hotline.ivr.tables import QueueCall
from hotline.tickets.lifecycle import Action
from hotline.tickets.service import add_information, perform, rate
from hotline.transparency import monthly
from tests.support.factories import STAFF, Directory, at, file_report, freeze, make_directory


@dataclass
class August:
    directory: Directory
    tickets: dict[str, int]


async def act(when, ticket: int, action: Action, **kw) -> None:  # type: ignore[no-untyped-def]
    freeze(when)
    await perform(ticket, action, actor=STAFF, **kw)


async def build_august() -> August:
    d = await make_directory()
    t: dict[str, int] = {}

    async def filed(name: str, when) -> int:  # type: ignore[no-untyped-def]
        freeze(when)
        t[name] = (await file_report(name=f"Pelapor {name}")).ticket_id
        return t[name]

    # B, C, D on Monday 3 August
    b = await filed("B", at(2026, 8, 3))
    c = await filed("C", at(2026, 8, 3))
    dd = await filed("D", at(2026, 8, 3))
    await act(at(2026, 8, 3), dd, Action.DISPATCH, agency_id=d.pupr)
    await act(at(2026, 8, 3, 4), c, Action.REJECT, reason="spam")
    await act(at(2026, 8, 4), b, Action.DISPATCH, agency_id=d.dinkes)
    await act(at(2026, 8, 5), b, Action.TRANSFER, agency_id=d.pupr, reason="jalan kabupaten")
    await act(at(2026, 8, 6), b, Action.REQUEST_INFO, body="Mohon foto lokasi.")
    freeze(at(2026, 8, 10))
    await add_information(b, "Fotonya sudah saya kirim.")
    await act(at(2026, 8, 11), b, Action.ANSWER, body="Sudah ditambal.")
    await act(at(2026, 8, 12), b, Action.DISPUTE)

    a = await filed("A", at(2026, 8, 14))
    await act(at(2026, 8, 18), a, Action.VERIFY)
    await act(at(2026, 8, 18), a, Action.DISPATCH, agency_id=d.pupr)
    await act(at(2026, 8, 19), a, Action.ACCEPT)
    await act(at(2026, 8, 26), a, Action.ANSWER, body="Perbaikan selesai.")
    freeze(at(2026, 8, 27))
    await rate(a, 5, "Terima kasih")

    f = await filed("F", at(2026, 8, 20))
    # After the month: they must not change August's figures, except through the backlog replay.
    await act(at(2026, 9, 2), f, Action.REJECT, reason="out_of_scope")
    await act(at(2026, 9, 3), a, Action.DISPUTE)

    # The phone line in August: answered in 10 s and in 30 s, one abandoned, one left a message.
    calls = [
        ("answered", at(2026, 8, 3, 2), 10, 300),
        ("answered", at(2026, 8, 3, 2, 30), 30, 200),
        ("abandoned", at(2026, 8, 10, 2), 45, None),
        ("recording", at(2026, 8, 31, 9), 120, None),
    ]
    for i, (outcome, entered, wait, handle) in enumerate(calls):
        await QueueCall.insert(
            QueueCall(
                call_sid=f"CA{i:032d}",
                queue="id",
                entered_at=entered,
                answered_at=entered + timedelta(seconds=wait) if outcome == "answered" else None,
                ended_at=entered + timedelta(seconds=wait + (handle or 0)),
                outcome=outcome,
                wait_seconds=wait,
                handle_seconds=handle,
            )
        )
        await call_centre_log(f"CA{i:032d}", outcome, entered, wait, handle)
    freeze(at(2026, 9, 10))
    return August(d, t)


async def call_centre_log(
    sid: str, outcome: str, entered: datetime, wait: int, handle: int | None
) -> None:
    """What the IVR tells the call centre for the same call (its log, which the published
    phone figures are counted from): officer 7 answers and is ready again 30 s after."""
    ends = {"answered": Kind.CONNECT, "abandoned": Kind.ABANDON, "recording": Kind.EXITWITHTIMEOUT}
    done = entered + timedelta(seconds=wait)
    log = [
        event(Kind.ENTERQUEUE, f"{sid}:in", entered, call_sid=sid, queue="id", position=1),
        event(
            ends[outcome],
            f"{sid}:end",
            done,
            call_sid=sid,
            queue="id",
            wait_seconds=wait,
            agent=7 if outcome == "answered" else None,
        ),
    ]
    if outcome == "answered" and handle is not None:
        over = done + timedelta(seconds=handle)
        log += [
            event(
                Kind.COMPLETECALLER,
                f"{sid}:done",
                over,
                call_sid=sid,
                agent=7,
                talk_seconds=handle,
                hold_seconds=0,
            ),
            event(Kind.READY, f"{sid}:ready", over + timedelta(seconds=30), agent=7),
        ]
    for e in log:
        await events.record(e)


async def worker_stores_figures() -> None:
    """What `hotline worker` does before anyone visits (pages never compute): store the figures
    of the 12 months of the trend. The live server runs on the real clock, so this does too."""
    clock.set_clock(None)
    while await monthly.refresh():
        pass
