"""`hotline ivr check | graph | call | agent` as real processes against the test database."""

from __future__ import annotations

import shutil
from pathlib import Path

from hotline.accounts.service import create_user
from hotline.ivr.tables import IvrAgent, IvrCall
from hotline.settings import PROJECT_ROOT
from hotline.tickets.tables import Ticket
from tests.integration.ivr.helpers import phone_directory
from tests.integration.test_cli import hotline


def test_check_accepts_the_shipped_flows_and_names_file_and_line_of_a_mistake(
    tmp_path: Path,
) -> None:
    ok = hotline("ivr", "check")
    assert ok.returncode == 0, ok.stderr
    assert "4 flows" in ok.stdout
    for flow in (PROJECT_ROOT / "ivr_flows").glob("*.yaml"):
        shutil.copy(flow, tmp_path / flow.name)
    main = tmp_path / "main.yaml"
    main.write_text(main.read_text().replace('"2": status.reference', '"2": status.referense'))
    bad = hotline("ivr", "check", "--dir", str(tmp_path))
    assert bad.returncode == 2
    assert "main.yaml:16: state 'menu': 2 leads to unknown state 'status.referense'" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_graph_writes_dot_and_svg(tmp_path: Path) -> None:
    dot = hotline("ivr", "graph")
    assert dot.returncode == 0 and dot.stdout.startswith("digraph ivr {")
    assert '"main.menu" -> "new_report.screen" [label="1"];' in dot.stdout
    svg = hotline("ivr", "graph", "-o", str(tmp_path / "flows.svg"))
    assert svg.returncode == 0, svg.stderr
    assert "<svg" in (tmp_path / "flows.svg").read_text()
    # Without Graphviz on the PATH: one clear line, not a crash.
    missing = hotline("ivr", "graph", "--format", "svg", PATH=str(tmp_path))
    assert missing.returncode == 2
    assert "Graphviz's `dot` is not on the PATH" in missing.stderr


async def test_call_in_the_terminal_files_a_report_in_the_database() -> None:
    await phone_directory()
    keys = "\n".join(
        [
            "1",
            "*",
            "1",
            "Kertek",
            "3",
            "2",
            "Lampu jalan mati di depan balai desa sudah dua minggu",
            "1",
            "",
        ]
    )
    result = hotline("ivr", "call", "--caller", "+6281234567890", stdin=keys + "\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Untuk jalan rusak, tekan 1.") == 2  # * repeated the menu
    assert result.stdout.count("Kami tidak mendengar") == 1  # only the final silence
    assert "Laporan Anda sudah kami terima" in result.stdout
    [ticket] = await Ticket.select()
    assert ticket["description"] == "Lampu jalan mati di depan balai desa sudah dua minggu"
    assert ticket["privacy"] == "rahasia" and ticket["location_text"] == "Kertek"
    assert " ".join(ticket["reference"]) in result.stdout
    [call] = await IvrCall.select()
    assert call["status"] == "done" and call["ticket"] == ticket["id"]


async def test_agent_pin_from_stdin() -> None:
    await create_user(username="operator.satu", password="sandi-operator-123", role="operator")
    result = hotline("ivr", "agent", "--username", "operator.satu", "--pin-stdin", stdin="2468\n")
    assert result.returncode == 0, result.stderr
    assert await IvrAgent.count() == 1
    bad = hotline("ivr", "agent", "--username", "operator.satu", "--pin-stdin", stdin="12\n")
    assert bad.returncode == 2 and "4 sampai 8 angka" in bad.stderr
