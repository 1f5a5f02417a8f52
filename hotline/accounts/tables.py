"""Staff users and API keys. Users are deactivated, never deleted: history refers to them."""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    Boolean,
    Bytea,
    ForeignKey,
    Integer,
    Serial,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from hotline.directory.tables import Agency


class User(Table, tablename="staff_user"):
    id: Serial  # Piccolo adds it; declared for type checkers

    username = Varchar(length=80, unique=True, index=True)
    display_name = Varchar(length=160, default="")
    # secret: left out of `select(exclude_secrets=True)`, which pages that list accounts use.
    password_hash = Varchar(length=200, secret=True)
    role = Varchar(length=20)  # hotline.accounts.roles.Role
    agency = ForeignKey(Agency, null=True, on_delete=OnDelete.restrict)
    email = Varchar(length=200, default="")
    active = Boolean(default=True)
    created_at = Timestamptz()
    last_login_at = Timestamptz(null=True, default=None)


class ApiKey(Table):
    """An Open311 client. Only a SHA-256 of the key is kept; the key is shown once."""

    id: Serial  # Piccolo adds it; declared for type checkers

    name = Varchar(length=120)
    prefix = Varchar(length=12, index=True)
    key_hash = Varchar(length=64, unique=True, secret=True)
    requests_per_minute = Integer(default=60)
    created_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None)


class StoredValue(Table, tablename="kv_store"):
    """The database behind a Litestar `Store` (staff sessions) when Redis is not configured.

    Keys are namespaced ("sessions:<sha256 of the session id>"); values are opaque bytes.
    """

    id: Serial  # Piccolo adds it; declared for type checkers

    key = Varchar(length=200, unique=True, index=True)
    value = Bytea()
    expires_at = Timestamptz(null=True, default=None, index=True)


class AccessEvent(Table, tablename="access_event"):
    """Staff access, for the admin's history (/konsol/admin/riwayat): sign-ins, failed
    sign-ins, sign-outs, session expiry and account locks (hotline.accounts.audit.AccessKind).

    Never a password: `username` is the account's own name, blank when what was typed names no
    account (it may have been a password typed in the wrong field). A failed sign-in keeps the
    address and user agent it came from.
    """

    id: Serial  # Piccolo adds it; declared for type checkers

    at = Timestamptz(index=True)
    kind = Varchar(length=30)
    staff = ForeignKey(User, null=True, on_delete=OnDelete.restrict, index=True)
    username = Varchar(length=80, default="")
    address = Varchar(length=64, default="")
    user_agent = Varchar(length=300, default="")
    data = JSON(default={})
