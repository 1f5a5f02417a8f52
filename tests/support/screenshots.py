"""`make screenshots`: PNGs of the main citizen, transparency and staff pages at 360 and 1280 px,
for a reviewer to look at (issue 17). Not a test (pytest collects only test_*.py).

It builds a throwaway demo in a temporary folder (`hotline db migrate`, `hotline demo seed`, the
worker once for the monthly figures), serves it with `hotline serve --demo`, signs in as the
demo accounts and writes `screenshots/<width>/<name>.png` (git-ignored), in Indonesian; a
page's English version gets `-en`. `--keep` leaves the server running and prints its address
(stop it with Ctrl-C), for looking around in a browser.

    .venv/bin/python -m tests.support.screenshots [--out screenshots] [--tickets 300] [--keep]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from hotline.settings import PROJECT_ROOT
from tests.support.browser import CHROMIUM_ARGS, chromium_path
from tests.support.live_server import free_port

WIDTHS = (360, 1280)
PASSWORD = "demo-hotline-2026"
PUBLIC = [
    ("home", "/"),
    ("lapor", "/lapor"),
    ("lacak", "/lacak"),
    ("laporan", "/laporan"),
    ("transparansi", "/transparansi"),
]
STAFF = [
    ("verifikator1", ["/konsol/verifikasi"]),
    ("petugas.dpupr", ["/konsol/antrian"]),
    ("supervisor.dpupr", ["/konsol/supervisor"]),
    ("operator1", ["/konsol/operator"]),
    ("admin", ["/konsol/admin", "/konsol/admin/riwayat", "/konsol/admin/calendars"]),
    (
        "koordinator1",
        [
            "/konsol/pusat-panggilan/laporan",
            "/konsol/pusat-panggilan/papan",
            "/konsol/pusat-panggilan/jadwal",
            "/konsol/pusat-panggilan/staf",
            "/konsol/pusat-panggilan/mutu",
        ],
    ),
    ("penilai1", ["/konsol/pusat-panggilan/mutu", "/konsol/pusat-panggilan/mutu/tren"]),
    ("operator1", ["/konsol/pusat-panggilan"]),
]


def _run(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "hotline.cli", *args], env=env, check=True)


def prepare(folder: Path, tickets: int) -> dict[str, str]:
    """A migrated, seeded demo database in `folder`, with its monthly figures stored."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("HOTLINE_")},
        "HOTLINE_DATABASE_URL": f"sqlite:///{folder / 'demo.sqlite3'}",
        "HOTLINE_SECRET_KEY": "screenshots-only-not-a-secret",
        "HOTLINE_ATTACHMENTS_DIR": str(folder / "attachments"),
        "HOTLINE_IVR_SPOOL_DIR": str(folder / "spool"),
    }
    _run(env, "db", "migrate")
    _run(env, "demo", "seed", "--tickets", str(tickets), "--months", "3")
    _run(env, "worker", "--once")
    return env


def serve(env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**env, "HOTLINE_HOST": "127.0.0.1", "HOTLINE_PORT": str(port)}
    log = open(Path(env["HOTLINE_ATTACHMENTS_DIR"]).parent / "server.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "hotline.cli", "serve", "--demo"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=PROJECT_ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120  # only catches a hang
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server stopped: see {log.name}")
        try:
            if httpx.get(base + "/health", timeout=1).status_code == 200:
                return proc, base
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit("the server did not start in 120 s")


async def _shoot(page: Any, out: Path, name: str) -> None:
    for width in WIDTHS:
        await page.set_viewport_size({"width": width, "height": 900})
        target = out / str(width) / f"{name}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(target), full_page=True)


async def _sign_in(page: Any, base: str, username: str) -> None:
    await page.goto(base + "/konsol/masuk")
    await page.locator("input[name=username]").fill(username)
    await page.locator("input[name=password]").fill(PASSWORD)
    async with page.expect_navigation():
        await page.locator("form[action='/konsol/masuk'] button[type=submit]").click()


def _open_survey(database: Path) -> str:
    """An open satisfaction survey's page, read from the demo's database file."""
    with contextlib.closing(sqlite3.connect(database)) as db:
        row = db.execute(
            "SELECT token FROM satisfaction_survey WHERE submitted_at IS NULL LIMIT 1"
        ).fetchone()
    return f"/survei/{row[0]}" if row else ""


async def shoot_all(base: str, out: Path, database: Path) -> int:
    from playwright.async_api import async_playwright

    count = 0
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        for lang, locale in (("id", "id-ID"), ("en", "en-US")):
            suffix = "" if lang == "id" else "-en"
            context = await browser.new_context(locale=locale)
            page = await context.new_page()
            for name, path in PUBLIC:
                await page.goto(base + path)
                await _shoot(page, out, name + suffix)
                count += 1
            month = await page.locator("a[href^='/transparansi/20']").first.get_attribute("href")
            if month:
                await page.goto(base + month)
                await _shoot(page, out, "transparansi-month" + suffix)
                count += 1
            survey = _open_survey(database)
            if survey:
                await page.goto(base + survey)
                await _shoot(page, out, "survei" + suffix)
                count += 1
            await context.close()
            for username, paths in STAFF:
                context = await browser.new_context(locale=locale)
                page = await context.new_page()
                await _sign_in(page, base, username)
                for path in paths:
                    await page.goto(base + path)
                    await _shoot(page, out, f"{username}{path.replace('/', '-')}{suffix}")
                    count += 1
                    first = page.locator("a.row-link").first
                    if await first.count():
                        await first.click()
                        await page.wait_for_load_state()
                        await _shoot(page, out, f"{username}-ticket{suffix}")
                        count += 1
                await context.close()
        await browser.close()
    return count * len(WIDTHS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(PROJECT_ROOT / "screenshots"))
    parser.add_argument("--tickets", type=int, default=300)
    parser.add_argument("--keep", action="store_true", help="leave the server running")
    args = parser.parse_args()
    out = Path(args.out)
    with tempfile.TemporaryDirectory(prefix="hotline-screenshots-") as tmp:
        env = prepare(Path(tmp), args.tickets)
        proc, base = serve(env)
        try:
            written = asyncio.run(shoot_all(base, out, Path(tmp) / "demo.sqlite3"))
            print(f"{written} screenshots in {out}")
            if args.keep:
                print(f"serving the demo on {base} (Ctrl-C stops it)")
                proc.wait()
        except KeyboardInterrupt:
            pass
        finally:
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
