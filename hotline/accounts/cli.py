"""This area's `hotline` subcommands: `user create` (a staff account, the password read from
standard input) and `apikey create` (an Open311 key, printed once)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any


def cmd_user_create(args: argparse.Namespace) -> None:
    from hotline.accounts.service import create_user

    if not args.password_stdin:
        raise ValueError("give the password on standard input with --password-stdin")
    password = sys.stdin.readline().rstrip("\n")
    user_id = asyncio.run(
        create_user(
            username=args.username,
            password=password,
            role=args.role,
            agency_code=args.agency,
            display_name=args.name or "",
        )
    )
    print(f"user {args.username} created (id {user_id}, role {args.role})")


def cmd_apikey_create(args: argparse.Namespace) -> None:
    from hotline.accounts.service import create_api_key

    new = asyncio.run(create_api_key(args.name, requests_per_minute=args.per_minute))
    print(new.key)
    print("Store this key now: it is not shown again.", file=sys.stderr)


def register(sub: Any) -> None:
    """Add this area's subcommands to the top-level argparse subparsers `sub`."""
    user = sub.add_parser("user", help="staff accounts").add_subparsers(
        dest="user_command", required=True
    )
    uc = user.add_parser("create", help="create a staff account")
    uc.add_argument("--username", required=True)
    uc.add_argument(
        "--role", required=True, help="verifikator, petugas, supervisor, operator or admin"
    )
    uc.add_argument("--agency", help="agency code (required for petugas and supervisor)")
    uc.add_argument("--name", help="display name")
    uc.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    uc.set_defaults(fn=cmd_user_create)

    ak = sub.add_parser("apikey", help="Open311 API keys").add_subparsers(
        dest="apikey_command", required=True
    )
    akc = ak.add_parser("create", help="create a key; it is printed once")
    akc.add_argument("name")
    akc.add_argument("--per-minute", type=int, default=60)
    akc.set_defaults(fn=cmd_apikey_create)
