"""Writing admin changes: one transaction per change, with its AdminChange record (who, when,
the values before and after). Passwords and API keys never enter the record."""

from __future__ import annotations

from typing import Any

from hotline import clock
from hotline.accounts import service as accounts
from hotline.accounts.roles import AGENCY_ROLES, Role
from hotline.accounts.tables import ApiKey, User
from hotline.db.tx import transaction
from hotline.directory.calendars import calendar_changed, remove_day, set_day
from hotline.directory.changes import record
from hotline.directory.tables import Agency, Region
from hotline.errors import FieldError, NotFound, ValidationFailed
from hotline.i18n import N_
from hotline.konsol.admin.entities import Entity
from hotline.konsol.admin.fields import Field, parse

__all__ = [
    "create_api_key",
    "record",
    "remove",
    "remove_day",
    "revoke_api_key",
    "save",
    "set_day",
]


async def _taken(entity: Entity, item_id: int | None, values: dict[str, Any]) -> bool:
    """True when another record already has these values (in these columns)."""
    table = entity.table
    query = table.exists()
    for name, value in values.items():
        query = query.where(getattr(table, name) == value)
    if item_id is not None:
        query = query.where(table._meta.primary_key != item_id)
    return bool(await query)


async def _read_field(
    entity: Entity, item_id: int | None, field: Field, data: dict[str, str]
) -> tuple[Any, FieldError | None]:
    allowed = None
    if field.kind == "select" and field.options is not None:
        allowed = {value for value, _ in await field.options()}
    value, error = parse(field, data.get(field.name), allowed)
    if (
        error is None
        and field.unique
        and value
        and await _taken(entity, item_id, {field.name: value})
    ):
        error = FieldError(field.name, N_("This value is already used."))
    return value, error


async def read_form(entity: Entity, item_id: int | None, data: dict[str, str]) -> dict[str, Any]:
    """The values of a submitted form, checked; raises ValidationFailed listing every problem."""
    values: dict[str, Any] = {}
    errors: list[FieldError] = []
    for field in entity.fields:
        if field.create_only and item_id is not None:
            continue
        if entity.slug == "users" and field.name == "password":
            continue  # handled by the account functions (hashing, minimum length)
        value, error = await _read_field(entity, item_id, field, data)
        if error:
            errors.append(error)
        else:
            values[field.name] = value
    together = {name: values[name] for name in entity.unique_together} if not errors else {}
    if together and await _taken(entity, item_id, together):
        errors.append(FieldError(entity.unique_together[-1], entity.unique_message))
    if errors:
        raise ValidationFailed(errors)
    return values


async def save(entity: Entity, item_id: int | None, data: dict[str, str], *, actor: str) -> int:
    if entity.slug == "users":
        return await _save_user(item_id, data, actor=actor)
    values = await read_form(entity, item_id, data)
    if entity.slug == "regions" and item_id is None:
        values["parent"] = await _parent_region(values["code"])
    table = entity.table
    pk = table._meta.primary_key
    async with transaction():
        if entity.stamp:
            values[entity.stamp] = clock.now()
        columns = {getattr(table, k): v for k, v in values.items()}
        if item_id is None:
            rows = await table.insert(table(**values)).returning(pk)
            item_id = int(rows[0]["id"])
            before: dict[str, Any] = {}
            action = "create"
        else:
            found = await table.select(exclude_secrets=True).where(pk == item_id).first()
            if found is None:
                raise NotFound(N_("Not found."))
            before = {k: found[k] for k in values if k != entity.stamp}
            await table.update(columns).where(pk == item_id)
            action = "update"
        if entity.check is not None:
            await entity.check()
        if entity.slug == "calendars" and action == "update":
            await calendar_changed(item_id)
        key = values.get(entity.key) if entity.key in values else None
        if key is None or entity.name is not None:
            current = await table.select(exclude_secrets=True).where(pk == item_id).first()
            key = current[entity.key] if current else item_id
            if current and entity.name is not None:
                key = await entity.name(current)
        after = {k: v for k, v in values.items() if k != entity.stamp}
        await record(actor, entity.slug, str(key), action, {"before": before, "after": after})
    return item_id


async def remove(entity: Entity, item_id: int, *, actor: str) -> None:
    """Remove a record nothing refers to; the change record keeps what it was."""
    if not entity.removable:
        raise NotFound(N_("Not found."))
    table = entity.table
    pk = table._meta.primary_key
    async with transaction():
        found = await table.select(exclude_secrets=True).where(pk == item_id).first()
        if found is None:
            raise NotFound(N_("Not found."))
        key = await entity.name(found) if entity.name is not None else found[entity.key]
        await table.delete().where(pk == item_id)
        before = {k: v for k, v in found.items() if k != "id"}
        await record(actor, entity.slug, str(key), "delete", {"before": before})


