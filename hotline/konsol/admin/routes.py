"""The admin pages: a list, a form and a change history for each kind of record."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template

from hotline.directory.tables import AdminChange, Agency, CalendarOverride
from hotline.errors import FieldError, NotFound, ValidationFailed
from hotline.i18n import N_
from hotline.konsol.access import Perm, Staff
from hotline.konsol.admin import operator_page, service
from hotline.konsol.admin.access_history import access_history
from hotline.konsol.admin.entities import ENTITIES, Entity
from hotline.konsol.admin.fields import show
from hotline.konsol.auth import allow
from hotline.konsol.common import form_data, render, see_other, to_int
from hotline.web.locale import request_locale

ADMIN = [allow(Perm.ADMIN)]
PAGE = 100


def _entity(slug: str) -> Entity:
    if slug not in ENTITIES:
        raise NotFound(N_("Not found."))
    return ENTITIES[slug]


@get("/admin", guards=ADMIN)
async def admin_home(request: Request[Any, Any, Any], staff: Staff) -> Template:
    changes = await AdminChange.select().order_by(AdminChange.id, ascending=False).limit(20)
    return render(
        request,
        staff,
        "admin/home.html",
        title=N_("Administration"),
        entities=ENTITIES,
        changes=changes,
    )


@get("/admin/perubahan", guards=ADMIN)
async def history(request: Request[Any, Any, Any], staff: Staff) -> Template:
    page = to_int(request.query_params.get("page")) or 1
    changes = (
        await AdminChange.select()
        .order_by(AdminChange.id, ascending=False)
        .limit(PAGE)
        .offset((page - 1) * PAGE)
        .output(load_json=True)
    )
    return render(
        request, staff, "admin/history.html", title=N_("Change history"), changes=changes, page=page
    )


@get("/admin/{slug:str}", guards=ADMIN)
async def listing(request: Request[Any, Any, Any], staff: Staff, slug: str) -> Template:
    entity = _entity(slug)
    page = to_int(request.query_params.get("page")) or 1
    pk = entity.table._meta.primary_key
    # A list column that refers to another record shows that record's name, not its number.
    labels = {
        c: dict(await f.options())
        for c in entity.columns
        for f in entity.fields
        if f.name == c and f.kind == "select" and f.options is not None
    }
    rows = (
        await entity.table.select(exclude_secrets=True)
        .order_by(pk)
        .limit(PAGE)
        .offset((page - 1) * PAGE)
        .output(load_json=True)
    )
    return render(
        request,
        staff,
        "admin/list.html",
        title=entity.label,
        entity=entity,
        rows=rows,
        labels=labels,
        page=page,
        more=len(rows) == PAGE,
        new_key=request.query_params.get("key"),
    )


async def _form(
    request: Request[Any, Any, Any],
    staff: Staff,
    entity: Entity,
    item_id: int | None,
    values: dict[str, str],
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    options = {f.name: await f.options() for f in entity.fields if f.options is not None}
    overrides = (
        await CalendarOverride.select()
        .where(CalendarOverride.calendar == item_id)
        .order_by(CalendarOverride.day)
        if entity.slug == "calendars" and item_id is not None
        else []
    )
    return render(
        request,
        staff,
        "admin/form.html",
        status_code=status_code,
        title=entity.label,
        entity=entity,
        item_id=item_id,
        values=values,
        options=options,
        errors=errors or {},
        overrides=overrides,
    )


@get("/admin/{slug:str}/baru", guards=ADMIN)
async def new_form(request: Request[Any, Any, Any], staff: Staff, slug: str) -> Template:
    entity = _entity(slug)
    defaults = {f.name: "on" for f in entity.fields if f.kind == "bool" and f.name == "active"}
    return await _form(request, staff, entity, None, defaults)


@get("/admin/{slug:str}/{item_id:int}", guards=ADMIN)
async def edit_form(
    request: Request[Any, Any, Any], staff: Staff, slug: str, item_id: int
) -> Template:
    entity = _entity(slug)
    pk = entity.table._meta.primary_key
    row = (
        await entity.table.select(exclude_secrets=True)
        .where(pk == item_id)
        .output(load_json=True)
        .first()
    )
    if row is None:
        raise NotFound(N_("Not found."))
    values = {}
    for f in entity.fields:
        if f.kind == "bool":
            if row.get(f.name):
                values[f.name] = "on"
        elif f.name in row and f.name != "password":
            values[f.name] = show(f, row[f.name])
    if slug == "users" and row.get("agency"):
        agency = await Agency.select(Agency.code).where(Agency.id == row["agency"]).first()
        values["agency"] = agency["code"] if agency else ""
    return await _form(request, staff, entity, item_id, values)


async def _submit(
    request: Request[Any, Any, Any], staff: Staff, slug: str, item_id: int | None
) -> Template | Redirect:
    entity = _entity(slug)
    data = await form_data(request)
    try:
        if slug == "apikeys" and item_id is None:
            rpm = to_int(data.get("requests_per_minute")) or 60
            new = await service.create_api_key(data.get("name", ""), rpm, actor=staff.username)
            # The key is shown once, on the next page, and never stored in clear.
            return render(request, staff, "admin/apikey.html", title=entity.label, key=new.key)
        if slug == "apikeys":
            raise ValidationFailed(
                [
                    FieldError(
                        "name", N_("An API key cannot be changed; revoke it and make a new one.")
                    )
                ]
            )
        saved = await service.save(entity, item_id, data, actor=staff.username)
    except ValidationFailed as exc:
        values = {k: v for k, v in data.items() if k != "password"}
        return await _form(
            request, staff, entity, item_id, values, exc.as_dict(request_locale(request)), 400
        )
    return see_other(f"/konsol/admin/{slug}/{saved}?ok=1")


@post("/admin/{slug:str}/baru", guards=ADMIN)
async def create(request: Request[Any, Any, Any], staff: Staff, slug: str) -> Template | Redirect:
    return await _submit(request, staff, slug, None)


@post("/admin/{slug:str}/{item_id:int}", guards=ADMIN)
async def update(
    request: Request[Any, Any, Any], staff: Staff, slug: str, item_id: int
) -> Template | Redirect:
    return await _submit(request, staff, slug, item_id)


@post("/admin/cabut-kunci/{item_id:int}", guards=ADMIN)
async def revoke(staff: Staff, item_id: int) -> Redirect:
    await service.revoke_api_key(item_id, actor=staff.username)
    return see_other("/konsol/admin/apikeys")


@post("/admin/{slug:str}/{item_id:int}/hapus", guards=ADMIN)
async def remove(staff: Staff, slug: str, item_id: int) -> Redirect:
    await service.remove(_entity(slug), item_id, actor=staff.username)
    return see_other(f"/konsol/admin/{slug}?ok=1")


async def _calendar_error(
    request: Request[Any, Any, Any], staff: Staff, calendar_id: int, message: str
) -> Template:
    values = await _calendar_values(calendar_id)
    errors = ValidationFailed([FieldError("day", message)]).as_dict(request_locale(request))
    return await _form(request, staff, ENTITIES["calendars"], calendar_id, values, errors, 400)


async def _calendar_values(calendar_id: int) -> dict[str, str]:
    """The calendar's own fields, so the page re-shown with a date error keeps them."""
    entity = ENTITIES["calendars"]
    pk = entity.table._meta.primary_key
    row = await entity.table.select().where(pk == calendar_id).output(load_json=True).first()
    if row is None:
        raise NotFound(N_("Not found."))
    return {f.name: show(f, row[f.name]) for f in entity.fields if f.name in row}


