"""The engine's rules, without a database: re-prompts with help, the way out after the retries,
the repeat key, variables set by options, speech matched to a kecamatan; and the pure helpers
(prompts, service hours, the queue estimate, the spool)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hotline.ivr import spool
from hotline.ivr.config import load_config, parse_service_hours
from hotline.ivr.engine import Call, Engine, Input, normalize_place
from hotline.ivr.prompts import speak
from hotline.ivr.queue import estimate_minutes, wait_twiml
from hotline.settings import SettingsError
from tests.unit.ivr.test_twiml_snapshots import FLOWS, VOICE, StandIn


def engine() -> Engine:
    return Engine(FLOWS, VOICE, StandIn())


async def test_wrong_keys_reprompt_with_help_then_lead_out_never_loop() -> None:
    call = Call(sid="CA1", state="main.menu", locale="id", seq=1)
    reply = await engine().step(call, Input(digits=""))
    assert call.state == "main.menu" and "Kami tidak mendengar pilihan Anda." in reply.twiml
    assert "1 untuk laporan baru" in reply.twiml  # the help
    call.seq = 2
    await engine().step(call, Input(digits="5"))
    assert call.state == "main.menu" and call.failures == 2
    call.seq = 3
    reply = await engine().step(call, Input(digits="5"))
    # Three failures: service_hours ("open" from the stand-in) offers an officer.
    assert call.state == "main.offer_officer" and call.failures == 0
    assert "Tombol itu tidak termasuk pilihan." in reply.twiml
    call.seq = 4
    reply = await engine().step(call, Input(digits=""))
    assert reply.ended and call.state == "" and "Sampai jumpa" in reply.twiml


async def test_star_repeats_without_counting_a_failure() -> None:
    call = Call(sid="CA2", state="main.menu", locale="id", seq=1)
    reply = await engine().step(call, Input(digits="*"))
    assert (
        call.state == "main.menu"
        and call.failures == 0
        and "Untuk membuat laporan baru" in reply.twiml
    )


async def test_options_set_variables_and_language_switches() -> None:
    call = Call(sid="CA3", state="new_report.privacy", locale="id", vars={"caller_id": "no"}, seq=1)
    await engine().step(call, Input(digits="3"))
    # No caller ID: no SMS question, straight to the recording.
    assert call.vars["privacy"] == "rahasia" and call.state == "new_report.complaint"
    call = Call(sid="CA4", state="main.menu", locale="id", seq=1)
    reply = await engine().step(call, Input(digits="9"))
    assert call.locale == "en" and 'language="en-US"' in reply.twiml


async def test_dynamic_category_menu_and_speech() -> None:
    call = Call(sid="CA5", state="main.menu", locale="id", seq=1)
    await engine().step(call, Input(digits="1"))
    assert call.state == "new_report.category" and call.vars["_options"] == {
        "1": "JALAN-RUSAK",
        "2": "AIR-MATI",
    }
    call.seq = 2
    await engine().step(call, Input(digits="2"))
    assert call.vars["category"] == "AIR-MATI" and call.state == "new_report.location"
    call.seq = 3
    await engine().step(call, Input(speech="di kecamatan Kertek pak"))
    assert call.vars["region"] == "33.07.08" and call.vars["place"] == "Kertek"
    assert call.state == "new_report.privacy"


async def test_an_empty_recording_is_asked_again() -> None:
    call = Call(sid="CA6", state="new_report.complaint", locale="id", seq=1)
    reply = await engine().step(call, Input(empty=True))
    assert call.state == "new_report.complaint" and "Kami tidak mendengar apa pun." in reply.twiml
    call.seq = 2
    await engine().step(
        call, Input(recording={"url": "https://api.twilio.com/x", "sid": "RE1", "duration": "9"})
    )
    assert call.vars["complaint"]["duration"] == "9" and call.state == "new_report.confirm"


def test_numbers_digit_by_digit_and_dates_in_indonesian() -> None:
    assert "2 6 0 0 1 2 3 4 5 6" in speak(
        "status_report", "id", {"reference": "2600123456", "status": "baru"}
    )
    assert (
        speak("status_due_resolution", "id", {"due": "2026-11-25"})
        == "Batas waktu penyelesaian laporan Anda: Rabu, 25 November 2026."
    )
    assert (
        speak("status_due_resolution", "en", {"due": "2026-11-25"})
        == "The agency must resolve your report by Wednesday, 25 November 2026."
    )


def test_the_status_names_which_deadline_it_is() -> None:
    verification = speak("status_due_verification", "id", {"due": "2026-12-09"})
    assert verification.startswith("Unit pengaduan akan memverifikasi laporan Anda paling lambat")
    assert "Rabu, 9 Desember 2026" in verification
    assert speak("status_due_first_response", "id", {"due": "2026-12-09"}) == (
        "Instansi wajib menanggapi laporan Anda paling lambat Rabu, 9 Desember 2026."
    )


def test_place_names_are_compared_loosely() -> None:
    assert normalize_place("Kecamatan Kali-Kajar.") == "kalikajar"
    assert normalize_place("Sapuran") == "sapuran"


def test_service_hours_setting() -> None:
    hours = parse_service_hours("Mon-Fri 08:00-16:00; Sat 08:00-12:00")
    assert sorted(hours) == [0, 1, 2, 3, 4, 5] and str(hours[5][0][1]) == "12:00:00"
    with pytest.raises(SettingsError, match="HOTLINE_IVR_SERVICE_HOURS"):
        parse_service_hours("weekdays 8 to 4")
    config = load_config({"HOTLINE_IVR_SERVICE_HOURS": "Mon-Fri 08:00-16:00"})
    calendar = config.service_calendar
    assert calendar.is_working_time(datetime(2026, 11, 24, 3, 0, tzinfo=UTC))  # Tue 10:00 WIB
    assert not calendar.is_working_time(datetime(2026, 11, 24, 10, 0, tzinfo=UTC))  # 17:00 WIB
    assert not calendar.is_working_time(datetime(2026, 12, 25, 3, 0, tzinfo=UTC))  # Christmas
    with pytest.raises(SettingsError, match="HOTLINE_IVR_QUEUE_MAX_WAIT_SECONDS"):
        load_config({"HOTLINE_IVR_QUEUE_MAX_WAIT_SECONDS": "forever"})


def test_queue_estimate_and_wait_limit() -> None:
    assert estimate_minutes(1, 0) == 1
    assert estimate_minutes(4, 0) == 3
    assert estimate_minutes(1, 300) == 5
    assert "<Leave />" in wait_twiml("id", 3, 180, 60, 180)
    assert "antrean nomor 3" in wait_twiml("id", 3, 10, 60, 180)


async def test_spool_keeps_order_pauses_while_down_and_quarantines_bad_requests(
    tmp_path: Path,
) -> None:
    for n in range(3):
        spool.write(tmp_path, "voice", {"CallSid": f"CA{n}"}, {"n": "1"}, "")
    seen: list[str] = []

    async def down(record: dict) -> None:
        raise ConnectionRefusedError("database away")

    assert await spool.replay(tmp_path, down) == 0 and len(spool.pending(tmp_path)) == 3

    async def handle(record: dict) -> None:
        if record["form"]["CallSid"] == "CA1":
            raise KeyError("a bug, not an outage")
        seen.append(record["form"]["CallSid"])

    assert await spool.replay(tmp_path, handle) == 2
    assert seen == ["CA0", "CA2"] and spool.pending(tmp_path) == []
    [failed] = list((tmp_path / "failed").glob("*.json"))
    assert json.loads(failed.read_text())["form"]["CallSid"] == "CA1"


def test_a_recorded_prompt_is_played_instead_of_spoken(tmp_path: Path) -> None:
    from twilio.twiml.voice_response import VoiceResponse

    from hotline.ivr.twiml import Voice, add_prompt, recorded_prompts

    (tmp_path / "id").mkdir()
    (tmp_path / "id" / "welcome.mp3").write_bytes(b"ID3")
    (tmp_path / "id" / "reference_pin.mp3").write_bytes(b"ID3")  # has placeholders: never played
    audio = recorded_prompts(tmp_path)
    assert audio == {"id/welcome": "id/welcome.mp3"}
    voice = Voice(
        "https://hotline.example.go.id", "Google.id-ID-Standard-A", "Google.en-US-Standard-C", audio
    )
    response = VoiceResponse()
    add_prompt(response, voice, "welcome", "id", {})
    add_prompt(response, voice, "welcome", "en", {})
    xml = str(response.to_xml())
    assert "<Play>https://hotline.example.go.id/ivr/audio/id/welcome.mp3</Play>" in xml
    assert '<Say language="en-US"' in xml
