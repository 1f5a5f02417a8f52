"""The clock of a server that a test starts: `hotline` run with hotline.clock reading "now" from a
file that the test writes, so a test sets and moves a real server's time as it moves its own with
clock.set_clock (e.g. to count a rate limit's minute without waiting for the wall clock).

`live_server(clock)` runs the server as `python -m tests.support.server_clock serve`.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

ENV = "HOTLINE_TEST_CLOCK_FILE"


class ServerClock:
    """A time that stands still until the test moves it, for every server started with it."""

    def __init__(self, path: Path, instant: datetime) -> None:
        self.path = path
        self.set(instant)

    def set(self, instant: datetime) -> None:
        if instant.utcoffset() is None:
            raise ValueError("the clock needs a time with its UTC offset")
        staged = self.path.with_name(self.path.name + ".new")
        staged.write_text(instant.isoformat())
        staged.replace(self.path)  # a server never reads half a time


def main(argv: list[str]) -> int:
    from hotline import clock
    from hotline.cli import main as hotline

    path = Path(os.environ[ENV])
    clock.set_clock(lambda: datetime.fromisoformat(path.read_text()))
    return hotline(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
