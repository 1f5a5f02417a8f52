"""Run every benchmark, each engine in its own process against a throwaway database.

    make bench                       # all of them
    .venv/bin/python -m bench sla    # one of them: sla | intake | sweep | ivr | open311 | konsol | transparency | lists | callcentre | conversations | quality | satisfaction | messaging

Results are printed and written to bench/results/latest.json.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import throwaway

RESULTS = Path(__file__).parent / "results"


def _run(module: str, engine: str, *args: str, show_stderr: bool = False) -> dict:
    """`show_stderr`: pass the benchmark's stderr through (the lists benchmark prints its query
    plans there) instead of keeping it for a failure."""
    env = {**os.environ, "HOTLINE_SECRET_KEY": throwaway.SECRET_KEY}
    with contextlib.ExitStack() as stack:
        if engine == "postgres":
            name = f"hotline_bench_{os.getpid()}"
            env["HOTLINE_DATABASE_URL"] = stack.enter_context(throwaway.postgres(name))
        else:
            tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="hotline-bench-"))
            env["HOTLINE_DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        try:
            out = subprocess.run(
                [sys.executable, "-m", module, *args],
                env=env,
                check=True,
                stdout=subprocess.PIPE,
                stderr=None if show_stderr else subprocess.PIPE,
                text=True,
            )
        except subprocess.CalledProcessError as exc:
            sys.stderr.write(exc.stderr or "")
            raise
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> None:
    wanted = set(argv) or {
        "sla",
        "intake",
        "sweep",
        "ivr",
        "open311",
        "konsol",
        "transparency",
        "lists",
        "callcentre",
        "conversations",
        "quality",
        "satisfaction",
        "messaging",
    }
    results: dict[str, object] = {"cpu_count": os.cpu_count()}
    if "sla" in wanted:
        results["sla"] = _run("bench.sla", "sqlite")
        print("deadlines:", results["sla"], flush=True)
    if "intake" in wanted:
        results["intake"] = {e: _run("bench.intake", e) for e in ("sqlite", "postgres")}
        print("intake:", results["intake"], flush=True)
    if "sweep" in wanted:
        results["sweep"] = _run("bench.sweep", "postgres")
        print("sweep:", results["sweep"], flush=True)
    if "transparency" in wanted:  # a month's figures on the embedded default too
        results["transparency_sqlite"] = _run("bench.transparency", "sqlite", "figures")
        print("transparency (sqlite):", results["transparency_sqlite"], flush=True)
    # The areas' benchmarks run on PostgreSQL, each against its own throwaway database.
    for area in ("ivr", "open311", "konsol", "transparency", "callcentre", "quality", "messaging"):
        if area in wanted:
            results[area] = _run(f"bench.{area}", "postgres")
            print(f"{area}:", results[area], flush=True)
    if "conversations" in wanted:
        results["conversations"] = {
            e: _run("bench.conversations", e) for e in ("sqlite", "postgres")
        }
        print("conversations:", results["conversations"], flush=True)
    if "satisfaction" in wanted:
        results["satisfaction"] = {e: _run("bench.satisfaction", e) for e in ("sqlite", "postgres")}
        print("satisfaction:", results["satisfaction"], flush=True)
    if "lists" in wanted:
        results["lists"] = _run("bench.lists", "postgres", show_stderr=True)
        print("lists:", results["lists"], flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
