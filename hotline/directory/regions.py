"""Loading the Kemendagri region list (kode,nama,tingkat,kode_induk) into the directory."""

from __future__ import annotations

import csv
from pathlib import Path

from hotline.db.tx import transaction
from hotline.directory.tables import Region

LEVELS = {"provinsi", "kabupaten", "kota", "kecamatan", "desa", "kelurahan"}


class RegionFileError(ValueError):
    pass


def read_regions(path: Path) -> list[dict[str, str]]:
    rows = []
    with path.open(newline="", encoding="utf-8") as fh:
        for line_no, row in enumerate(csv.DictReader(fh), start=2):
            code, name, level = row.get("kode", ""), row.get("nama", ""), row.get("tingkat", "")
            parent = row.get("kode_induk") or ""
            if not code or not name or level not in LEVELS:
                raise RegionFileError(f"{path}:{line_no}: needs kode, nama and a known tingkat")
            if parent and not code.startswith(parent + "."):
                raise RegionFileError(f"{path}:{line_no}: {code} is not inside {parent}")
            rows.append({"code": code, "name": name, "level": level, "parent": parent})
    return rows


async def load_regions(path: Path) -> int:
    """Insert the regions not yet known (parents before children); returns how many were added."""
    rows = sorted(read_regions(path), key=lambda r: r["code"].count("."))
    added = 0
    async with transaction():
        known = {r["code"]: r["id"] for r in await Region.select(Region.code, Region.id)}
        for r in rows:
            if r["code"] in known:
                continue
            parent_id = known.get(r["parent"]) if r["parent"] else None
            if r["parent"] and parent_id is None:
                raise RegionFileError(f"{r['code']}: parent {r['parent']} is missing")
            result = await Region.insert(
                Region(code=r["code"], name=r["name"], level=r["level"], parent=parent_id)
            ).returning(Region.id)
            known[r["code"]] = result[0]["id"]
            added += 1
    return added
