"""Progress lines while the demo history plays: reports filed of the total, and the time left.

The estimate assumes the rest of the history costs per happening (an arrival or a step, with
the sweeps between them) what the last minute or so did: a happening grows dearer as more
reports are open, so the rate since the start would promise too little.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from datetime import date, timedelta

from babel.dates import format_date, format_timedelta
from babel.numbers import format_decimal

# Seconds between two lines: a line every few seconds shows the seed is alive without
# flooding the terminal of `make run`.
EVERY = 10.0
# Lines whose rate the estimate uses (about a minute of them).
WINDOW = 6


class Progress:
    def __init__(
        self,
        *,
        reports: int,
        work: int,
        say: Callable[[str], None],
        every: float = EVERY,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.reports, self.work, self.say = reports, work, say
        self.every, self.monotonic = every, monotonic
        self.last = monotonic()
        self.recent: deque[tuple[float, int]] = deque([(self.last, 0)], maxlen=WINDOW)

    def update(self, *, reports_done: int, work_done: int, day: date) -> None:
        """Say how far the history is, at most once every `every` seconds."""
        now = self.monotonic()
        if now - self.last < self.every:
            return
        self.last = now
        since, work_then = self.recent[0]
        self.recent.append((now, work_done))
        self.say(self.line(reports_done, work_done, day, now - since, work_done - work_then))

    def line(
        self, reports_done: int, work_done: int, day: date, elapsed: float, worked: int
    ) -> str:
        """E.g. "riwayat: 1.234/3.000 laporan (Agustus 2026), perkiraan sisa 2 menit".

        `worked` happenings took the last `elapsed` seconds."""
        text = (
            f"riwayat: {format_decimal(reports_done, locale='id')}/"
            f"{format_decimal(self.reports, locale='id')} laporan "
            f"({format_date(day, 'MMMM y', locale='id')})"
        )
        if worked <= 0 or work_done >= self.work:
            return text
        left = timedelta(seconds=elapsed * (self.work - work_done) / worked)
        return text + f", perkiraan sisa {format_timedelta(left, locale='id')}"
