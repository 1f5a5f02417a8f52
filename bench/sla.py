"""Deadline computations per second (pure SLA arithmetic, one core)."""

from __future__ import annotations

import json
import random
import time
from datetime import UTC, datetime, timedelta

from hotline.sla.calendar import WorkingCalendar
from hotline.sla.policy import DEFAULT_POLICY, deadline, warn_at


def main() -> None:
    rng = random.Random(1)
    starts = [
        datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60))
        for _ in range(20_000)
    ]
    calendar = WorkingCalendar()
    out = {}
    for name, duration in (
        ("verification_3wd", DEFAULT_POLICY.verification),
        ("resolution_14wd", DEFAULT_POLICY.resolution),
    ):
        deadline(starts[0], duration, calendar)  # warm the holiday cache
        t0 = time.perf_counter()
        for s in starts:
            deadline(s, duration, calendar)
            warn_at(s, duration, calendar)
        elapsed = time.perf_counter() - t0
        # Each clock start computes a deadline and a warning instant.
        out[f"{name}_clock_starts_per_s"] = round(len(starts) / elapsed)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
