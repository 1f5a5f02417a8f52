"""This area's `hotline` subcommands, registered by hotline.cli.build_parser():

hotline report publish --month YYYY-MM   freeze a month (PDF, figures JSON, CSV, SHA-256 chain)
hotline report verify                    check every publication and the chain
hotline report compute --month YYYY-MM   compute and store a month's figures now (the worker
                                         does this by itself; for an operator, or a fresh import)
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from hotline.db.tx import connection_pool
from hotline.transparency.months import Month

STEP_NAMES = {
    "claim": "month claimed",
    "figures": "computing the figures and open data",
    "pdf": "laying out the PDF",
    "store": "storing the files and the chain",
    "done": "done",
}


class ProgressBar:
    """A one-line bar on stderr: redrawn in place on a terminal, one line per step otherwise."""

    def __init__(self, width: int = 24) -> None:
        self.width = width
        self.tty = sys.stderr.isatty()

    def __call__(self, done: int, total: int, what: str) -> None:
        filled = self.width * done // max(total, 1)
        bar = "#" * filled + "-" * (self.width - filled)
        line = f"[{bar}] {done}/{total} {STEP_NAMES.get(what, what)}"
        if self.tty:
            end = "\n" if done >= total else ""
            sys.stderr.write(f"\r{line:<80}{end}")
        else:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()


def cmd_publish(args: argparse.Namespace) -> None:
    from hotline.transparency import publishing
    from hotline.transparency.pdf import RENDERER, PdfError

    month = Month.parse(args.month)

    async def go() -> dict[str, Any]:
        async with connection_pool():
            try:
                return await publishing.publish(month, by="cli", progress=ProgressBar())
            finally:
                RENDERER.close()

    try:
        row = asyncio.run(go())
    except PdfError as exc:
        raise ValueError(f"{month}: {exc}") from None
    print(f"published {row['month']} as publication {row['seq']}")
    print(f"  pdf   {row['pdf_sha256']}  ({len(row['pdf']):,} bytes)")
    print(f"  json  {row['json_sha256']}  ({len(row['figures_json']):,} bytes)")
    print(f"  csv   {row['csv_sha256']}  ({len(row['csv']):,} bytes)")
    print(f"  chain {row['chain_hash']}  (previous {row['previous_hash'][:16]}…)")


def cmd_compute(args: argparse.Namespace) -> None:
    import time

    from hotline.transparency import monthly

    month = Month.parse(args.month)

    async def go() -> None:
        async with connection_pool():
            await monthly.recompute(month)

    started = time.monotonic()
    asyncio.run(go())
    print(f"computed {month} in {time.monotonic() - started:.1f} s")


def cmd_verify(args: argparse.Namespace) -> None:
    from hotline.transparency import publishing

    async def go() -> tuple[int, list[publishing.Problem]]:
        async with connection_pool():
            return await publishing.verify(progress=ProgressBar())

    checked, problems = asyncio.run(go())
    if problems:
        for p in problems:
            print(f"hotline: {p.month}: {p.what}", file=sys.stderr)
        print(f"{checked} publications checked: {len(problems)} problem(s)", file=sys.stderr)
        sys.exit(1)
    print(f"{checked} publications checked: every file matches its SHA-256 and the chain holds")


def register(sub: Any) -> None:
    """Add this area's subcommands to the top-level argparse subparsers `sub`."""
    report = sub.add_parser("report", help="monthly transparency reports").add_subparsers(
        dest="report_command", required=True
    )
    publish = report.add_parser(
        "publish", help="freeze a month: PDF, figures JSON and CSV with chained SHA-256"
    )
    publish.add_argument("--month", required=True, help="the month to publish, YYYY-MM")
    publish.set_defaults(fn=cmd_publish)
    verify = report.add_parser(
        "verify", help="check every published file against its SHA-256 and the hash chain"
    )
    verify.set_defaults(fn=cmd_verify)
    compute = report.add_parser(
        "compute", help="compute and store a month's figures now (the worker does it by itself)"
    )
    compute.add_argument("--month", required=True, help="the month to compute, YYYY-MM")
    compute.set_defaults(fn=cmd_compute)