async def _parent_region(code: str) -> int | None:
    """A region's parent is the region whose Kemendagri code is its own minus the last part."""
    if "." not in code:
        return None
    row = await Region.select(Region.id).where(Region.code == code.rsplit(".", 1)[0]).first()
    return row["id"] if row else None


async def _save_user(user_id: int | None, data: dict[str, str], *, actor: str) -> int:
    password = data.get("password", "")
    agency_code = data.get("agency", "").strip() or None
    if user_id is None:
        async with transaction():
            user_id = await accounts.create_user(
                username=data.get("username", ""),
                password=password,
                role=data.get("role", ""),
                agency_code=agency_code,
                display_name=data.get("display_name", "").strip(),
                email=data.get("email", "").strip(),
            )
            await record(
                actor,
                "users",
                data.get("username", "").strip().lower(),
                "create",
                {"after": {"role": data.get("role"), "agency": agency_code}},
            )
        return user_id
    await update_user(
        user_id,
        actor=actor,
        role=data.get("role", ""),
        agency_code=agency_code,
        display_name=data.get("display_name", ""),
        email=data.get("email", ""),
        active=data.get("active") is not None,
        new_password=password,
    )
    return user_id


async def update_user(
    user_id: int,
    *,
    actor: str,
    role: str,
    agency_code: str | None,
    display_name: str,
    email: str,
    active: bool,
    new_password: str = "",
) -> None:
    """An admin's change to an account. Disabling takes effect on the user's next request
    (every console request reloads the account), so their open sessions end at once."""
    errors = []
    try:
        role_: Role | None = Role(role)
    except ValueError:
        errors.append(FieldError("role", N_("Choose a value from the list.")))
        role_ = None
    agency_id = None
    if agency_code:
        agency = await Agency.select(Agency.id).where(Agency.code == agency_code).first()
        if agency is None:
            errors.append(FieldError("agency", N_("Choose a value from the list.")))
        else:
            agency_id = agency["id"]
    elif role_ in AGENCY_ROLES:
        errors.append(FieldError("agency", N_("Officers and supervisors belong to an agency.")))
    if new_password and len(new_password) < accounts.MIN_PASSWORD:
        errors.append(
            FieldError(
                "password",
                N_("Use at least {n} characters."),
                {"n": accounts.MIN_PASSWORD},
            )
        )
    if errors:
        raise ValidationFailed(errors)
    assert role_ is not None
    async with transaction():
        before = (
            await User.select(
                User.username, User.role, User.agency, User.display_name, User.email, User.active
            )
            .where(User.id == user_id)
            .first()
        )
        if before is None:
            raise NotFound(N_("Not found."))
        changes: dict[Any, Any] = {
            User.role: role_.value,
            User.agency: agency_id if role_ in AGENCY_ROLES or agency_code else None,
            User.display_name: display_name.strip() or before["username"],
            User.email: email.strip(),
            User.active: active,
        }
        if new_password:
            changes[User.password_hash] = accounts.hash_password(new_password)
        await User.update(changes).where(User.id == user_id)
        after = {
            col._meta.name: value for col, value in changes.items() if col is not User.password_hash
        }
        after["password_changed"] = bool(new_password)
        username = before.pop("username")
        await record(actor, "users", username, "update", {"before": before, "after": after})
    if new_password:
        # After the commit: a lock lifted for a password that was then not saved would help
        # a guesser. The limiter lives in the store (Redis), outside the transaction.
        await accounts.lift_account_lock(username)


async def create_api_key(name: str, requests_per_minute: int, *, actor: str) -> accounts.NewApiKey:
    async with transaction():
        new = await accounts.create_api_key(name, requests_per_minute=requests_per_minute)
        await record(
            actor,
            "apikeys",
            new.key[: len(accounts.API_KEY_PREFIX) + 6],
            "create",
            {"after": {"name": name.strip(), "requests_per_minute": requests_per_minute}},
        )
    return new


async def revoke_api_key(key_id: int, *, actor: str) -> None:
    async with transaction():
        row = await ApiKey.select(ApiKey.name, ApiKey.prefix).where(ApiKey.id == key_id).first()
        if row is None:
            raise NotFound(N_("Not found."))
        await ApiKey.update({ApiKey.revoked_at: clock.now()}).where(
            (ApiKey.id == key_id) & ApiKey.revoked_at.is_null()
        )
        await record(actor, "apikeys", row["prefix"], "revoke", {"name": row["name"]})
