"""The optimistic step (hotline/ivr/calls.py): a step that only moves the call through its flow is
answered without a lock and saved only if the call row is still as it was read. These check that
it never loses a concurrent write, never answers a retry twice, and hands every step that writes
to the locked path."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from hotline.ivr import calls
from hotline.ivr.actions import NeedsTransaction, ReadOnlyEffects
from hotline.ivr.config import get_config
from hotline.ivr.engine import Call
from hotline.ivr.tables import IvrCall, IvrStep
from tests.integration.ivr.helpers import call_row, phone_directory, tickets

FORM = {"From": "+6281234567890", "CallStatus": "in-progress"}


def request(sid: str, n: int, **extra: str) -> calls.Request:
    return calls.Request({"CallSid": sid, **FORM, **extra}, {"n": str(n), "l": "id"})


@pytest.mark.postgres_only
async def test_a_write_between_reading_and_saving_the_call_is_not_lost(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The status callback (or any writer) changes the row while a step is being answered
    without a lock: the step's save must not overwrite it with what it read."""
    await phone_directory()
    sid = "CAoptimistic1"
    await calls.answer_voice(request(sid, 0))  # the welcome and the main menu
    tried: list[str] = []
    original = ReadOnlyEffects.menu_options

    async def menu_options_meanwhile(self: ReadOnlyEffects, source: str, call: Call) -> Any:
        # Another request commits a change to this call while the step is being answered.
        tried.append(call.sid)
        row = await call_row(sid)
        await IvrCall.update({IvrCall.vars: {**row["vars"], "written_meanwhile": "yes"}}).where(
            IvrCall.call_sid == sid
        )
        return await original(self, source, call)

    monkeypatch.setattr(ReadOnlyEffects, "menu_options", menu_options_meanwhile)
    answer = await calls.answer_voice(request(sid, 1, Digits="1"))  # 1: a new report
    assert tried == [sid]  # the optimistic try ran, and its save found the row changed
    row = await call_row(sid)
    assert row["vars"]["written_meanwhile"] == "yes"  # answered again on the row as it is now
    assert row["state"] == "new_report.category" and row["seq"] == 1
    assert "jalan rusak" in answer
    assert await IvrStep.count().where(IvrStep.step_key == f"{sid}:1") == 1


async def test_copies_of_a_menu_step_at_once_move_the_call_once() -> None:
    await phone_directory()
    sid = "CAoptimistic2"
    await calls.answer_voice(request(sid, 0))
    answers = await asyncio.gather(
        *(calls.answer_voice(request(sid, 1, Digits="1")) for _ in range(6))
    )
    assert len(set(answers)) == 1 and "jalan rusak" in answers[0]
    row = await call_row(sid)
    assert row["state"] == "new_report.category" and row["seq"] == 1
    assert row["vars"]["_answers"] == 1  # the menu answered once, not six times
    assert await IvrStep.count().where(IvrStep.step_key == f"{sid}:1") == 1
    # A copy arriving later (Twilio's retry) gets the stored answer.
    assert await calls.answer_voice(request(sid, 1, Digits="1")) == answers[0]


async def test_steps_that_write_are_answered_on_the_locked_path() -> None:
    """Filing the report is an action that writes: the read-only try stops before it, and the
    report is filed exactly once, in the step's transaction."""
    effects = ReadOnlyEffects(get_config(), caller="", ticket_sink=[])
    call = Call(sid="CAx", state="", locale="id")
    for action in ("create_report", "lookup_status", "add_information", "unknown_new_action"):
        with pytest.raises(NeedsTransaction):
            await effects.run_action(action, call)
    with pytest.raises(NeedsTransaction):
        await effects.enqueue(call)
    assert await effects.run_action("switch_language", call) == "ok" and call.locale == "en"

    await phone_directory()
    sid = "CAoptimistic3"
    walk = [{}, {"Digits": "1"}, {"Digits": "1"}, {"SpeechResult": "Kertek"}, {"Digits": "3"}]
    walk += [{"Digits": "2"}]
    for n, extra in enumerate(walk):
        await calls.answer_voice(request(sid, n, **extra))
    recording = {
        "RecordingUrl": "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE9",
        "RecordingSid": "RE9",
        "RecordingDuration": "30",
    }
    await calls.answer_voice(request(sid, len(walk), **recording))
    confirm = await calls.answer_voice(request(sid, len(walk) + 1, Digits="1"))
    [ticket] = await tickets()
    assert ticket["reference"] in confirm.replace(" ", "")
    assert (await call_row(sid))["ticket"] == ticket["id"]
