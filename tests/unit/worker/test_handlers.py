"""Every process that delivers the outbox has a handler for every channel queued: the core's
senders and the areas' own (the IVR's call recordings, the messaging area's WhatsApp messages and
the media citizens send), from the one list of areas."""

from __future__ import annotations

import dataclasses

import pytest

from hotline.ivr.recordings import RECORDING, RecordingFetcher, UnconfiguredRecordingFetcher
from hotline.messaging.media import MEDIA
from hotline.messaging.outbound import WHATSAPP
from hotline.notify.handlers import Handlers
from hotline.notify.senders.base import Channel
from hotline.notify.senders.log import LogSender
from hotline.settings import get_settings
from hotline.worker.loop import build_senders


def test_the_worker_delivers_the_core_channels_and_the_areas_own() -> None:
    handlers = build_senders(get_settings())
    assert set(handlers) == {Channel.SMS, Channel.EMAIL, RECORDING, WHATSAPP, MEDIA}
    assert isinstance(handlers[RECORDING], UnconfiguredRecordingFetcher)


def test_recordings_are_fetched_with_the_twilio_account_when_it_is_set() -> None:
    settings = dataclasses.replace(
        get_settings(), twilio_account_sid="AC" + "1" * 32, twilio_auth_token="token"
    )
    assert isinstance(build_senders(settings)[RECORDING], RecordingFetcher)


def test_a_channel_has_one_handler() -> None:
    handlers = Handlers(LogSender(Channel.SMS))
    with pytest.raises(ValueError, match="'sms' has a handler already"):
        handlers.add(LogSender(Channel.SMS))
