"""This area's `hotline` subcommands, registered by hotline.cli.build_parser()."""

from __future__ import annotations

from typing import Any


def register(sub: Any) -> None:
    """Add this area's subcommands to the top-level argparse subparsers `sub`."""
    del sub
