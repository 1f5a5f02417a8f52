"""`hotline chat check | play` as real processes against the test database."""

from __future__ import annotations

import shutil
from pathlib import Path

from hotline.messaging.tables import InboundMessage
from hotline.settings import PROJECT_ROOT
from hotline.tickets.tables import Attachment, Ticket
from tests.integration.ivr.helpers import phone_directory
from tests.integration.test_cli import hotline


def test_check_accepts_the_shipped_flows_and_names_file_and_line_of_a_mistake(
    tmp_path: Path,
) -> None:
    ok = hotline("chat", "check")
    assert ok.returncode == 0, ok.stderr
    assert "4 flows (add_info, main, new_report, status)" in ok.stdout
    for flow in (PROJECT_ROOT / "ivr_flows" / "chat").glob("*.yaml"):
        shutil.copy(flow, tmp_path / flow.name)
    main = tmp_path / "main.yaml"
    main.write_text(main.read_text().replace('"2": status.reference', '"2": status.referense'))
    bad = hotline("chat", "check", "--dir", str(tmp_path))
    assert bad.returncode == 2
    assert (
        "main.yaml:27: state 'main.menu': 2 leads to unknown state 'status.referense'" in bad.stderr
    )
    assert "Traceback" not in bad.stderr


async def test_play_in_the_terminal_files_a_report_with_a_pin_and_a_photo() -> None:
    await phone_directory()
    lines = [
        "Pohon tumbang menutup jalan di Kalikajar",
        "1",
        "/pin -7.35 109.95",
        "/photo https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1",
        "1",
        "2",
        "1",
    ]
    result = hotline("chat", "play", "--from", "0812 3456 7890", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    assert "« 1. jalan rusak" in result.stdout
    assert "« Laporan Anda sudah kami terima." in result.stdout
    assert "conversation ended (7 messages)" in result.stdout
    [ticket] = await Ticket.select()
    assert ticket["channel"] == "whatsapp" and ticket["latitude"] == -7.35
    assert await Attachment.count().where(Attachment.ticket == ticket["id"]) == 1
    assert await InboundMessage.count().where(InboundMessage.sender == "+6281234567890") == 7
