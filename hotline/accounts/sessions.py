"""Server-side staff sessions: a random id in the cookie, the session itself in a `Store`.

- A new id at every login (no fixation): the id the browser had before is never promoted.
- The store key is the SHA-256 of the id, so a leaked store (database dump, Redis snapshot) does
  not hand out live sessions.
- Idle timeout: the store entry expires `idle` after the last request (renewed at most once a
  minute, to spare the database a write per page); absolute timeout: `absolute` after login,
  whatever the activity.
- The store keeps an entry `EXPIRED_GRACE` past its end, so a session presented after it
  expired is still recognised: its expiry is written to the access audit (`check`), with the
  account it belonged to, before the entry is deleted. One never presented again leaves only
  its sign-in in the audit.
- Logout deletes the entry. A disabled account is refused on every request by the caller, which
  loads the user anyway (see hotline/konsol/auth.py).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from litestar.stores.base import Store

from hotline import clock

RENEW_AFTER = timedelta(minutes=1)
EXPIRED_GRACE = timedelta(hours=12)


@dataclass(frozen=True)
class SessionPolicy:
    idle: timedelta
    absolute: timedelta


@dataclass(frozen=True)
class Session:
    user_id: int
    created_at: datetime
    last_seen: datetime


def _key(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def _dump(session: Session) -> str:
    return json.dumps(
        {
            "user_id": session.user_id,
            "created_at": session.created_at.isoformat(),
            "last_seen": session.last_seen.isoformat(),
        }
    )


def _load(raw: bytes) -> Session | None:
    try:
        data = json.loads(raw)
        return Session(
            int(data["user_id"]),
            datetime.fromisoformat(data["created_at"]),
            datetime.fromisoformat(data["last_seen"]),
        )
    except (ValueError, KeyError, TypeError):
        # A record this code cannot read (another version's format, a damaged store entry) is
        # no session: the staff member signs in again rather than get an error page.
        return None


def _lifetime(session: Session, policy: SessionPolicy, now: datetime) -> int:
    """Seconds the entry may live from now: the idle window, never past the absolute end."""
    left = min(policy.idle, session.created_at + policy.absolute - now)
    return max(1, int((left + EXPIRED_GRACE).total_seconds()))


def still_valid(session: Session, policy: SessionPolicy, now: datetime) -> bool:
    return now - session.last_seen <= policy.idle and now - session.created_at <= policy.absolute


async def start(store: Store, user_id: int, policy: SessionPolicy) -> str:
    now = clock.now()
    session_id = secrets.token_urlsafe(32)
    session = Session(user_id, now, now)
    await store.set(_key(session_id), _dump(session), expires_in=_lifetime(session, policy, now))
    return session_id


async def resume(store: Store, session_id: str, policy: SessionPolicy) -> Session | None:
    """The live session of this id, or None (unknown, expired, or too old: then it is deleted)."""
    live, _ = await check(store, session_id, policy)
    return live


def expired_at(session: Session, policy: SessionPolicy) -> datetime:
    return min(session.last_seen + policy.idle, session.created_at + policy.absolute)


async def check(
    store: Store, session_id: str, policy: SessionPolicy
) -> tuple[Session | None, Session | None]:
    """(the live session, None), or (None, the session that has just been found expired and
    deleted), or (None, None) for an unknown id."""
    if not session_id:
        return None, None
    raw = await store.get(_key(session_id))
    session = _load(raw) if raw is not None else None
    if session is None:
        return None, None
    now = clock.now()
    if not still_valid(session, policy, now):
        await store.delete(_key(session_id))
        return None, session
    if now - session.last_seen >= RENEW_AFTER:
        session = Session(session.user_id, session.created_at, now)
        await store.set(
            _key(session_id), _dump(session), expires_in=_lifetime(session, policy, now)
        )
    return session, None


async def end(store: Store, session_id: str) -> None:
    if session_id:
        await store.delete(_key(session_id))
