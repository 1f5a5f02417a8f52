"""The officer's conversation, recorded (issue 18, item 2), through signed webhooks against the
live server: the caller hears the notice before the queue, the agent line's <Dial> records both
legs, Twilio's recording callback saves one row however often it is retried (linked to the
caller's call, the officer and the call's report) and the worker fetches the audio from a
local stand-in for Twilio. A line that does not record neither says nor does it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import timedelta
from email.utils import format_datetime

import pytest

from hotline import clock
from hotline.accounts.service import create_user
from hotline.ivr.agent import set_agent_pin
from hotline.ivr.conversations import save_recording
from hotline.ivr.recordings import RecordingFetcher
from hotline.ivr.tables import ConversationRecording, IvrCall, QueueCall
from hotline.notify.delivery import deliver_due
from hotline.notify.tables import OutboxMessage
from hotline.tickets import storage
from tests.integration.ivr.helpers import (
    ALWAYS_OPEN,
    AUTH_TOKEN,
    PUBLIC_URL,
    assert_nothing_spooled,
    phone_directory,
)
from tests.integration.ivr.test_recordings import AUDIO, SID, TOKEN, senders
from tests.support.factories import file_report
from tests.support.fake_twilio import FakeTwilio
from tests.support.live_server import live_server
from tests.support.rows import one
from tests.support.twilio_caller import SimulatedCall, TwilioCaller, new_call_sid

NOTICE_ID = "Panggilan ini direkam untuk peningkatan mutu layanan."
NOTICE_EN = "This call is recorded to improve our service."
RECORDING_SID = "RE" + "7" * 32
RECORDING_URL = f"https://api.twilio.com/2010-04-01/Accounts/{SID}/Recordings/{RECORDING_SID}"


@pytest.fixture(scope="module")
def caller() -> Iterator[TwilioCaller]:
    with live_server(**ALWAYS_OPEN) as base:
        client = TwilioCaller(base, auth_token=AUTH_TOKEN, public_url=PUBLIC_URL)
        yield client
        client.close()
    assert_nothing_spooled()


@pytest.fixture(scope="module")
def silent_caller() -> Iterator[TwilioCaller]:
    with live_server(**ALWAYS_OPEN, HOTLINE_IVR_RECORD_CONVERSATIONS="false") as base:
        client = TwilioCaller(base, auth_token=AUTH_TOKEN, public_url=PUBLIC_URL)
        yield client
        client.close()
    assert_nothing_spooled()


def queued(caller: TwilioCaller) -> SimulatedCall:
    call = caller.call()
    call.start()
    call.press("0")
    return call


def said_before_enqueue(call: SimulatedCall) -> list[str]:
    said: list[str] = []
    for element in call.root:
        if element.tag == "Enqueue":
            return said
        said.append(element.text or "")
    raise AssertionError(f"no <Enqueue> in {call.text!r}")


def agent_dial(caller: TwilioCaller, pin: str) -> tuple[str, ET.Element]:
    """The officer calls the agent line and enters the PIN: the <Dial> that takes the caller."""
    agent = {"CallSid": new_call_sid(), "From": "+6281100000009", "To": "+622860000001"}
    first = ET.fromstring(caller.post("/ivr/agent", agent).text)  # noqa: S314
    gather = first.find("Gather")
    assert gather is not None
    dialled = ET.fromstring(  # noqa: S314
        caller.post(gather.attrib["action"], {**agent, "Digits": pin}).text
    )
    dial = dialled.find("Dial")
    assert dial is not None
    return agent["CallSid"], dial


def recording_callback(agent_sid: str, **extra: str) -> dict[str, str]:
    return {
        "AccountSid": SID,
        "CallSid": agent_sid,
        "RecordingSid": RECORDING_SID,
        "RecordingUrl": RECORDING_URL,
        "RecordingStatus": "completed",
        "RecordingDuration": "184",
        "RecordingChannels": "2",
        "RecordingSource": "DialVerb",
        **extra,
    }


async def test_the_caller_hears_the_notice_before_the_queue(caller: TwilioCaller) -> None:
    await phone_directory()
    call = queued(caller)
    before = said_before_enqueue(call)
    assert before[0] == NOTICE_ID and "Mohon tunggu" in before[1]
    # In English too: 9 switches the language, then 0 for an officer.
    english = caller.call()
    english.start()
    english.press("9")
    english.press("0")
    assert said_before_enqueue(english)[0] == NOTICE_EN


async def test_a_line_that_does_not_record_says_nothing_and_records_nothing(
    silent_caller: TwilioCaller,
) -> None:
    await phone_directory()
    await create_user(username="operator.dua", password="sandi-operator-123", role="operator")
    await set_agent_pin("operator.dua", "2468")
    call = queued(silent_caller)
    assert NOTICE_ID not in call.text and call.find("Enqueue") is not None
    _, dial = agent_dial(silent_caller, "2468")
    assert "record" not in dial.attrib and "recordingStatusCallback" not in dial.attrib


async def test_the_conversation_is_recorded_saved_once_and_fetched(caller: TwilioCaller) -> None:
    await phone_directory()
    officer = await create_user(
        username="operator.satu", password="sandi-operator-123", role="operator"
    )
    await set_agent_pin("operator.satu", "4321")
    call = queued(caller)
    agent_sid, dial = agent_dial(caller, "4321")
    assert dial.attrib["record"] == "record-from-answer-dual"
    assert dial.attrib["recordingStatusCallback"] == PUBLIC_URL + "/ivr/queue/recording"
    assert dial.attrib["recordingStatusCallbackEvent"] == "completed"
    queue = dial.find("Queue")
    assert queue is not None
    caller.post(
        queue.attrib["url"], call.params(QueueSid="QU1", QueueTime=9, DequeingCallSid=agent_sid)
    )
    # The officer files a report for the caller during the call.
    report = await file_report()
    await IvrCall.update({IvrCall.ticket: report.ticket_id}).where(IvrCall.call_sid == call.sid)
    call.queue_result("bridged", 9)
    call.hang_up(duration=200)

    # A forged callback is refused; Twilio's is saved once, however often it is retried.
    forged = caller.post(
        "/ivr/queue/recording", recording_callback(agent_sid), signature="not-a-signature"
    )
    assert forged.status_code == 403
    for _ in range(3):
        answer = caller.post("/ivr/queue/recording", recording_callback(agent_sid))
        assert answer.status_code == 200 and "<Response" in answer.text
    [row] = await ConversationRecording.select()
    assert row["call_sid"] == call.sid and row["agent_call_sid"] == agent_sid
    assert row["agent"] == officer and row["ticket"] == report.ticket_id
    assert row["duration_seconds"] == 184 and row["channels"] == 2
    assert row["storage_path"] == "" and row["erased_at"] is None
    [order] = await OutboxMessage.select().where(OutboxMessage.channel == "recording")
    assert order["recipient"] == RECORDING_URL and order["body"] == f"conversation:{row['id']}"

    # The worker fetches the audio with the account's credentials, into storage.
    with FakeTwilio(account_sid=SID, auth_token=TOKEN) as fake:
        path = f"/2010-04-01/Accounts/{SID}/Recordings/{RECORDING_SID}.wav"
        fake.add_file(path, AUDIO, "audio/x-wav")
        stats = await deliver_due(senders(RecordingFetcher(SID, TOKEN, api_base_url=fake.base_url)))
        assert stats.sent >= 1 and stats.dead == 0
        assert [r.path for r in fake.requests] == [path]
    row = await one(ConversationRecording.select().first())
    assert storage.read_bytes(row["storage_path"]) == AUDIO
    assert row["size"] == len(AUDIO) and row["content_type"] == "audio/x-wav"


async def test_a_spooled_callback_is_replayed_once_even_without_its_bridge() -> None:
    # Saved while the database was away, replayed twice by the worker; the agent leg is unknown
    # here (its call row was lost with the outage): the recording is still kept and fetched.
    from hotline.ivr.jobs import replay_record

    record = {"kind": "conversation_recording", "form": recording_callback(new_call_sid())}
    for _ in range(2):
        await replay_record({**record, "query": {}})
    [row] = await ConversationRecording.select()
    assert row["call_sid"] == "" and row["agent"] is None and row["ticket"] is None
    assert await OutboxMessage.count().where(OutboxMessage.channel == "recording") == 1


async def test_each_recording_goes_to_the_caller_answered_when_it_started() -> None:
    # One call to the agent line, two callers in turn (1 for the next): each recording belongs
    # to the caller answered when it started, even when it arrives after the next answer.
    officer = await create_user(
        username="operator.tiga", password="sandi-operator-123", role="operator"
    )
    now = clock.now()
    agent_sid = new_call_sid()
    await IvrCall.insert(
        IvrCall(call_sid=agent_sid, line="agent", agent=officer, started_at=now, updated_at=now)
    )
    first, second = new_call_sid(), new_call_sid()
    for sid, minutes in ((first, 10), (second, 2)):
        await QueueCall.insert(
            QueueCall(
                call_sid=sid,
                queue="id",
                entered_at=now - timedelta(minutes=minutes + 1),
                answered_at=now - timedelta(minutes=minutes),
                outcome="answered",
                agent=officer,
            )
        )

    def at(minutes: int) -> str:
        return format_datetime(now - timedelta(minutes=minutes, seconds=-1), usegmt=True)

    for n, extra in enumerate(({"RecordingStartTime": at(10)}, {"RecordingStartTime": at(2)}, {})):
        form = {**recording_callback(agent_sid), "RecordingSid": f"RE{n:032d}", **extra}
        assert await save_recording(form, now)
    rows = await ConversationRecording.select().order_by(ConversationRecording.recording_sid)
    assert [r["call_sid"] for r in rows] == [first, second, second]
    assert {r["agent"] for r in rows} == {officer}