@post("/admin/hari-kalender/{item_id:int}", guards=ADMIN)
async def calendar_day(
    request: Request[Any, Any, Any], staff: Staff, item_id: int
) -> Template | Redirect:
    data = await form_data(request)
    try:
        day = date.fromisoformat(data.get("day", ""))
    except ValueError:
        return await _calendar_error(request, staff, item_id, N_("Enter a date as YYYY-MM-DD."))
    await service.set_day(
        item_id,
        day,
        is_working=data.get("is_working") is not None,
        note=data.get("note", "").strip()[:200],
        actor=staff.username,
    )
    return see_other(f"/konsol/admin/calendars/{item_id}?ok=1")


@post("/admin/hapus-hari-kalender/{item_id:int}", guards=ADMIN)
async def calendar_day_remove(
    request: Request[Any, Any, Any], staff: Staff, item_id: int
) -> Template | Redirect:
    """The admin's date goes; the day follows the national calendar again."""
    data = await form_data(request)
    try:
        day = date.fromisoformat(data.get("day", ""))
    except ValueError:
        return await _calendar_error(request, staff, item_id, N_("Enter a date as YYYY-MM-DD."))
    removed = await service.remove_day(item_id, day, actor=staff.username)
    if removed is None:
        return await _calendar_error(
            request,
            staff,
            item_id,
            N_("This calendar has no holiday or extra working day of its own on that date."),
        )
    return see_other(f"/konsol/admin/calendars/{item_id}?ok=1")


ROUTES = [
    *operator_page.ROUTES,  # before {slug}: /admin/penyelenggara is not an entity
    admin_home,
    access_history,
    history,
    listing,
    new_form,
    edit_form,
    create,
    update,
    revoke,
    remove,
    calendar_day,
    calendar_day_remove,
]
