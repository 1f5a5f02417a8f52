"""Quality monitoring over HTTP on the real app, both engines: calls answered last week are
drawn into the pool (once, whatever the number of draws, with the call whose report escalated),
claimed by one evaluator only, scored with the form's checks, acknowledged by the officer; another
is disputed and decided by the coordinator, then corrected into a new version while the old one
stays; a calibration session is scored blind and reported; an officer cannot open another
officer's evaluation; the per-officer report shows the quality score."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from hotline import clock
from hotline.callcentre import events
from hotline.callcentre.definitions import Kind
from hotline.callcentre.quality.form import load
from hotline.callcentre.quality.tables import QualityEvaluation, QualitySample
from hotline.db.tx import transaction
from hotline.ivr.tables import ConversationRecording, IvrCall
from hotline.tickets import storage
from hotline.tickets.events import EventKind
from hotline.tickets.tables import Attachment, Ticket, TicketEvent
from tests.integration.konsol.support import csrf_token, make_user, post, sign_in
from tests.support.factories import file_report, make_directory
from tests.support.live_server import live_server

MUTU = "/konsol/pusat-panggilan/mutu"
FORM = load("standar")


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with live_server(HOTLINE_QUALITY_PER_WEEK="1") as url:
        yield url


async def answered_call(sid: str, agent: int, at: datetime) -> None:
    """A call as the phone line logs it: queued, taken by the officer after 10 s, 3 minutes."""
    async with transaction():
        await events.record(events.event(Kind.ENTERQUEUE, f"{sid}:E", at, call_sid=sid, queue="id"))
        await events.record(
            events.event(
                Kind.CONNECT,
                f"{sid}:CONNECT",
                at + timedelta(seconds=10),
                call_sid=sid,
                queue="id",
                agent=agent,
                wait_seconds=10,
            )
        )
        await events.record(
            events.event(
                Kind.COMPLETECALLER,
                f"{sid}:COMPLETE",
                at + timedelta(seconds=190),
                call_sid=sid,
                queue="id",
                agent=agent,
                talk_seconds=180,
                hold_seconds=0,
            )
        )


async def world() -> dict[str, int]:
    """Two officers with calls last week, two evaluators, a coordinator; one call's report
    (filed in the call) escalated past its deadline."""
    await make_directory()
    users = {
        "op.satu": await make_user("op.satu", "operator"),
        "op.dua": await make_user("op.dua", "operator"),
        "penilai.a": await make_user("penilai.a", "penilai"),
        "penilai.b": await make_user("penilai.b", "penilai"),
        "koordinator": await make_user("koordinator", "koordinator"),
    }
    last_week = clock.now() - timedelta(days=7)
    for n in range(3):
        await answered_call(f"CAsatu{n}", users["op.satu"], last_week + timedelta(hours=n))
    for n in range(2):
        await answered_call(f"CAdua{n}", users["op.dua"], last_week + timedelta(hours=n))
    report = await file_report(description="Lampu jalan mati di depan SD, kanary-xyz.")
    now = clock.now()
    await IvrCall.insert(
        IvrCall(
            call_sid="CAdua1",
            caller="+6281234567890",
            ticket=report.ticket_id,
            started_at=now,
            updated_at=now,
        )
    )
    await TicketEvent.insert(
        TicketEvent(
            ticket=report.ticket_id,
            at=now,
            kind=EventKind.SLA_ESCALATION.value,
            actor_type="worker",
        )
    )
    return users


def answers(**changes: str) -> dict[str, str]:
    data = {f"answer-{i.id}": "met" for _, i in FORM.items()}
    data.update({f"answer-{k}": v for k, v in changes.items()})
    return data


async def pool() -> dict[str, dict]:
    return {r["call_sid"]: r for r in await QualitySample.select()}


async def claim_and_score(client: httpx.AsyncClient, sid: str, data: dict[str, str]) -> int:
    sample = (await pool())[sid]
    claimed = await post(client, f"{MUTU}/klaim/{sample['id']}")
    assert claimed.status_code == 303 and claimed.headers["location"] == f"{MUTU}/nilai/{sid}"
    done = await post(client, f"{MUTU}/nilai/{sid}", data)
    assert done.status_code == 303, done.text[:2000]
    return int(done.headers["location"].split("/")[-1].split("?")[0])


async def test_sampled_claimed_scored_acknowledged_and_counted_in_the_officer_report(
    base: str,
) -> None:
    users = await world()
    evaluator = await sign_in(base, "penilai.a")
    other = await sign_in(base, "penilai.b")

    assert (await post(evaluator, f"{MUTU}/tarik")).status_code == 303
    first = await pool()
    assert (await post(other, f"{MUTU}/tarik")).status_code == 303
    assert await pool() == first  # drawn once per officer-week
    # One random call per officer-week, plus the call whose report escalated.
    by_agent = sorted((r["agent"], r["why"]) for r in first.values())
    assert first["CAdua1"]["why"] == "escalated"
    assert by_agent.count((users["op.satu"], "random")) == 1
    assert len(first) == 3

    sid = next(s for s, r in first.items() if r["agent"] == users["op.satu"])
    sample = first[sid]
    assert (await post(evaluator, f"{MUTU}/klaim/{sample['id']}")).status_code == 303
    assert (await post(other, f"{MUTU}/klaim/{sample['id']}")).status_code == 409
    assert (await other.get(f"{MUTU}/nilai/{sid}")).status_code == 403

    page = await evaluator.get(f"{MUTU}/nilai/{sid}")
    assert page.status_code == 200
    assert 'id="q-no-recording"' in page.text and "ENTERQUEUE" in page.text
    assert (
        "No conversation of this call was recorded"
        in (await evaluator.get(f"{MUTU}/nilai/{sid}?lang=en")).text
    )

    # The officer's side of the conversation, recorded on the agent line: played beside the form.
    audio = b"RIFF percakapan " + bytes(64)
    stored = storage.store_bytes(audio, suffix="wav")
    await ConversationRecording.insert(
        ConversationRecording(
            recording_sid="RE" + "7" * 32, call_sid=sid, agent=users["op.satu"],
            source_url="", storage_path=stored.path, sha256=stored.sha256, size=stored.size,
            content_type="audio/x-wav", duration_seconds=95, channels=2, created_at=clock.now(),
        )
    )  # fmt: skip
    play = "/konsol/pusat-panggilan/rekaman/RE" + "7" * 32
    assert f'src="{play}"' in (await evaluator.get(f"{MUTU}/nilai/{sid}")).text
    assert (await evaluator.get(play)).content == audio

    # Missing answers and a comment the form requires: 400 in the visitor's language, nothing lost.
    partial = answers(privacy="not_met")
    del partial["answer-greeting"]
    refused = await post(
        evaluator, f"{MUTU}/nilai/{sid}", {**partial, "summary": "ringkasan-tetap-ada"}
    )
    assert refused.status_code == 400
    assert "Pilih jawaban." in refused.text and "ringkasan-tetap-ada" in refused.text
    assert 'value="not_met" checked' in refused.text
    english = await post(evaluator, f"{MUTU}/nilai/{sid}?lang=en", partial)
    assert english.status_code == 400 and "Write a comment: this answer needs one." in english.text
    assert await QualityEvaluation.count() == 0

    evaluation = await claim_and_score(evaluator, sid, answers())
    reopened = await evaluator.get(f"{MUTU}/nilai/{sid}")
    assert reopened.status_code == 303 and reopened.headers["location"].endswith(f"/{evaluation}")
    shown = await evaluator.get(f"{MUTU}/evaluasi/{evaluation}")
    assert 'id="q-score">100,0<' in shown.text

    # Officers see their own evaluations only.
    stranger = await sign_in(base, "op.dua")
    assert (await stranger.get(f"{MUTU}/evaluasi/{evaluation}")).status_code == 403
    officer = await sign_in(base, "op.satu")
    mine = await officer.get(MUTU)
    assert mine.status_code == 200 and f"/evaluasi/{evaluation}" in mine.text
    assert f"/evaluasi/{evaluation}" not in (await stranger.get(MUTU)).text
    answered = await post(
        officer, f"{MUTU}/evaluasi/{evaluation}/tanggapan", {"kind": "acknowledged"}
    )
    assert answered.status_code == 303
    again = await post(
        officer, f"{MUTU}/evaluasi/{evaluation}/tanggapan", {"kind": "disputed", "reason": "x"}
    )
    assert again.status_code == 403  # answered once
    assert 'data-state="acknowledged"' in (await officer.get(f"{MUTU}/evaluasi/{evaluation}")).text

    coordinator = await sign_in(base, "koordinator")
    # The report's days are the line's (Asia/Jakarta): after 17:00 UTC it is already tomorrow.
    local = clock.now().astimezone(ZoneInfo("Asia/Jakarta"))
    when = (local - timedelta(days=8)).date().isoformat()
    today = local.date().isoformat()
    export = await coordinator.get(
        f"/konsol/pusat-panggilan/laporan/petugas.csv?dari={when}&sampai={today}"
    )
    rows = {r["officer_id"]: r for r in csv.DictReader(io.StringIO(export.text))}
    assert rows[str(users["op.satu"])]["quality_score"] == "100.00"
    assert rows[str(users["op.dua"])]["quality_score"] == ""
    for client in (evaluator, other, officer, stranger, coordinator):
        await client.aclose()


async def test_disputed_decided_then_corrected_into_a_new_version(base: str) -> None:
    users = await world()
    evaluator = await sign_in(base, "penilai.a")
    await post(evaluator, f"{MUTU}/tarik")
    # The escalated call: its report's public summary is shown, never the reporter.
    page_sid = "CAdua1"
    sample = (await pool())[page_sid]
    await post(evaluator, f"{MUTU}/klaim/{sample['id']}")
    call = await IvrCall.select(IvrCall.ticket).where(IvrCall.call_sid == page_sid).first()
    assert call is not None
    ticket = call["ticket"]
    stored = storage.store_bytes(b"RIFF....WAVEfmt the caller speaking", suffix=".wav")
    recording = (
        await Attachment.insert(
            Attachment(
                ticket=ticket,
                kind="recording",
                content_type="audio/wav",
                size=stored.size,
                sha256=stored.sha256,
                storage_path=stored.path,
                created_at=clock.now(),
            )
        ).returning(Attachment.id)
    )[0]["id"]
    page = await evaluator.get(f"{MUTU}/nilai/{page_sid}")
    assert 'id="q-report"' in page.text
    assert "6281234567890" not in page.text and "Siti" not in page.text
    # The caller's recording plays beside the form; each play is a recorded look (publik).
    assert f'src="{MUTU}/rekaman/{recording}"' in page.text
    heard = await evaluator.get(f"{MUTU}/rekaman/{recording}")
    assert heard.status_code == 200 and heard.content.startswith(b"RIFF")
    looks = await TicketEvent.select(TicketEvent.data).where(
        (TicketEvent.ticket == ticket) & (TicketEvent.kind == EventKind.IDENTITY_VIEWED.value)
    )
    assert len(looks) == 1
    # An anonymous reporter's voice is nobody's to hear.
    await Ticket.update({Ticket.privacy: "anonim"}).where(Ticket.id == ticket)
    assert (await evaluator.get(f"{MUTU}/rekaman/{recording}")).status_code == 403
    withheld = await evaluator.get(f"{MUTU}/nilai/{page_sid}")
    assert 'id="q-withheld"' in withheld.text and f"/rekaman/{recording}" not in withheld.text
    await Ticket.update({Ticket.privacy: "publik"}).where(Ticket.id == ticket)
    evaluation = await claim_and_score(
        evaluator,
        page_sid,
        {**answers(questions="not_met", courtesy="not_met"), "comment-courtesy": "nada tinggi"},
    )
    before = await QualityEvaluation.select().where(QualityEvaluation.id == evaluation).first()
    assert before is not None and before["score"] < 100 and before["agent"] == users["op.dua"]

    officer = await sign_in(base, "op.dua")
    no_reason = await post(officer, f"{MUTU}/evaluasi/{evaluation}/tanggapan", {"kind": "disputed"})
    assert no_reason.status_code == 400
    disputed = await post(
        officer,
        f"{MUTU}/evaluasi/{evaluation}/tanggapan",
        {"kind": "disputed", "reason": "Saya sudah menanyakan lokasinya."},
    )
    assert disputed.status_code == 303
    assert (
        await post(
            evaluator, f"{MUTU}/evaluasi/{evaluation}/keputusan", {"kind": "upheld", "reason": "x"}
        )
    ).status_code == 403
    coordinator = await sign_in(base, "koordinator")
    assert (
        f"/evaluasi/{evaluation}" in (await coordinator.get(MUTU)).text.split('id="q-disputes"')[1]
    )
    decided = await post(
        coordinator,
        f"{MUTU}/evaluasi/{evaluation}/keputusan",
        {"kind": "overturned", "reason": "Rekaman menunjukkan lokasi ditanyakan."},
    )
    assert decided.status_code == 303
    assert 'data-state="overturned"' in (await officer.get(f"{MUTU}/evaluasi/{evaluation}")).text

    # The evaluator corrects it: a new version with a reason; the old one stays as it was.
    fix = f"{MUTU}/nilai/{page_sid}?koreksi={evaluation}"
    assert (await evaluator.get(fix)).status_code == 200
    corrected_answers = {**answers(courtesy="not_met"), "comment-courtesy": "nada tinggi"}
    assert (await post(evaluator, fix, corrected_answers)).status_code == 400  # no reason
    done = await post(evaluator, fix, {**corrected_answers, "reason": "Keputusan koordinator"})
    assert done.status_code == 303
    new = int(done.headers["location"].split("/")[-1].split("?")[0])
    rows = {r["id"]: r for r in await QualityEvaluation.select()}
    assert rows[evaluation] == before
    # The database itself refuses to rewrite a submitted evaluation.
    with pytest.raises(Exception, match="insert-only"):
        await QualityEvaluation.update({QualityEvaluation.score: 100.0}).where(
            QualityEvaluation.id == evaluation
        )
    assert (rows[new]["version"], rows[new]["supersedes"], rows[new]["thread"]) == (
        2,
        evaluation,
        before["thread"],
    )
    assert rows[new]["score"] > before["score"]
    versions = await officer.get(f"{MUTU}/evaluasi/{new}")
    assert versions.text.count("/evaluasi/") >= 2 and "Keputusan koordinator" in versions.text
    # The old version can no longer be corrected, nor answered.
    assert (await evaluator.get(fix)).status_code == 403
    for client in (evaluator, officer, coordinator):
        await client.aclose()


async def test_calibration_is_blind_until_closed_then_reports_the_spread(base: str) -> None:
    users = await world()
    coordinator = await sign_in(base, "koordinator")
    a = await sign_in(base, "penilai.a")
    b = await sign_in(base, "penilai.b")
    created = await post(
        coordinator,
        f"{MUTU}/kalibrasi",
        {"call_sid": "CAsatu0", "evaluator": str(users["penilai.a"])},
    )
    assert created.status_code == 400  # two evaluators at least
    token_page = await coordinator.get(f"{MUTU}/kalibrasi")
    assert token_page.status_code == 200
    token = await csrf_token(coordinator, f"{MUTU}/kalibrasi")
    created = await coordinator.post(
        f"{MUTU}/kalibrasi",
        data={
            "call_sid": "CAsatu0",
            "evaluator": [str(users["penilai.a"]), str(users["penilai.b"])],
            "_csrf_token": token,
        },
    )
    assert created.status_code == 303
    session = created.headers["location"]
    sid = int(session.split("/")[-1])

    done = await post(a, f"{MUTU}/nilai/CAsatu0?sesi={sid}", answers())
    assert done.status_code == 303
    a_eval = int(done.headers["location"].split("/")[-1].split("?")[0])
    # B sees that A scored, not A's score; A's evaluation is closed to B.
    blind = await b.get(session)
    assert blind.status_code == 200 and 'id="q-session-scores"' not in blind.text
    assert (await b.get(f"{MUTU}/evaluasi/{a_eval}")).status_code == 403
    done = await post(
        b,
        f"{MUTU}/nilai/CAsatu0?sesi={sid}",
        {**answers(questions="not_met", privacy="not_met"), "comment-privacy": "tidak dijelaskan"},
    )
    assert done.status_code == 303
    assert (await post(b, f"{MUTU}/kalibrasi/{sid}/tutup")).status_code == 403
    assert (await post(coordinator, f"{MUTU}/kalibrasi/{sid}/tutup")).status_code == 303

    closed = await b.get(session)
    assert 'id="q-spread"' in closed.text and 'id="q-deviation"' in closed.text
    assert 'data-item="questions"' in closed.text
    assert (await b.get(f"{MUTU}/evaluasi/{a_eval}")).status_code == 200
    # An officer is not an evaluator: no calibration pages.
    officer = await sign_in(base, "op.satu")
    assert (await officer.get(session)).status_code == 403
    assert (await officer.get(f"{MUTU}/kalibrasi")).status_code == 403
    # Calibration evaluations are not the officer's figures.
    assert (await officer.get(f"{MUTU}/tren")).status_code == 200
    assert "q-trend-all" not in (await officer.get(f"{MUTU}/tren")).text
    for client in (coordinator, a, b, officer):
        await client.aclose()


async def test_two_evaluators_claiming_at_once_one_gets_the_call(base: str) -> None:
    await world()
    a = await sign_in(base, "penilai.a")
    b = await sign_in(base, "penilai.b")
    await post(a, f"{MUTU}/tarik")
    target = next(iter((await pool()).values()))
    answers_ = await asyncio.gather(
        post(a, f"{MUTU}/klaim/{target['id']}"), post(b, f"{MUTU}/klaim/{target['id']}")
    )
    assert sorted(r.status_code for r in answers_) == [303, 409]
    claimed = (await pool())[target["call_sid"]]["claimed_by"]
    winner = a if answers_[0].status_code == 303 else b
    assert (await winner.get(f"{MUTU}/nilai/{target['call_sid']}")).status_code == 200
    assert claimed is not None
    for client in (a, b):
        await client.aclose()
