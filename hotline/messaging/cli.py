"""This area's `hotline` subcommands: `chat check` (validate the chat flows) and `chat play`
(a citizen's conversation in the terminal, against the real database)."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Any

from hotline.messaging.config import get_config


def cmd_check(args: argparse.Namespace) -> None:
    from hotline.messaging.loader import load_dir

    flows = load_dir(Path(args.dir) if args.dir else get_config().flows_dir)
    names = sorted({sid.split(".", 1)[0] for sid in flows.states})
    print(
        f"chat flows OK: {len(flows.files)} files, {len(names)} flows ({', '.join(names)}), "
        f"{len(flows.states)} states, every prompt translated in id and en"
    )


def cmd_play(args: argparse.Namespace) -> None:
    from hotline import phones
    from hotline.db.tx import connection_pool
    from hotline.messaging.terminal import play

    sender = phones.to_e164(args.sender)
    if not sender:
        raise ValueError(f"--from: {args.sender!r} is not a phone number")

    def say(text: str) -> None:
        for line in text.splitlines():
            print(f"  « {line}", flush=True)

    async def go() -> int:
        async with connection_pool():
            return await play(sender, args.channel, input, say)

    try:
        sent = asyncio.run(go())
    except Exception as exc:
        from hotline.db.availability import database_unavailable

        if not database_unavailable(exc):
            raise
        raise ValueError(
            f"the database is not ready ({type(exc).__name__}: {exc}); run `hotline db migrate`"
        ) from None
    print(f"conversation ended ({sent} messages)")


def register(sub: Any) -> None:
    chat = sub.add_parser(
        "chat", help="WhatsApp and SMS: check the chat flows, play a conversation"
    ).add_subparsers(dest="chat_command", required=True)
    check = chat.add_parser("check", help="validate the chat flows (exit 2 on a problem)")
    check.add_argument("--dir", help="another chat flows folder")
    check.set_defaults(fn=cmd_check)
    play = chat.add_parser("play", help="write to the service as a citizen (real database)")
    play.add_argument("--from", dest="sender", default="+6281200000000", help="your number")
    play.add_argument("--channel", choices=["whatsapp", "sms"], default="whatsapp")
    play.set_defaults(fn=cmd_play)
