"""Creating staff accounts and API keys."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from hotline import clock
from hotline.accounts import audit, throttle
from hotline.accounts.roles import AGENCY_ROLES, Role
from hotline.accounts.tables import ApiKey, User
from hotline.db.tx import transaction
from hotline.directory.tables import Agency
from hotline.errors import FieldError, ValidationFailed
from hotline.i18n import N_, t
from hotline.limiter import Limiter, shared

# argon2id with the library's defaults (RFC 9106 low-memory profile).
_hasher = PasswordHasher()
MIN_PASSWORD = 10
API_KEY_PREFIX = "hk_"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, stored: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        # A wrong password, or a stored hash that does not parse: either way nobody signs in,
        # and the caller answers both alike (no hint which).
        return False


async def create_user(
    *,
    username: str,
    password: str,
    role: str,
    agency_code: str | None = None,
    display_name: str = "",
    email: str = "",
) -> int:
    errors = []
    username = username.strip().lower()
    if not username or not username.replace(".", "").replace("_", "").replace("-", "").isalnum():
        errors.append(
            FieldError("username", N_("Use letters, digits, dots, dashes or underscores."))
        )
    if len(password) < MIN_PASSWORD:
        errors.append(
            FieldError("password", N_("Use at least {n} characters."), {"n": MIN_PASSWORD})
        )
    try:
        role_ = Role(role)
    except ValueError:
        errors.append(
            FieldError(
                "role",
                N_("Unknown role; use one of: {roles}."),
                {"roles": ", ".join(r.value for r in Role)},
            )
        )
        role_ = None
    agency_id = None
    if agency_code:
        agency = await Agency.select(Agency.id).where(Agency.code == agency_code).first()
        if agency is None:
            errors.append(FieldError("agency", N_("This agency does not exist.")))
        else:
            agency_id = agency["id"]
    elif role_ in AGENCY_ROLES:
        errors.append(FieldError("agency", N_("This role needs an agency.")))
    if await User.exists().where(User.username == username):
        errors.append(FieldError("username", N_("This username is taken.")))
    if errors:
        raise ValidationFailed(errors)
    assert role_ is not None
    async with transaction():
        rows = await User.insert(
            User(
                username=username,
                display_name=display_name or username,
                password_hash=hash_password(password),
                role=role_.value,
                agency=agency_id,
                email=email,
                created_at=clock.now(),
            )
        ).returning(User.id)
    return int(rows[0]["id"])


def hash_api_key(key: str) -> str:
    # API keys are 256-bit random: a fast hash is enough, and it keeps lookups O(1).
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class NewApiKey:
    id: int
    key: str  # shown once


async def create_api_key(name: str, *, requests_per_minute: int = 60) -> NewApiKey:
    name = name.strip()
    if not name:
        raise ValidationFailed([FieldError("name", N_("Give the key a name."))])
    key = API_KEY_PREFIX + secrets.token_urlsafe(32)
    async with transaction():
        rows = await ApiKey.insert(
            ApiKey(
                name=name,
                prefix=key[: len(API_KEY_PREFIX) + 6],
                key_hash=hash_api_key(key),
                requests_per_minute=requests_per_minute,
                created_at=clock.now(),
            )
        ).returning(ApiKey.id)
    return NewApiKey(int(rows[0]["id"]), key)


async def find_api_key(key: str) -> dict | None:
    row = (
        await ApiKey.select()
        .where((ApiKey.key_hash == hash_api_key(key)) & ApiKey.revoked_at.is_null())
        .first()
    )
    return row


# Verified against when the username is unknown, so timing does not reveal which users exist.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


class LoginOutcome(StrEnum):
    OK = "ok"
    BAD_CREDENTIALS = "bad_credentials"
    LOCKED = "locked"
    DISABLED = "disabled"


@dataclass(frozen=True)
class LoginResult:
    outcome: LoginOutcome
    user_id: int | None = None
    wait_seconds: int = 0


async def authenticate(
    username: str,
    password: str,
    *,
    address: str,
    user_agent: str = "",
    limiter: Limiter | None = None,
) -> LoginResult:
    """Check a sign-in from `address` (throttled by hotline/accounts/throttle.py) and record it
    in the access audit. A locked attempt checks no password (argon2 is the costly part)."""
    limiter = limiter or shared()
    now = clock.now()
    name = username.strip().lower()
    attempt = throttle.Attempt(address=address, username=name)
    user = (
        await User.select(User.id, User.username, User.password_hash, User.active)
        .where(User.username == name)
        .first()
    )
    user_id = int(user["id"]) if user else None

    async def failed(reason: LoginOutcome, **data: object) -> None:
        await audit.record(
            audit.AccessKind.SIGN_IN_FAILED,
            at=now,
            staff_id=user_id,
            username=user["username"] if user else "",
            address=address,
            user_agent=user_agent,
            data={"reason": reason.value, **data},
        )

    wait = await throttle.wait_seconds(limiter, attempt, now)
    if wait:
        if await throttle.note_refusal(limiter, attempt, now):
            async with transaction():
                await failed(LoginOutcome.LOCKED)
        return LoginResult(LoginOutcome.LOCKED, wait_seconds=wait)
    if user is None:
        verify_password(password, _DUMMY_HASH)
        right = False
    else:
        right = verify_password(password, user["password_hash"])
    if not right:
        strikes = await throttle.failed(limiter, attempt, now)
        async with transaction():
            await failed(LoginOutcome.BAD_CREDENTIALS)
            if user is not None and strikes.account_locked_now:
                await _account_locked(user, strikes.account_until, address=address, now=now)
        wait = await throttle.wait_seconds(limiter, attempt, now)
        if wait:
            return LoginResult(LoginOutcome.LOCKED, wait_seconds=wait)
        return LoginResult(LoginOutcome.BAD_CREDENTIALS)
    assert user is not None and user_id is not None
    if not user["active"]:
        async with transaction():
            await failed(LoginOutcome.DISABLED)
        return LoginResult(LoginOutcome.DISABLED)
    await throttle.succeeded(limiter, attempt)
    async with transaction():
        await User.update({User.last_login_at: now}).where(User.id == user_id)
        await audit.record(
            audit.AccessKind.SIGN_IN,
            at=now,
            staff_id=user_id,
            username=user["username"],
            address=address,
            user_agent=user_agent,
        )
    return LoginResult(LoginOutcome.OK, user_id=user_id)


ACCOUNT_LOCKED_SUBJECT = N_("Hotline: staff account {username} locked")
ACCOUNT_LOCKED_BODY = N_(
    "The staff account {username} had {failures} failed sign-ins from several addresses and is"
    " locked until {until} (UTC). The last attempt came from {address}. If this was not the"
    " officer, someone may be guessing the password: see the access history at"
    " /konsol/admin/riwayat."
)


async def lift_account_lock(username: str, *, limiter: Limiter | None = None) -> None:
    """A new password set by an admin lifts the account-wide sign-in lock (throttle.py)."""
    await throttle.unlock_account(limiter or shared(), username)


async def _account_locked(
    user: dict[str, Any], until: datetime, *, address: str, now: datetime
) -> None:
    """The admin is told: an audit entry on the access history, and an e-mail to every active
    admin who has an address (through the outbox, once per lock)."""
    from hotline.notify.outbox import Message, enqueue_all
    from hotline.notify.senders.base import Channel

    await audit.record(
        audit.AccessKind.ACCOUNT_LOCKED,
        at=now,
        staff_id=int(user["id"]),
        username=user["username"],
        address=address,
        data={"until": until.isoformat(), "failures": throttle.account_rule().threshold},
    )
    admins = await User.select(User.id, User.email).where(
        (User.role == Role.ADMIN.value) & User.active.eq(True) & (User.email != "")
    )
    params = {
        "username": user["username"],
        "failures": throttle.account_rule().threshold,
        "until": until.strftime("%Y-%m-%d %H:%M"),
        "address": address,
    }
    await enqueue_all(
        [
            Message(
                Channel.EMAIL,
                admin["email"],
                t("id", ACCOUNT_LOCKED_BODY, **params),
                f"account-locked:{user['id']}:{until.isoformat()}:{admin['id']}",
                subject=t("id", ACCOUNT_LOCKED_SUBJECT, **params),
            )
            for admin in admins
        ],
        now=now,
    )
