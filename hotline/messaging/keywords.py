"""Words a citizen may send at any point of a conversation, on every channel (pure).

STOP/BERHENTI (and Twilio's usual opt-out words) stop every message to the number; START/MULAI
start them again; STATUS <reference> [<PIN>] asks for a report's status in one message."""

from __future__ import annotations

import re
from dataclasses import dataclass

STOP_WORDS = frozenset({"STOP", "BERHENTI", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})
START_WORDS = frozenset({"START", "MULAI", "UNSTOP"})
_STATUS = re.compile(r"^\s*(?:STATUS|CEK|LACAK)\s+(\d[\d\s-]{8,})?\s*(?:PIN\s*)?(\d{6})?\s*$", re.I)


@dataclass(frozen=True)
class Keyword:
    word: str  # stop | start | status
    reference: str = ""
    pin: str = ""


def keyword(text: str) -> Keyword | None:
    """The keyword a message is, or None. Only a message that is the word alone counts: "stop
    the flooding in Kertek" is a report, not an opt-out."""
    word = text.strip().strip(".!").upper()
    if word in STOP_WORDS:
        return Keyword("stop")
    if word in START_WORDS:
        return Keyword("start")
    match = _STATUS.match(text)
    if match and match.group(1):
        reference = re.sub(r"\D", "", match.group(1))
        pin = match.group(2) or ""
        if len(reference) > 10 and not pin:  # "STATUS 2612345678123456": reference and PIN
            reference, pin = reference[:10], reference[10:]
        return Keyword("status", reference, pin)
    return None
