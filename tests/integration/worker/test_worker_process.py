"""`hotline worker` as a process: it keeps going while the database is unreachable, and stops
cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time

from tests.support.live_server import free_port

# Bounds that only catch a hang: the worker fails a round within a fraction of a second.
HANG = 60


def test_worker_survives_an_unreachable_database_and_stops_on_sigterm() -> None:
    env = {
        **os.environ,
        "HOTLINE_DATABASE_URL": f"postgresql://postgres@127.0.0.1:{free_port()}/nowhere",
        "HOTLINE_SECRET_KEY": "x" * 20,
        "HOTLINE_WORKER_INTERVAL_SECONDS": "0.1",
    }
    # Its log goes to a file that the test reads while the worker runs (a pipe read only at
    # the end could fill up and block the worker).
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "hotline.cli", "worker"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )

        def err() -> str:
            log.seek(0)
            return log.read().decode(errors="replace")

        try:
            # Tried, backed off, tried again: wait for the second failure, however long a busy
            # machine takes to get there.
            deadline = time.monotonic() + HANG
            while "2 in a row" not in err() and proc.poll() is None:
                assert time.monotonic() < deadline, err()[-2000:]
                time.sleep(0.1)
            assert proc.poll() is None, err()[-2000:]
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=HANG)
        finally:
            if proc.poll() is None:
                proc.kill()
        output = err()
    assert proc.returncode == 0, output[-2000:]
    assert output.count("worker round failed") >= 2  # tried, backed off, tried again
    assert "1 in a row" in output and "2 in a row" in output
