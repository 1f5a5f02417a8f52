"""Before and after, interleaved: the IVR of another commit against this checkout's, on PostgreSQL.

On a shared 2-core machine the same code's throughput moves by ±10 % from one run to the next,
so a change is measured by alternating runs of both servers (the order flips every round), each
against a fresh database, driven by this checkout's load generator (bench/ivr.py).

    .venv/bin/python -m bench.ivr_compare REV [CALLS] [SECONDS] [ROUNDS]   # 50 15 3

REV is checked out into a temporary git worktree that uses this checkout's .venv. Prints one JSON
line per run, then the mean and range of steps/s, p99 and server CPU per step for each side.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench import ivr, throwaway

HERE = Path(__file__).resolve().parent.parent


def _one_run(code: Path, calls: int, seconds: float) -> dict[str, Any]:
    """Serve the IVR of `code` on a fresh database and measure it: a warm-up, then one run."""
    with throwaway.postgres(f"hotline_compare_{os.getpid()}") as url:
        env = {
            **os.environ,
            **ivr.server_env(),
            "HOTLINE_DATABASE_URL": url,
            "HOTLINE_SECRET_KEY": throwaway.SECRET_KEY,
        }
        # The directory and the server both from `code`: its migrations, its tables.
        subprocess.run(
            [sys.executable, "-c", "import asyncio; from bench.setup import prepare; "
             "asyncio.run(prepare())"],
            cwd=code, env=env, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        runs = {"run": (seconds, calls, 0.0)}
        return ivr.measure(["-m", "hotline.cli", "serve"], env, "hotline", runs, cwd=code)["run"]


def _summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    def spread(key: str) -> list[float]:
        values = [r[key] for r in runs]
        return [min(values), round(statistics.mean(values), 3), max(values)]

    return {
        "runs": len(runs),
        "errors": sum(r["errors"] for r in runs),
        "steps_per_s_min_mean_max": spread("steps_per_s"),
        "p99_ms_min_mean_max": spread("p99_ms"),
        "server_cpu_ms_per_step_min_mean_max": spread("server_cpu_ms_per_step"),
    }


def main(argv: list[str]) -> None:
    if not argv:
        sys.exit(__doc__)
    rev = argv[0]
    calls, seconds, rounds = (
        int(argv[1]) if len(argv) > 1 else 50,
        float(argv[2]) if len(argv) > 2 else 15.0,
        int(argv[3]) if len(argv) > 3 else 3,
    )
    tmp = Path(tempfile.mkdtemp(prefix="hotline-compare-"))
    before = tmp / "before"
    subprocess.run(
        ["git", "-C", str(HERE), "worktree", "add", "--detach", "-q", str(before), rev], check=True
    )
    try:
        (before / ".venv").symlink_to(HERE / ".venv")
        sides = {"before": before, "after": HERE}
        results: dict[str, list[dict[str, Any]]] = {"before": [], "after": []}
        for n in range(rounds):
            # Alternate who goes first, so a drift of the machine favours neither.
            for side in ("before", "after") if n % 2 == 0 else ("after", "before"):
                result = _one_run(sides[side], calls, seconds)
                results[side].append(result)
                print(
                    json.dumps({"side": side, "round": n, "concurrency": calls, **result}),
                    flush=True,
                )
        print(json.dumps({"rev": rev, **{side: _summary(r) for side, r in results.items()}}))
    finally:
        subprocess.run(
            ["git", "-C", str(HERE), "worktree", "remove", "--force", str(before)], check=False
        )
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
