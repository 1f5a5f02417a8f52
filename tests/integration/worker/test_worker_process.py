"""`hotline worker` as a process: it keeps going while the database is unreachable, and stops
cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from tests.support.live_server import free_port


def test_worker_survives_an_unreachable_database_and_stops_on_sigterm() -> None:
    env = {
        **os.environ,
        "HOTLINE_DATABASE_URL": f"postgresql://postgres@127.0.0.1:{free_port()}/nowhere",
        "HOTLINE_SECRET_KEY": "x" * 20,
        "HOTLINE_WORKER_INTERVAL_SECONDS": "0.1",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "hotline.cli", "worker"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(3)
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err[-2000:]
    assert err.count("worker round failed") >= 2  # tried, backed off, tried again
    assert "1 in a row" in err and "2 in a row" in err
