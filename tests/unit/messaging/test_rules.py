"""WhatsApp's 24-hour window, the templates file and Twilio's inbound form (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotline.messaging.config import TEMPLATES_FILE
from hotline.messaging.inbound import parse
from hotline.messaging.outbound import WINDOW, Template, in_window, parse_templates

NOW = datetime(2026, 12, 7, 5, tzinfo=UTC)


@given(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=10)))
def test_free_form_only_within_24_hours_of_the_last_message(ago: timedelta) -> None:
    assert in_window(NOW - ago, NOW) is (ago < WINDOW)


def test_no_message_from_the_citizen_is_no_window() -> None:
    assert not in_window(None, NOW)
    assert not in_window(NOW + timedelta(minutes=1), NOW)  # a clock that went back: no guess


def test_the_shipped_templates_cover_both_languages() -> None:
    templates = parse_templates(TEMPLATES_FILE.read_text())
    assert set(templates) == {("report_update", "id"), ("report_update", "en")}
    assert templates[("report_update", "id")] == Template(
        "HX00000000000000000000000000000001", ("reference", "url")
    )


def test_a_malformed_template_names_itself() -> None:
    with pytest.raises(ValueError, match=r"template report_update\.id"):
        parse_templates('[report_update.id]\ncontent_sid = "not-a-sid"\nvariables = []\n')


def test_whatsapp_and_sms_senders_in_e164() -> None:
    whatsapp = parse({"MessageSid": "SM1", "From": "whatsapp:+6281234567890", "Body": "halo"})
    assert whatsapp is not None and (whatsapp.channel, whatsapp.sender) == (
        "whatsapp",
        "+6281234567890",
    )
    sms = parse({"SmsMessageSid": "SM2", "From": "+6281234567890", "Body": "halo"})
    assert sms is not None and (sms.channel, sms.sender) == ("sms", "+6281234567890")
    assert parse({"MessageSid": "SM3", "From": "not a number"}) is None
    assert parse({"From": "+6281234567890"}) is None


def test_media_kept_only_of_the_kinds_we_keep_and_a_pin() -> None:
    msg = parse(
        {
            "MessageSid": "SM4",
            "From": "whatsapp:+6281234567890",
            "NumMedia": "3",
            "MediaUrl0": "https://api.twilio.com/a",
            "MediaContentType0": "image/jpeg",
            "MediaUrl1": "https://api.twilio.com/b",
            "MediaContentType1": "video/mp4",
            "MediaUrl2": "https://api.twilio.com/c",
            "MediaContentType2": "audio/ogg; codecs=opus",
            "Latitude": "-7.3754",
            "Longitude": "109.9020",
        }
    )
    assert msg is not None
    assert [(m.kind, m.url) for m in msg.incoming.media] == [
        ("photo", "https://api.twilio.com/a"),
        ("voice", "https://api.twilio.com/c"),
    ]
    assert msg.refused_media == 1
    assert msg.incoming.kinds() == {"photo", "voice", "location"}
