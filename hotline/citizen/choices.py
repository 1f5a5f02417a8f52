"""What the citizen picks from: categories by group, kecamatan and their desa, agencies.

Read from the directory on every page so an admin's change shows at once; these are small
tables (tens of categories, a few hundred regions) read through their indexes.
"""

from __future__ import annotations

from dataclasses import dataclass

from hotline.directory.tables import Agency, Category, Region

KECAMATAN = "kecamatan"
VILLAGE_LEVELS = ("desa", "kelurahan")


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    hint: str = ""


@dataclass(frozen=True)
class Group:
    label: str
    options: list[Option]


async def category_groups(locale: str) -> list[Group]:
    rows = (
        await Category.select(
            Category.service_code,
            Category.name_id,
            Category.name_en,
            Category.description_id,
            Category.description_en,
            Category.group_id,
            Category.group_en,
        )
        .where(Category.active.eq(True))
        .order_by(Category.group_id)
        .order_by(Category.name_id)
    )
    en = locale == "en"
    groups: dict[str, list[Option]] = {}
    for r in rows:
        group = (r["group_en"] if en else r["group_id"]) or r["group_id"] or ""
        label = (r["name_en"] if en else r["name_id"]) or r["name_id"]
        hint = (r["description_en"] if en else r["description_id"]) or ""
        groups.setdefault(group, []).append(Option(r["service_code"], label, hint))
    return [Group(label, options) for label, options in groups.items()]


async def kecamatan() -> list[Option]:
    rows = (
        await Region.select(Region.code, Region.name)
        .where((Region.level == KECAMATAN) & Region.active.eq(True))
        .order_by(Region.name)
    )
    return [Option(r["code"], r["name"]) for r in rows]


async def villages_by_kecamatan() -> list[Group]:
    """Every active desa/kelurahan, grouped under its kecamatan (value: "kecamatan code")."""
    rows = (
        await Region.select(Region.code, Region.name, Region.parent.code, Region.parent.name)
        .where(Region.level.is_in(list(VILLAGE_LEVELS)) & Region.active.eq(True))
        .order_by(Region.parent.name)
        .order_by(Region.name)
    )
    groups: dict[tuple[str, str], list[Option]] = {}
    for r in rows:
        key = (r["parent.code"] or "", r["parent.name"] or "")
        groups.setdefault(key, []).append(Option(r["code"], r["name"], hint=key[0]))
    return [Group(name, options) for (_, name), options in groups.items()]


async def agencies() -> list[Option]:
    rows = (
        await Agency.select(Agency.code, Agency.name)
        .where(Agency.active.eq(True) & Agency.is_central.eq(False))
        .order_by(Agency.name)
    )
    return [Option(r["code"], r["name"]) for r in rows]
