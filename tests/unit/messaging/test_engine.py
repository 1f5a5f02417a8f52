"""The chat engine on the shipped flows with stand-in actions (pure: no database)."""

from __future__ import annotations

import asyncio
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from hotline.messaging.config import FLOWS_DIR
from hotline.messaging.engine import Conversation, Incoming, Media, advance, render
from hotline.messaging.loader import load_dir

FLOWS = load_dir(FLOWS_DIR)
PHOTO = Media("https://api.twilio.com/m/1", "image/jpeg")
VOICE = Media("https://api.twilio.com/m/2", "audio/ogg")


class Fake:
    """Actions that always succeed, and two categories."""

    def __init__(self, pending: bool = False) -> None:
        self.ran: list[str] = []
        self.pending = pending

    async def run(self, action: str, conv: Conversation) -> tuple[str, dict[str, Any]]:
        self.ran.append(action)
        outcome = {
            "screen_sender": ("ok", {}),
            "pending_request": ("waiting", {"reference": "2600000018"})
            if self.pending
            else ("none", {}),
            "switch_language": ("ok", {}),
            "file_report": ("ok", {"reference": "2612345670", "pin": "123456"}),
            "lookup_status": ("ok", {"reference": "2612345670", "status": "Baru", "answer": ""}),
        }[action]
        if action == "switch_language":
            conv.locale = "en" if conv.locale == "id" else "id"
        return outcome  # type: ignore[return-value]

    async def options(self, name: str, locale: str) -> list[tuple[str, str, str]]:
        return [("1", "jalan rusak", "JALAN-RUSAK"), ("2", "air mati", "AIR-MATI")]


def english(locale: str, msgid: str, **params: Any) -> str:
    return msgid.format(**params)


def chat(*messages: Incoming | str, conv: Conversation | None = None, fx: Fake | None = None):
    conv = conv or Conversation()
    fx = fx or Fake()
    replies = []
    for m in messages:
        msg = Incoming(text=m) if isinstance(m, str) else m
        replies.append(
            render(asyncio.run(advance(FLOWS, conv, msg, fx)), english, "en", operator="X")
        )
    return conv, fx, replies


def test_a_first_message_that_describes_the_problem_is_the_description() -> None:
    conv, _, [reply] = chat("jalan berlubang di depan pasar Kertek")
    assert conv.state == "new_report.category"
    assert conv.vars["description"] == "jalan berlubang di depan pasar Kertek"
    assert "1. jalan rusak" in reply and "2. air mati" in reply


def test_a_greeting_gets_the_menu_without_a_reproach() -> None:
    conv, _, [reply] = chat("halo")
    assert conv.state == "main.menu" and "did not understand" not in reply
    assert reply.startswith("Welcome to the public complaints service of X.")


def test_a_photo_sent_with_the_description_is_not_asked_for_again() -> None:
    conv, fx, replies = chat(
        Incoming("lampu jalan mati sejak seminggu", (PHOTO,)),
        "1",
        "Jalan Bhayangkara 4",
        "2",
        "2",
        "1",
    )
    assert "Who may see your report?" in replies[2]  # the photo question was skipped
    assert fx.ran[-1] == "file_report"
    assert "2612345670" in replies[-1] and "123456" in replies[-1]
    assert conv.state == "" and conv.vars == {}  # over: the next message starts afresh


def test_a_voice_note_is_a_description_and_a_pin_a_location() -> None:
    conv, _, _ = chat(Incoming(media=(VOICE,)), "9", Incoming(latitude="-7.3", longitude="109.9"))
    assert conv.state == "new_report.photo"
    assert conv.vars["latitude"] == "-7.3" and [m["content_type"] for m in conv.vars["media"]] == [
        "audio/ogg"
    ]


def test_wrong_answers_are_retried_then_the_flow_moves_on() -> None:
    conv, _, replies = chat("1", "x", "y", "z")
    assert "did not understand" in replies[1] and "for example" in replies[1]
    assert conv.state == ""  # describe's retries spent: goodbye
    assert "Thank you. Write to us again at any time." in replies[3]


def test_a_waiting_report_takes_the_message() -> None:
    conv, fx, [reply] = chat("Tiang nomor 17", fx=Fake(pending=True))
    assert fx.ran == ["screen_sender", "pending_request"]
    assert "report 2600000018" in reply and conv.state == ""


def test_a_prompt_whose_facts_are_missing_is_left_out() -> None:
    _, _, replies = chat("2", "2612345670", "123456")
    assert "Report 2612345670: Baru." in replies[-1] and "Latest answer" not in replies[-1]


MESSAGES = st.one_of(
    st.sampled_from(["1", "2", "3", "9", "0", "halo", "STOP", "jalan rusak di Kertek sekali"]),
    st.text(max_size=30),
    st.builds(lambda: Incoming(media=(PHOTO,))),
    st.builds(lambda: Incoming(media=(VOICE,))),
    st.builds(lambda: Incoming(latitude="-7.3", longitude="109.9")),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(MESSAGES, max_size=25), st.booleans())
def test_any_conversation_stays_in_the_flows_and_always_renders(
    messages: list[Incoming | str], pending: bool
) -> None:
    conv, _, replies = chat(*messages, fx=Fake(pending=pending))
    assert conv.state == "" or conv.state in FLOWS.states
    assert all(isinstance(r, str) for r in replies)
