"""The conversation recording's pure parts: the setting, the <Dial> attributes, the start time
Twilio gives, and which of an officer's callers a recording belongs to."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotline.ivr.config import load_config
from hotline.ivr.conversations import closest_answer, dial_attributes, recording_start
from hotline.ivr.twiml import Voice
from hotline.settings import SettingsError

T0 = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)


def test_the_line_records_unless_told_not_to() -> None:
    assert load_config({}).record_conversations is True
    assert load_config({"HOTLINE_IVR_RECORD_CONVERSATIONS": "false"}).record_conversations is False
    assert load_config({"HOTLINE_IVR_RECORD_CONVERSATIONS": "on"}).record_conversations is True
    with pytest.raises(SettingsError, match="HOTLINE_IVR_RECORD_CONVERSATIONS"):
        load_config({"HOTLINE_IVR_RECORD_CONVERSATIONS": "sometimes"})


def test_the_dial_records_both_legs_and_calls_back_when_done() -> None:
    voice = Voice(public_url="https://hotline.example.go.id", voice_id="v", voice_en="e", audio={})
    assert dial_attributes(voice) == {
        "record": "record-from-answer-dual",
        "recording_status_callback": "https://hotline.example.go.id/ivr/queue/recording",
        "recording_status_callback_method": "POST",
        "recording_status_callback_event": "completed",
    }


def test_twilios_start_time_is_read_or_ignored() -> None:
    assert recording_start("Mon, 07 Dec 2026 02:00:00 +0000") == T0
    assert recording_start("") is None and recording_start("yesterday") is None


@given(
    answers=st.lists(st.integers(min_value=-20_000, max_value=20_000), min_size=1, unique=True),
    start=st.integers(min_value=-20_000, max_value=20_000),
)
def test_a_recording_belongs_to_the_caller_answered_closest_to_its_start(
    answers: list[int], start: int
) -> None:
    rows: list[dict[str, Any]] = [
        {"call_sid": f"CA{s}", "answered_at": T0 + timedelta(seconds=s)}
        for s in sorted(answers, reverse=True)
    ]
    found = closest_answer(rows, T0 + timedelta(seconds=start))
    assert found is not None
    best = min(abs(s - start) for s in answers)
    assert abs((found["answered_at"] - T0).total_seconds() - start) == best
    # Without a start time: the latest answered.
    assert closest_answer(rows, None) == rows[0]
    assert closest_answer([], None) is None
