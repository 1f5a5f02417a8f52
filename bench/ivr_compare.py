"""Before and after, interleaved: the IVR of another commit against this checkout's.

On a shared 2-core machine the same code's throughput moves by ±10 % from one run to the next,
so a change is measured by alternating runs of both servers (the order flips every round), each
against a fresh database, driven by this checkout's load generator (bench/ivr.py).

    .venv/bin/python -m bench.ivr_compare REV [CALLS] [SECONDS] [ROUNDS] [ENGINES]
    # defaults: 50 15 3 postgres; CALLS and ENGINES may be lists: 32,200 … sqlite,postgres

REV is checked out into a temporary git worktree that uses this checkout's .venv. Every round
runs each side on each engine at each number of calls (a fresh database each: a temporary SQLite
file, or a PostgreSQL database made and dropped by the run), so SQLite and PostgreSQL are
compared within the same rounds. Prints one JSON line per run, then the mean and range of
steps/s, p99 and server CPU per step for each side, engine and number of calls.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench import ivr, throwaway

HERE = Path(__file__).resolve().parent.parent


@contextmanager
def _database(engine: str) -> Iterator[str]:
    """A fresh, empty database of `engine` for one run; its URL."""
    if engine == "sqlite":
        with tempfile.TemporaryDirectory(prefix="hotline-compare-db-") as tmp:
            yield f"sqlite:///{tmp}/bench.sqlite3"
    else:
        with throwaway.postgres(f"hotline_compare_{os.getpid()}") as url:
            yield url


def _one_run(code: Path, calls: int, seconds: float, engine: str) -> dict[str, Any]:
    """Serve the IVR of `code` on a fresh database and measure it: a warm-up, then one run."""
    with _database(engine) as url:
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
    loads = [int(c) for c in (argv[1] if len(argv) > 1 else "50").split(",")]
    seconds = float(argv[2]) if len(argv) > 2 else 15.0
    rounds = int(argv[3]) if len(argv) > 3 else 3
    engines = (argv[4] if len(argv) > 4 else "postgres").split(",")
    tmp = Path(tempfile.mkdtemp(prefix="hotline-compare-"))
    before = tmp / "before"
    subprocess.run(
        ["git", "-C", str(HERE), "worktree", "add", "--detach", "-q", str(before), rev], check=True
    )
    try:
        (before / ".venv").symlink_to(HERE / ".venv")
        sides = {"before": before, "after": HERE}
        results: dict[str, list[dict[str, Any]]] = {}
        for n in range(rounds):
            for engine in engines:
                for calls in loads:
                    # Alternate who goes first, so a drift of the machine favours neither.
                    for side in ("before", "after") if n % 2 == 0 else ("after", "before"):
                        result = _one_run(sides[side], calls, seconds, engine)
                        results.setdefault(f"{side}_{engine}_{calls}", []).append(result)
                        line = {"side": side, "round": n, "engine": engine, "concurrency": calls}
                        print(json.dumps({**line, **result}), flush=True)
        print(json.dumps({"rev": rev, **{key: _summary(r) for key, r in results.items()}}))
    finally:
        subprocess.run(
            ["git", "-C", str(HERE), "worktree", "remove", "--force", str(before)], check=False
        )
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
