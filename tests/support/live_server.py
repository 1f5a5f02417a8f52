"""Run the real app (`hotline serve`) in a subprocess on a free port, as production runs it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx

from hotline.settings import PROJECT_ROOT
from tests.support.server_clock import ENV as CLOCK_ENV
from tests.support.server_clock import ServerClock


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Running:
    base: str
    process: subprocess.Popen[bytes]
    port: int


@contextmanager
def live_server(clock: ServerClock | None = None, /, **env: str) -> Iterator[str]:
    """The server's base URL while it runs; with `clock`, its time is that clock's."""
    with live_process(clock, **env) as running:
        yield running.base


@contextmanager
def live_process(clock: ServerClock | None = None, /, **env: str) -> Iterator[Running]:
    """The server and its process, for a test that kills it on purpose."""
    port = free_port()
    environ = {**os.environ, "HOTLINE_HOST": "127.0.0.1", "HOTLINE_PORT": str(port), **env}
    command = [sys.executable, "-m", "hotline.cli", "serve"]
    if clock is not None:
        command = [sys.executable, "-m", "tests.support.server_clock", "serve"]
        environ[CLOCK_ENV] = str(clock.path)
        # The tests are not installed: the server imports them from the project's folder.
        environ["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(PROJECT_ROOT), environ.get("PYTHONPATH")])
        )
    # The server's output goes to a file, not a pipe: an unread pipe fills up (access logs) and
    # would block the server mid-test.
    log = tempfile.TemporaryFile()  # noqa: SIM115  (open for as long as the server runs)
    proc = subprocess.Popen(
        command,
        env=environ,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # A bound that only catches a hang: a busy machine may take many seconds to start it.
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                log.seek(0)
                out = log.read().decode(errors="replace")
                raise RuntimeError(f"server exited with {proc.returncode}:\n{out}")
            try:
                if httpx.get(base + "/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start in 60 s")
            time.sleep(0.1)
        yield Running(base, proc, port)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
