"""The worker's IVR job: a call that went quiet without a status callback is finished (its
recording becomes an incomplete report); it runs the same functions as the webhooks."""

from __future__ import annotations

from datetime import timedelta

from hotline import clock
from hotline.ivr import calls, jobs
from hotline.ivr.tables import IvrCall
from hotline.settings import get_settings
from tests.integration.ivr.helpers import phone_directory, tickets


async def test_a_quiet_call_with_a_recording_is_finished_by_the_worker() -> None:
    await phone_directory()
    form = {"CallSid": "CAquiet", "From": "+6281234567890", "CallStatus": "in-progress"}
    steps = [{}, {"Digits": "1"}, {"Digits": "1"}, {"SpeechResult": "Kertek"}, {"Digits": "2"}]
    steps += [{"Digits": "2"}]  # anonim, no SMS
    for n, extra in enumerate(steps):
        await calls.answer_voice(calls.Request({**form, **extra}, {"n": str(n)}))
    recording = {
        "RecordingUrl": "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1",
        "RecordingSid": "RE1",
        "RecordingDuration": "33",
    }
    await calls.answer_voice(calls.Request({**form, **recording}, {"n": str(len(steps))}))
    assert await jobs.run_round(get_settings()) == 0  # not quiet for long enough yet
    later = clock.now() + timedelta(hours=1)
    clock.set_clock(lambda: later)
    assert await jobs.run_round(get_settings()) == 1
    [ticket] = await tickets()
    assert ticket["incomplete"] and ticket["privacy"] == "anonim" and ticket["reporter"] is None
    row = await IvrCall.select().where(IvrCall.call_sid == "CAquiet").first()
    assert row is not None
    assert row["status"] == "done" and row["ticket"] == ticket["id"]
    assert await jobs.run_round(get_settings()) == 0
