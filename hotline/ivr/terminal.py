"""`hotline ivr call`: a caller in the terminal. Prompts are printed, keys typed, a recording is
typed text. Each answer goes through calls.answer_voice / answer_status, the functions behind the
webhooks, against the real database; only HTTP and the signature are left out."""

from __future__ import annotations

import secrets
import xml.etree.ElementTree as ET
from collections.abc import Callable

from hotline.ivr import calls

Ask = Callable[[str], str]
KEYPAD = frozenset("0123456789*#")


def _query(url: str) -> dict[str, str]:
    from urllib.parse import parse_qsl, urlsplit

    return dict(parse_qsl(urlsplit(url).query))


async def play(caller: str, ask: Ask, say: Callable[[str], None]) -> str:
    """Run one call; returns its CallSid. `ask` reads the caller's input (EOFError = hang up)."""
    sid = "CL" + secrets.token_hex(16)
    base = {"CallSid": sid, "From": caller, "To": "terminal", "CallStatus": "in-progress"}
    twiml = await calls.answer_voice(calls.Request({**base, "CallStatus": "ringing"}, {}))
    try:
        while True:
            root = ET.fromstring(twiml)  # noqa: S314  (our own engine's answer)
            for element in root.iter():
                if element.tag == "Say" and element.text:
                    say(element.text)
                elif element.tag == "Play":
                    say(f"[plays {element.text}]")
            form = dict(base)
            gather, record = root.find("Gather"), root.find("Record")
            enqueue = root.find("Enqueue")
            if gather is not None:
                url = gather.attrib["action"]
                typed = ask("keys (Enter = silence)> ").strip()
                if typed and set(typed) <= KEYPAD:
                    form["Digits"] = typed
                elif typed:
                    form["SpeechResult"] = typed  # words: what a speech recogniser heard
            elif record is not None:
                typed = ask("record (type what you say; Enter = silence)> ").strip()
                if typed:
                    url = record.attrib["action"]
                    form.update(
                        RecordingText=typed,
                        RecordingSid="",
                        RecordingDuration=str(max(len(typed.split()) // 2, 1)),
                    )
                else:
                    redirect = root.find("Redirect")
                    url = (redirect.text or "") if redirect is not None else ""
            elif enqueue is not None:
                say(f"[waiting in the officer queue {enqueue.text}]")
                ask("Enter = the wait runs out> ")
                url = enqueue.attrib["action"]
                form.update(QueueResult="leave", QueueTime="0")
            else:
                break  # <Hangup/> or the end of the document
            twiml = await calls.answer_voice(calls.Request(form, _query(url)))
    except EOFError:
        say("[hung up]")
    await calls.answer_status(calls.Request({**base, "CallStatus": "completed"}, {}))
    return sid


__all__ = ["play"]
