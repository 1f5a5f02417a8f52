"""Progress lines while the demo history plays: reports filed of the total, and the time left.

The estimate assumes the rest of the history costs what the part played so far cost per
happening (arrivals, steps and sweeps alike), which holds well: every month has about as many.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, timedelta

from babel.dates import format_date, format_timedelta
from babel.numbers import format_decimal

# Seconds between two lines: a line every few seconds shows the seed is alive without
# flooding the terminal of `make run`.
EVERY = 10.0


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
        self.started = self.last = monotonic()

    def update(self, *, reports_done: int, work_done: int, day: date) -> None:
        """Say how far the history is, at most once every `every` seconds."""
        now = self.monotonic()
        if now - self.last < self.every:
            return
        self.last = now
        self.say(self.line(reports_done, work_done, day, now - self.started))

    def line(self, reports_done: int, work_done: int, day: date, elapsed: float) -> str:
        """E.g. "riwayat: 1.234/3.000 laporan (Agustus 2026), perkiraan sisa 2 menit"."""
        text = (
            f"riwayat: {format_decimal(reports_done, locale='id')}/"
            f"{format_decimal(self.reports, locale='id')} laporan "
            f"({format_date(day, 'MMMM y', locale='id')})"
        )
        if work_done <= 0 or work_done >= self.work:
            return text
        left = timedelta(seconds=elapsed * (self.work - work_done) / work_done)
        return text + f", perkiraan sisa {format_timedelta(left, threshold=2, locale='id')}"
