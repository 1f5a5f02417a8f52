"""Recordings are fetched by the worker through the outbox, from a local stand-in for Twilio's
REST API, with the account credentials, into attachment storage."""

from __future__ import annotations

from hotline import clock
from hotline.ivr.actions import attach_recordings
from hotline.ivr.recordings import RECORDING as RECORDING_CHANNEL
from hotline.ivr.recordings import RecordingFetcher
from hotline.notify.delivery import deliver_due
from hotline.notify.senders.base import Channel, Sender
from hotline.notify.senders.log import LogSender
from hotline.notify.tables import OutboxMessage
from hotline.tickets import storage
from hotline.tickets.tables import Attachment
from tests.support.factories import file_report, make_directory
from tests.support.fake_twilio import FakeTwilio
from tests.support.rows import one

SID = "AC" + "1" * 32
TOKEN = "recording-token-0123456789"
RECORDING = "RE" + "2" * 32
URL = f"https://api.twilio.com/2010-04-01/Accounts/{SID}/Recordings/{RECORDING}"
AUDIO = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(range(200))


def senders(fetcher: RecordingFetcher) -> dict[str, Sender]:
    # The report's own SMS and e-mail go to the log; the recording to the fetcher under test.
    return {
        Channel.SMS: LogSender(Channel.SMS),
        Channel.EMAIL: LogSender(Channel.EMAIL),
        RECORDING_CHANNEL: fetcher,
    }


async def _queued() -> int:
    await make_directory()
    created = await file_report()
    await attach_recordings(
        created.ticket_id, [{"url": URL, "sid": RECORDING, "duration": "30"}], clock.now()
    )
    return created.ticket_id


async def test_the_worker_fetches_a_recording_into_storage() -> None:
    ticket_id = await _queued()
    with FakeTwilio(account_sid=SID, auth_token=TOKEN) as fake:
        path = f"/2010-04-01/Accounts/{SID}/Recordings/{RECORDING}.wav"
        fetcher = RecordingFetcher(SID, TOKEN, api_base_url=fake.base_url)
        # Twilio has not finished the recording yet: a 404 is retried later, nothing stored.
        stats = await deliver_due(senders(fetcher))
        assert stats.retried == 1 and stats.sent == 2
        [row] = await Attachment.select().where(Attachment.ticket == ticket_id)
        assert row["storage_path"] == ""
        fake.add_file(path, AUDIO, "audio/x-wav")
        await OutboxMessage.update({OutboxMessage.next_attempt_at: clock.now()}).where(
            OutboxMessage.channel == "recording"
        )
        stats = await deliver_due(senders(fetcher))
        assert stats.sent == 1
        request = fake.requests[-1]
        assert request.path == path and (request.auth_user, request.auth_password) == (SID, TOKEN)
    [row] = await Attachment.select().where(Attachment.ticket == ticket_id)
    assert storage.read_bytes(row["storage_path"]) == AUDIO
    assert row["size"] == len(AUDIO) and row["content_type"] == "audio/x-wav"
    assert (await one(OutboxMessage.select().where(OutboxMessage.channel == "recording").first()))[
        "status"
    ] == "sent"


async def test_credentials_never_go_to_another_host() -> None:
    await make_directory()
    created = await file_report()
    forged = "https://evil.example.com/2010-04-01/Accounts/AC/Recordings/RE1"
    await attach_recordings(created.ticket_id, [{"url": forged, "sid": "RE1"}], clock.now())
    with FakeTwilio() as fake:
        stats = await deliver_due(senders(RecordingFetcher(SID, TOKEN, api_base_url=fake.base_url)))
        assert stats.dead == 1 and fake.requests == []
