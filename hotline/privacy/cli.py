"""`hotline privacy …`, registered by hotline.cli.build_parser():

hotline privacy affected --since WHEN --until WHEN [--user USERNAME] [--with-contact] [--json]
    the reporters whose data a staff account, or the staff in a time window, could have
    exposed (the breach list of docs/PRIVACY.md); kinds of data only, unless --with-contact.
hotline privacy retention [--dry-run]
    erase the personal data of reports closed longer than HOTLINE_RETENTION_MONTHS now, and the
    conversation recordings without a report older than HOTLINE_CONVERSATION_RECORDING_DAYS
    (the worker does it every round; this is for a one-off run or to see what is due).
"""

from __future__ import annotations

import argparse
import asyncio
import json
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hotline import clock
from hotline.db.tx import connection_pool

# Without a zone, times are read as the central unit's local time.
DEFAULT_ZONE = ZoneInfo("Asia/Jakarta")


def parse_when(raw: str) -> datetime:
    """YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS] with an optional offset (+07:00, Z); WIB without."""
    try:
        value = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{raw!r} is not a date or time (YYYY-MM-DD or YYYY-MM-DDTHH:MM[+07:00])"
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=DEFAULT_ZONE)


def cmd_affected(args: argparse.Namespace) -> None:
    from hotline.privacy.affected import affected

    if args.until <= args.since:
        raise ValueError("--until must be after --since")

    async def go() -> list[Any]:
        async with connection_pool():
            return await affected(
                args.since, args.until, username=args.user, with_contact=args.with_contact
            )

    found = asyncio.run(go())
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "reference": a.reference,
                        "privacy": a.privacy,
                        "identity": a.identity,
                        "content": a.content,
                        "by": sorted(a.by),
                        "first_at": a.first_at.isoformat() if a.first_at else None,
                        "last_at": a.last_at.isoformat() if a.last_at else None,
                        **({"contact": a.contact} if args.with_contact else {}),
                    }
                    for a in found
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    window = f"{args.since.isoformat()} – {args.until.isoformat()}"
    who = f"staff account {args.user}" if args.user else "all staff accounts"
    print(f"# reporters whose data {who} could have exposed, {window}")
    header = ["reference", "privacy", "exposed", "by"]
    if args.with_contact:
        header += ["name", "phone", "email", "language"]
    print("\t".join(header))
    for a in found:
        row = [a.reference, a.privacy, ", ".join(a.exposed) or "-", ",".join(sorted(a.by))]
        if args.with_contact:
            row += [a.contact.get(k, "") for k in ("name", "phone", "email", "language")]
        print("\t".join(row))
    identities = sum(1 for a in found if a.identity)
    print(f"# {len(found)} reports, {identities} with the reporter's identity exposed")


def cmd_retention(args: argparse.Namespace) -> None:
    from hotline.ivr.tables import ConversationRecording
    from hotline.privacy.config import privacy_settings
    from hotline.privacy.erasure import conversation_round, retention_cutoff, retention_round
    from hotline.tickets.tables import Ticket

    async def go() -> str:
        async with connection_pool():
            if args.dry_run:
                cutoff = retention_cutoff()
                due = await Ticket.count().where(
                    Ticket.anonymised_at.is_null()
                    & Ticket.closed_at.is_not_null()
                    & (Ticket.closed_at <= cutoff)
                )
                days = privacy_settings().conversation_recording_days
                recordings = await ConversationRecording.count().where(
                    ConversationRecording.erased_at.is_null()
                    & ConversationRecording.ticket.is_null()
                    & (ConversationRecording.created_at <= clock.now() - timedelta(days=days))
                )
                return (
                    f"{due} reports closed before {cutoff.isoformat()} are due for erasure; "
                    f"{recordings} conversation recordings without a report are older than "
                    f"{days} days (those whose call made a report are kept with it)"
                )
            stats = await retention_round()
            recorded = await conversation_round()
            return (
                f"personal data of {stats.reports} reports erased, {stats.files} files deleted; "
                f"{recorded.conversations} conversation recordings without a report erased, "
                f"{recorded.files} files deleted"
            )

    print(asyncio.run(go()))


def register(sub: Any) -> None:
    p = sub.add_parser("privacy", help="UU 27/2022: the breach list, retention").add_subparsers(
        dest="privacy_command", required=True
    )
    a = p.add_parser(
        "affected",
        help="reporters whose data a staff account or a time window could have exposed",
    )
    a.add_argument("--since", required=True, type=parse_when, help="start (WIB if no zone)")
    a.add_argument("--until", required=True, type=parse_when, help="end, exclusive")
    a.add_argument("--user", help="only what this staff account (username) did")
    a.add_argument(
        "--with-contact",
        action="store_true",
        help="also print the reporters' name, phone and e-mail (to send the notices)",
    )
    a.add_argument("--json", action="store_true", help="JSON instead of a table")
    a.set_defaults(fn=cmd_affected)
    r = p.add_parser("retention", help="erase personal data whose retention period ended")
    r.add_argument("--dry-run", action="store_true", help="only count what is due")
    r.set_defaults(fn=cmd_retention)
