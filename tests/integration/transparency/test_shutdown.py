"""The PDF rendering process ends with the server: uvicorn stops by re-raising SIGTERM, which
skips exit handlers, so without the app's shutdown hook the renderer would be left running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from tests.support.live_server import free_port


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_no_pdf_process_outlives_the_server() -> None:
    port = free_port()
    env = {**os.environ, "HOTLINE_HOST": "127.0.0.1", "HOTLINE_PORT": str(port)}
    # Pages never compute figures: store September's first, as the worker would.
    subprocess.run(
        [sys.executable, "-m", "hotline.cli", "report", "compute", "--month", "2026-09"],
        env=env,
        check=True,
        capture_output=True,
    )
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "hotline.cli", "serve"], env=env, stdout=log, stderr=log
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if httpx.get(base + "/health", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.2)
            response = httpx.get(base + "/transparansi/2026-09.pdf", timeout=120)
            assert response.status_code == 200
            assert response.content.startswith(b"%PDF")
            renderers = _children(server.pid)
            assert renderers, "the PDF was expected to come from a child process"
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
            deadline = time.monotonic() + 10
            while any(_alive(p) for p in renderers) and time.monotonic() < deadline:
                time.sleep(0.2)
            assert not [p for p in renderers if _alive(p)], "the renderer outlived the server"
        finally:
            if server.poll() is None:
                server.kill()
