"""This area's `hotline` subcommands: `routing import` (replace the routing rules with a YAML
file) and `regions load` (a Kemendagri region CSV, the demo kabupaten's by default)."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Any

REGIONS_CSV = Path(__file__).parent / "data" / "wilayah-wonosobo.csv"


def cmd_routing_import(args: argparse.Namespace) -> None:
    from hotline.directory.rules_import import import_rules

    summary = asyncio.run(import_rules(Path(args.file), actor="cli"))
    print("routing rules: " + ", ".join(f"{k} {v}" for k, v in summary.items()))


def cmd_regions_load(args: argparse.Namespace) -> None:
    from hotline.directory.regions import load_regions

    added = asyncio.run(load_regions(Path(args.file)))
    print(f"regions added: {added}")


def register(sub: Any) -> None:
    """Add this area's subcommands to the top-level argparse subparsers `sub`."""
    rt = sub.add_parser("routing", help="routing rules").add_subparsers(
        dest="routing_command", required=True
    )
    ri = rt.add_parser("import", help="replace the routing rules with a YAML file")
    ri.add_argument("file")
    ri.set_defaults(fn=cmd_routing_import)

    rg = sub.add_parser("regions", help="regions").add_subparsers(
        dest="regions_command", required=True
    )
    rl = rg.add_parser("load", help="load a Kemendagri region CSV")
    rl.add_argument("file", nargs="?", default=str(REGIONS_CSV))
    rl.set_defaults(fn=cmd_regions_load)
