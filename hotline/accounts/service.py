"""Creating staff accounts and API keys."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from hotline import clock
from hotline.accounts.roles import AGENCY_ROLES, Role
from hotline.accounts.tables import ApiKey, User
from hotline.db.tx import transaction
from hotline.directory.tables import Agency
from hotline.errors import FieldError, ValidationFailed
from hotline.i18n import N_

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


# Lockout: after this many wrong passwords in a row the account refuses every login (even with
# the right password) for LOCKOUT; the count resets at a successful login.
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
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
    locked_until: datetime | None = None


async def authenticate(username: str, password: str) -> LoginResult:
    """Check a login. Wrong passwords count towards the lockout; one transaction per attempt."""
    now = clock.now()
    async with transaction():
        user = (
            await User.select(
                User.id, User.password_hash, User.active, User.failed_logins, User.locked_until
            )
            .where(User.username == username.strip().lower())
            .first()
        )
        if user is None:
            verify_password(password, _DUMMY_HASH)
            return LoginResult(LoginOutcome.BAD_CREDENTIALS)
        if user["locked_until"] is not None and user["locked_until"] > now:
            return LoginResult(LoginOutcome.LOCKED, locked_until=user["locked_until"])
        if not verify_password(password, user["password_hash"]):
            failures = user["failed_logins"] + 1
            locked_until = now + LOCKOUT if failures >= MAX_FAILED_LOGINS else None
            await User.update(
                {
                    User.failed_logins: 0 if locked_until else failures,
                    User.locked_until: locked_until,
                }
            ).where(User.id == user["id"])
            if locked_until:
                return LoginResult(LoginOutcome.LOCKED, locked_until=locked_until)
            return LoginResult(LoginOutcome.BAD_CREDENTIALS)
        if not user["active"]:
            return LoginResult(LoginOutcome.DISABLED)
        await User.update(
            {User.failed_logins: 0, User.locked_until: None, User.last_login_at: now}
        ).where(User.id == user["id"])
        return LoginResult(LoginOutcome.OK, user_id=int(user["id"]))
