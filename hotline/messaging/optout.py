"""STOP/BERHENTI and START/MULAI: the citizen's choice, recorded per number for every channel and
read by the senders at send time (a message queued before a STOP is not sent after it)."""

from __future__ import annotations

from datetime import datetime

from hotline.db.prebuilt import Insert
from hotline.messaging.tables import OptOut

_INSERT = Insert(OptOut, on_conflict_nothing=OptOut.number)


async def record_choice(number: str, channel: str, choice: str, word: str, now: datetime) -> None:
    """`choice`: "stop" or "start" (inside the caller's transaction)."""
    values = {
        "number": number,
        "opted_out": choice == "stop",
        "word": word.upper()[:20],
        "channel": channel,
        "changed_at": now,
    }
    if not await _INSERT.run([values]):
        await OptOut.update(
            {
                OptOut.opted_out: values["opted_out"],
                OptOut.word: values["word"],
                OptOut.channel: channel,
                OptOut.changed_at: now,
            }
        ).where(OptOut.number == number)


async def opted_out(number: str) -> bool:
    return bool(await OptOut.exists().where((OptOut.number == number) & OptOut.opted_out.eq(True)))
