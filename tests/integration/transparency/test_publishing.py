"""Publishing: `hotline report publish` freezes a month (PDF, JSON, CSV with SHA-256, chained),
the site serves the frozen files, `hotline report verify` and serving detect an altered file,
and two workers publish the previous month exactly once."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

from hotline.transparency import publishing
from hotline.transparency.months import Month
from hotline.transparency.tables import MonthFigures, Publication
from tests.integration.transparency.scenario import build_august
from tests.support.factories import at, file_report, freeze
from tests.support.live_server import live_server


def hotline(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hotline.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=300,
    )


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with live_server() as url:
        yield url


async def test_publish_freeze_serve_and_detect_alteration(base: str) -> None:
    await build_august()

    done = hotline("report", "publish", "--month", "2026-08")
    assert done.returncode == 0, done.stderr
    assert "published 2026-08 as publication 1" in done.stdout
    assert "[########################] 5/5" in done.stderr  # the progress bar reached its end

    again = hotline("report", "publish", "--month", "2026-08")
    assert again.returncode == 2 and "already published" in again.stderr
    assert len(again.stderr.strip().splitlines()) == 1
    for bad in ("2026-8", "2099-01"):
        refused = hotline("report", "publish", "--month", bad)
        assert refused.returncode == 2 and refused.stderr.startswith("hotline: ")

    row = await publishing.published(Month(2026, 8))
    assert row is not None and row["previous_hash"] == publishing.GENESIS

    # A report filed into August afterwards changes the live figures, not the published ones.
    freeze(at(2026, 8, 31))
    await file_report(name="Late Filer")
    await MonthFigures.delete().where(MonthFigures.month == "2026-08")

    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        pdf = await http.get("/transparansi/2026-08.pdf")
        assert pdf.headers["x-content-sha256"] == row["pdf_sha256"]
        assert pdf.content == bytes(row["pdf"])
        frozen = (await http.get("/transparansi/2026-08.json")).json()
        assert frozen["figures"]["total"]["received"] == 5
        page = await http.get("/transparansi/2026-08")
        assert "Diterbitkan pada" in page.text
        archive = (await http.get("/transparansi/arsip")).text
        for sha in (row["pdf_sha256"], row["json_sha256"], row["csv_sha256"], row["chain_hash"]):
            assert sha in archive

        # July is published next and chains onto August.
        assert hotline("report", "publish", "--month", "2026-07").returncode == 0
        july = await publishing.published(Month(2026, 7))
        assert july is not None and july["seq"] == 2
        assert july["previous_hash"] == row["chain_hash"]
        ok = hotline("report", "verify")
        assert ok.returncode == 0 and "2 publications checked" in ok.stdout

        # Someone edits the stored CSV of August in the database, silently.
        altered = bytes(row["csv"]).replace(b"received,5", b"received,9")
        assert altered != bytes(row["csv"])
        await Publication.update({Publication.csv: altered}).where(Publication.month == "2026-08")
        caught = hotline("report", "verify")
        assert caught.returncode == 1
        assert "2026-08: csv does not match its SHA-256" in caught.stderr
        served = await http.get("/transparansi/2026-08.csv")
        assert served.status_code == 500 and "pemeriksaan keutuhan" in served.text

        # Rewriting the checksum too is caught by the chain.
        await Publication.update({Publication.csv_sha256: publishing.sha256(altered)}).where(
            Publication.month == "2026-08"
        )
        chained = hotline("report", "verify")
        assert chained.returncode == 1
        assert "2026-08: chain hash does not match the record" in chained.stderr


async def test_two_workers_publish_the_previous_month_once() -> None:
    await build_august()
    # The workers run on the real clock: the previous month is last month, already over.
    env = {"HOTLINE_TRANSPARENCY_PUBLISH_DAY": "1", "HOTLINE_WORKER_INTERVAL_SECONDS": "0.1"}
    procs = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "hotline.cli",
            "worker",
            "--once",
            env={**os.environ, **env},
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        for _ in range(2)
    ]
    for p in procs:
        _, err = await p.communicate()
        assert p.returncode == 0, err.decode()
    rows = await Publication.select(Publication.month, Publication.state, Publication.seq)
    assert len(rows) == 1
    assert rows[0]["state"] == "published" and rows[0]["seq"] == 1


async def test_due_for_publication() -> None:
    await build_august()
    freeze(at(2026, 9, 3))  # before the 5th (the default day): not yet
    assert await publishing.due_for_publication() is None
    freeze(at(2026, 9, 5))
    assert await publishing.due_for_publication() == Month(2026, 8)
    await publishing.publish(Month(2026, 8), by="test")
    assert await publishing.due_for_publication() is None
    # A month before the hotline had any report is never published automatically.
    freeze(at(2026, 7, 10))
    assert await publishing.due_for_publication() is None


async def test_a_claim_left_by_a_dead_worker_is_taken_over_after_its_lease() -> None:
    await build_august()
    freeze(at(2026, 9, 5))
    await Publication.insert(
        Publication(month="2026-08", state="rendering", claimed_at=at(2026, 9, 5), claimed_by="w1")
    )
    with pytest.raises(publishing.PublishError, match="being published"):
        await publishing.publish(Month(2026, 8), by="w2")
    freeze(at(2026, 9, 5, 4))  # an hour later: the lease of 15 minutes is over
    assert await publishing.due_for_publication() == Month(2026, 8)
    row = await publishing.publish(Month(2026, 8), by="w2")
    assert row["published_by"] == "w2" and row["seq"] == 1
    doc = json.loads(bytes(row["figures_json"]))
    assert doc["figures"]["total"]["received"] == 5
