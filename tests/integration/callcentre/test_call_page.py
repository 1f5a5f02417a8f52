"""The page of one call and its conversation recordings (issue 18, item 2), over HTTP: the
coordinator sees the call's events and plays its recordings, each play audited (the report's
`identity_viewed` event, or an access event when no report was filed in the call); a role
without the permission gets 403; a reporter who chose not to be identified to the coordinator
is not heard by them; an erased recording is gone. Both engines."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from hotline import clock
from hotline.accounts.tables import AccessEvent
from hotline.callcentre import events
from hotline.ivr.tables import ConversationRecording
from hotline.tickets import storage
from hotline.tickets.events import EventKind
from hotline.tickets.privacy import Privacy
from hotline.tickets.tables import TicketEvent
from tests.integration.konsol.support import make_user, sign_in
from tests.support.factories import file_report, make_directory
from tests.support.live_server import live_server

CALL = "CA" + "5" * 32
PAGE = f"/konsol/pusat-panggilan/panggilan/{CALL}"


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with live_server() as url:
        yield url


async def _recording(n: int, *, agent: int, ticket: int | None = None) -> tuple[str, bytes]:
    audio = b"RIFF percakapan %d " % n + bytes(64)
    stored = storage.store_bytes(audio, suffix="wav")
    sid = f"RE{n:032d}"
    await ConversationRecording.insert(
        ConversationRecording(
            recording_sid=sid,
            call_sid=CALL,
            agent=agent,
            ticket=ticket,
            source_url="",
            storage_path=stored.path,
            sha256=stored.sha256,
            size=stored.size,
            content_type="audio/x-wav",
            duration_seconds=95,
            channels=2,
            created_at=clock.now(),
        )
    )
    return sid, audio


async def _world() -> dict[str, Any]:
    await make_directory()
    officer = await make_user("operator.satu", "operator")
    await make_user("koordinator", "koordinator")
    await make_user("verif", "verifikator")
    now = clock.now()
    for kind, wait in (("ENTERQUEUE", None), ("CONNECT", 14)):
        await events.record(
            events.event(
                kind, f"{CALL}:{kind}", now, call_sid=CALL, queue="id", agent=officer,
                wait_seconds=wait,
            )
        )  # fmt: skip
    publik = await file_report(privacy=Privacy.PUBLIK)
    rahasia = await file_report(privacy=Privacy.RAHASIA)
    return {
        "officer": officer,
        "plain": await _recording(1, agent=officer),
        "publik": (*await _recording(2, agent=officer, ticket=publik.ticket_id), publik),
        "rahasia": (*await _recording(3, agent=officer, ticket=rahasia.ticket_id), rahasia),
    }


def _play(sid: str) -> str:
    return f"/konsol/pusat-panggilan/rekaman/{sid}"


async def test_the_coordinator_sees_the_call_and_each_play_is_audited(base: str) -> None:
    world = await _world()
    plain_sid, plain_audio = world["plain"]
    publik_sid, publik_audio, publik = world["publik"]
    rahasia_sid, _, _ = world["rahasia"]
    coordinator = await sign_in(base, "koordinator")

    page = await coordinator.get(PAGE + "?lang=en")
    assert page.status_code == 200
    assert "Answered by an officer" in page.text and "Operator.Satu" in page.text
    assert "Recordings of this call" in page.text
    assert f'src="{_play(plain_sid)}"' in page.text and f'src="{_play(publik_sid)}"' in page.text
    # Rahasia: the identity is for the central unit only, and a voice identifies.
    assert _play(rahasia_sid) not in page.text
    assert "chose not to be identified to you" in page.text
    # Opening the page plays nothing, so it records nothing.
    assert await AccessEvent.count().where(AccessEvent.kind == "recording_played") == 0

    # No report in the call: the play is an access event of the staff member.
    played = await coordinator.get(_play(plain_sid))
    assert played.status_code == 200 and played.content == plain_audio
    assert played.headers["content-type"].startswith("audio/")
    assert played.headers["cache-control"] == "no-store"
    [access] = (
        await AccessEvent.select()
        .where(AccessEvent.kind == "recording_played")
        .output(load_json=True)
    )
    assert access["username"] == "koordinator"
    assert access["data"]["recording"] == plain_sid and access["data"]["call_sid"] == CALL

    # A report filed in the call: the play is that report's identity read.
    played = await coordinator.get(_play(publik_sid))
    assert played.status_code == 200 and played.content == publik_audio
    [read] = (
        await TicketEvent.select()
        .where(
            (TicketEvent.ticket == publik.ticket_id)
            & (TicketEvent.kind == EventKind.IDENTITY_VIEWED.value)
        )
        .output(load_json=True)
    )
    assert read["data"]["via"] == "conversation_recording"
    assert read["data"]["recording"] == publik_sid

    refused = await coordinator.get(_play(rahasia_sid))
    assert refused.status_code == 403
    assert await TicketEvent.count().where(TicketEvent.kind == EventKind.IDENTITY_VIEWED.value) == 1

    # Erased under retention: nothing to play.
    await ConversationRecording.update(
        {ConversationRecording.erased_at: clock.now(), ConversationRecording.storage_path: ""}
    ).where(ConversationRecording.recording_sid == plain_sid)
    assert (await coordinator.get(_play(plain_sid))).status_code == 404
    assert "Erased under the retention rules" in (await coordinator.get(PAGE + "?lang=en")).text
    assert (await coordinator.get("/konsol/pusat-panggilan/panggilan/CA-none")).status_code == 404


async def test_a_role_without_the_permission_gets_403(base: str) -> None:
    world = await _world()
    plain_sid, _ = world["plain"]
    # The verifier reads the call centre's reports, but does not listen to conversations.
    verifier = await sign_in(base, "verif")
    page = await verifier.get(PAGE + "?lang=en")
    assert page.status_code == 200 and "Answered by an officer" in page.text
    assert "Recordings of this call" not in page.text and plain_sid not in page.text
    assert (await verifier.get(_play(plain_sid))).status_code == 403
    operator = await sign_in(base, "operator.satu")
    assert (await operator.get(PAGE)).status_code == 403
    assert (await operator.get(_play(plain_sid))).status_code == 403
    assert await AccessEvent.count().where(AccessEvent.kind == "recording_played") == 0
