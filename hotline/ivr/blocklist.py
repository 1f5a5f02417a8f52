"""Repeat callers: the verifiers' blocklist and the per-number limit, asked before a report is
made by phone (the flows' `screen_caller`, and the end of a call that would file what was said).

The number is personal data (UU 27/2022): a block keeps a keyed hash of the E.164 number (HMAC
with HOTLINE_SECRET_KEY, which the database does not hold) and a masked form for the console. A
call is matched by hashing its caller's number the same way: an exact lookup, and a leaked table
gives no numbers back. The price: the list cannot be searched by a part of a number.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from hotline import clock
from hotline.directory import changes
from hotline.errors import FieldError, NotFound, ValidationFailed
from hotline.i18n import N_
from hotline.ivr.config import IvrConfig
from hotline.ivr.tables import IvrBlock, IvrCall
from hotline.phones import to_e164
from hotline.settings import get_settings

MAX_DAYS = 365
MAX_REASON = 500
AUDIT_ENTITY = "ivr_block"


class Screening(StrEnum):
    OK = "ok"
    BLOCKED = "blocked"
    LIMITED = "limited"


def number_key(phone: str) -> str:
    """The keyed hash a block is matched by; `phone` in E.164."""
    key = get_settings().secret_key.encode()
    return hmac.new(key, b"ivr-block:" + phone.encode(), hashlib.sha256).hexdigest()


def mask(phone: str) -> str:
    """+6281234567890 -> +62812•••••890: enough for a verifier to tell two blocks apart."""
    return phone[:6] + "•" * max(len(phone) - 9, 0) + phone[-3:]


async def screen(caller: str, config: IvrConfig, now: datetime | None = None) -> Screening:
    """May this caller make a report now? A withheld number is never refused (it cannot be told
    from another one, and may be someone in danger)."""
    if not caller:
        return Screening.OK
    now = now or clock.now()
    blocked = await IvrBlock.exists().where(
        (IvrBlock.number_key == number_key(caller))
        & (IvrBlock.expires_at > now)
        & IvrBlock.lifted_at.is_null()
    )
    if blocked:
        return Screening.BLOCKED
    if config.max_reports_per_number:
        since = now - timedelta(hours=config.report_window_hours)
        made = await IvrCall.count().where(
            (IvrCall.caller == caller)
            & IvrCall.ticket.is_not_null()
            & (IvrCall.started_at >= since)
        )
        if made >= config.max_reports_per_number:
            return Screening.LIMITED
    return Screening.OK


@dataclass(frozen=True)
class Block:
    id: int
    number_masked: str
    reason: str
    created_at: datetime
    created_by: str
    expires_at: datetime


async def active_blocks(now: datetime | None = None) -> list[Block]:
    now = now or clock.now()
    rows = (
        await IvrBlock.select()
        .where((IvrBlock.expires_at > now) & IvrBlock.lifted_at.is_null())
        .order_by(IvrBlock.expires_at)
    )
    return [
        Block(
            r["id"],
            r["number_masked"],
            r["reason"],
            r["created_at"],
            r["created_by"],
            r["expires_at"],
        )
        for r in rows
    ]


async def _audit(at: datetime, actor: str, block_id: int, action: str, **data: Any) -> None:
    await changes.record(actor, AUDIT_ENTITY, str(block_id), action, data, at=at)


async def add_block(number: str, *, reason: str, days: int, actor: str) -> int:
    """Block `number` (as people write it) for `days`; raises ValidationFailed listing every
    problem. The caller holds the transaction (the block and its audit row together)."""
    errors: list[FieldError] = []
    phone = to_e164(number)
    if not phone:
        errors.append(FieldError("number", N_("This is not a valid phone number.")))
    reason = reason.strip()
    if not reason:
        errors.append(FieldError("reason", N_("Say why the number is blocked.")))
    elif len(reason) > MAX_REASON:
        errors.append(FieldError("reason", N_("The reason is too long.")))
    if not 1 <= days <= MAX_DAYS:
        errors.append(
            FieldError("days", N_("Block for 1 to {n} days."), {"n": MAX_DAYS}),
        )
    if errors or not phone:
        raise ValidationFailed(errors)
    now = clock.now()
    expires = now + timedelta(days=days)
    [row] = await IvrBlock.insert(
        IvrBlock(
            number_key=number_key(phone),
            number_masked=mask(phone),
            reason=reason,
            created_at=now,
            created_by=actor,
            expires_at=expires,
        )
    ).returning(IvrBlock.id)
    await _audit(
        now,
        actor,
        row["id"],
        "create",
        number=mask(phone),
        reason=reason,
        expires_at=expires.isoformat(),
    )
    return int(row["id"])


async def lift_block(block_id: int, *, actor: str) -> None:
    now = clock.now()
    row = (
        await IvrBlock.select(IvrBlock.id)
        .where((IvrBlock.id == block_id) & IvrBlock.lifted_at.is_null())
        .first()
    )
    if row is None:
        raise NotFound(N_("This block does not exist or was lifted already."))
    await IvrBlock.update({IvrBlock.lifted_at: now, IvrBlock.lifted_by: actor[:80]}).where(
        IvrBlock.id == block_id
    )
    await _audit(now, actor, block_id, "lift")
