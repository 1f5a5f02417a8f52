"""This area's `hotline` subcommands: `ivr check`, `ivr graph`, `ivr call`, `ivr agent`."""

from __future__ import annotations

import argparse
import asyncio
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from hotline.ivr.config import get_config


class GraphvizMissing(ValueError):
    pass


def _flows(directory: str | None) -> Any:
    from hotline.ivr.loader import load_dir

    return load_dir(Path(directory) if directory else get_config().flows_dir)


def cmd_check(args: argparse.Namespace) -> None:
    flows = _flows(args.dir)
    names = sorted({s.flow for s in flows.states.values()})
    print(
        f"ivr flows OK: {len(flows.files)} files, {len(names)} flows ({', '.join(names)}), "
        f"{len(flows.states)} states, every prompt translated in id and en"
    )


def cmd_graph(args: argparse.Namespace) -> None:
    from hotline.ivr.graph import to_dot

    dot = to_dot(_flows(args.dir))
    fmt = args.format or (Path(args.output).suffix.lstrip(".") if args.output else "dot")
    if fmt == "svg":
        binary = shutil.which("dot")
        if binary is None:
            raise GraphvizMissing(
                "Graphviz's `dot` is not on the PATH, so no SVG can be drawn: install graphviz "
                "(e.g. apt install graphviz) or ask for --format dot"
            )
        # The binary found on the PATH, our own DOT on stdin: nothing from outside is run.
        data = subprocess.run(  # noqa: S603
            [binary, "-Tsvg"], input=dot.encode(), capture_output=True, check=True
        ).stdout
    elif fmt == "dot":
        data = dot.encode()
    else:
        raise ValueError(f"--format must be dot or svg (got {fmt!r})")
    if args.output:
        Path(args.output).write_bytes(data)
        print(f"written: {args.output}")
    else:
        sys.stdout.buffer.write(data)


def cmd_call(args: argparse.Namespace) -> None:
    from hotline.db.tx import connection_pool
    from hotline.ivr.terminal import play

    def ask(prompt: str) -> str:
        return input(prompt)

    def say(text: str) -> None:
        print(f"  « {text}", flush=True)

    async def go() -> str:
        async with connection_pool():
            return await play(args.caller, ask, say)

    try:
        sid = asyncio.run(go())
    except Exception as exc:
        from hotline.ivr.spool import is_unavailable

        if not is_unavailable(exc):
            raise
        # Not migrated, or not reachable: one line, as every `hotline` error.
        raise ValueError(
            f"the database is not ready ({type(exc).__name__}: {exc}); run `hotline db migrate`"
        ) from None
    print(f"call {sid} ended")


def cmd_agent(args: argparse.Namespace) -> None:
    from hotline.ivr.agent import set_agent_pin

    if not args.pin_stdin:
        raise ValueError("give the agent PIN on standard input with --pin-stdin")
    pin = sys.stdin.readline().strip()
    asyncio.run(set_agent_pin(args.username, pin))
    print(f"agent PIN set for {args.username}")


def register(sub: Any) -> None:
    """Add this area's subcommands to the top-level argparse subparsers `sub`."""
    ivr = sub.add_parser(
        "ivr", help="the phone line: check and draw flows, try a call"
    ).add_subparsers(dest="ivr_command", required=True)
    check = ivr.add_parser("check", help="validate the flows in ivr_flows/ (exit 2 on a problem)")
    check.add_argument("--dir", help="another flows folder")
    check.set_defaults(fn=cmd_check)

    graph = ivr.add_parser("graph", help="draw the flows (DOT, or SVG with Graphviz)")
    graph.add_argument("--dir", help="another flows folder")
    graph.add_argument("--format", choices=["dot", "svg"], help="default: from -o, else dot")
    graph.add_argument("-o", "--output", help="file to write (default: standard output)")
    graph.set_defaults(fn=cmd_graph)

    call = ivr.add_parser("call", help="play the flows in the terminal as a caller (real database)")
    call.add_argument("--caller", default="+6281200000000", help="the caller's number (From)")
    call.set_defaults(fn=cmd_call)

    agent = ivr.add_parser("agent", help="give a staff member an agent PIN for the agent line")
    agent.add_argument("--username", required=True)
    agent.add_argument("--pin-stdin", action="store_true", help="read the PIN from stdin")
    agent.set_defaults(fn=cmd_agent)
