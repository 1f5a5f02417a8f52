"""Snapshot of the TwiML of every state of the shipped flows, in both languages, through the
real engine with stand-in effects (no database). A change to a prompt, a flow or the renderer
shows up here as a diff to review; regenerate with UPDATE_SNAPSHOTS=1 after checking it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import pytest

from hotline.ivr.engine import Call, Engine, MenuOption
from hotline.ivr.flow import ACTIONS
from hotline.ivr.loader import load_dir
from hotline.ivr.twiml import Voice
from hotline.settings import PROJECT_ROOT

SNAPSHOTS = Path(__file__).parent / "snapshots"
FLOWS = load_dir(PROJECT_ROOT / "ivr_flows")
VOICE = Voice(
    "https://hotline.example.go.id", "Google.id-ID-Standard-A", "Google.en-US-Standard-C", {}
)
VARS = {
    "caller_id": "yes",
    "reference": "2612345675",
    "pin": "042913",
    "status": "diproses",
    "agency": "Dinas Pekerjaan Umum dan Penataan Ruang",
    "due": "2026-11-25",
    "due_resolution": "yes",
    "answer": "Tim kami akan menambal jalan minggu ini.",
    "place": "Kertek",
    "hours": "Senin sampai Jumat, pukul 08.00 sampai 16.00",
    "minutes": 30,
    "sms_sent": "yes",
}


class StandIn:
    def __init__(self) -> None:
        self.enqueued = 0

    async def run_action(self, name: str, call: Call) -> str:
        if name == "switch_language":
            call.locale = "en" if call.locale == "id" else "id"
        return ACTIONS[name][0]

    async def menu_options(self, source: str, call: Call) -> list[MenuOption]:
        return [
            MenuOption("1", "jalan rusak", "JALAN-RUSAK"),
            MenuOption("2", "air bersih mati", "AIR-MATI"),
        ]

    async def speech_places(self, source: str) -> Mapping[str, tuple[str, str]]:
        return {"kertek": ("33.07.08", "Kertek"), "wadaslintang": ("33.07.01", "Wadaslintang")}

    async def enqueue(self, call: Call) -> None:
        self.enqueued += 1


@pytest.mark.parametrize("locale", ["id", "en"])
@pytest.mark.parametrize("state_id", sorted(FLOWS.states))
async def test_twiml_of_each_state(state_id: str, locale: str) -> None:
    call = Call(sid="CA0", state=state_id, locale=locale, vars=dict(VARS), seq=7)
    reply = await Engine(FLOWS, VOICE, StandIn()).step(call, None)
    snapshot = SNAPSHOTS / f"{state_id}.{locale}.xml"
    text = reply.twiml.replace("><", ">\n<") + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1" or not snapshot.exists():
        if os.environ.get("UPDATE_SNAPSHOTS") != "1":
            pytest.fail(f"no snapshot {snapshot.name}: run with UPDATE_SNAPSHOTS=1 and review it")
        snapshot.write_text(text, encoding="utf-8")
    assert text == snapshot.read_text(encoding="utf-8")


def test_every_snapshot_belongs_to_a_state() -> None:
    stale = [
        p.name for p in SNAPSHOTS.glob("*.xml") if p.name.rsplit(".", 2)[0] not in FLOWS.states
    ]
    assert not stale, f"snapshots of states that no longer exist: {stale}"
