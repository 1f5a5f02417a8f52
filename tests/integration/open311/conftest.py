"""Open311 test set-up: one real `hotline serve` per module, and a small directory to file into.

The server reads the database the test writes (same HOTLINE_DATABASE_URL); every test starts
from an empty database (the autouse `db` fixture) and builds what it needs with `world`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import httpx
import pytest

from hotline.accounts.service import create_api_key
from hotline.directory.tables import Category
from tests.support.factories import (
    make_agency,
    make_calendar,
    make_category,
    make_region,
    make_rule,
)
from tests.support.live_server import live_server

ROAD_ATTRIBUTES = [
    {
        "code": "jenis_jalan",
        "datatype": "singlevaluelist",
        "required": False,
        "description": "Jalan apa yang rusak?",
        "order": 2,
        "values": [
            {"key": "kabupaten", "name": "Jalan kabupaten"},
            {"key": "desa", "name": "Jalan desa / lingkungan"},
        ],
    },
    {
        "code": "ukuran_lubang",
        "datatype": "singlevaluelist",
        "required": True,
        "description": "Seberapa besar kerusakannya?",
        "order": 1,
        "values": [
            {"key": "kecil", "name": "Kecil (kurang dari 30 cm)"},
            {"key": "besar", "name": "Besar (lebih dari 1 m)"},
        ],
    },
    {
        "code": "bahaya",
        "datatype": "multivaluelist",
        "required": False,
        "description": "Siapa yang terancam?",
        "order": 3,
        "values": [
            {"key": "motor", "name": "Pengendara motor"},
            {"key": "pejalan", "name": "Pejalan kaki"},
        ],
    },
    {
        "code": "lebar_m",
        "datatype": "number",
        "required": False,
        "description": "Lebar (m)",
        "order": 4,
    },
]


@dataclass
class World:
    api_key: str
    api_key_id: int
    central: int
    pupr: int
    road: int
    light: int
    region: int


async def make_world(*, requests_per_minute: int = 10_000) -> World:
    cal = await make_calendar()
    central = await make_agency(
        code="ULP", calendar=cal, central=True, name="Unit Layanan Pengaduan"
    )
    pupr = await make_agency(code="DPUPR", calendar=cal, name="Dinas PUPR")
    region = await make_region(code="33.07.01", name="Wadaslintang")
    road = await make_category(code="JALAN-RUSAK")
    await Category.update(
        {
            Category.name_id: "Jalan rusak atau berlubang",
            Category.name_en: "Damaged road or pothole",
            Category.description_id: "Jalan yang rusak atau berlubang.",
            Category.group_id: "Infrastruktur",
            Category.group_en: "Infrastructure",
            Category.keywords: "jalan aspal lubang",
            Category.attributes: ROAD_ATTRIBUTES,
        }
    ).where(Category.id == road)
    light = await make_category(code="PJU-MATI")
    await Category.update(
        {Category.name_id: "Lampu jalan mati", Category.name_en: "Street light out"}
    ).where(Category.id == light)
    retired = await make_category(code="LAMA")
    await Category.update({Category.active: False}).where(Category.id == retired)
    # A confident rule: road reports go straight to the public works agency.
    await make_rule(category=road, agency=pupr, confident=True)
    key = await create_api_key("aplikasi warga", requests_per_minute=requests_per_minute)
    return World(key.key, key.id, central, pupr, road, light, region)


@pytest.fixture
async def world() -> World:
    return await make_world()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    # Anonymous reads: a limit high enough that a module's tests never meet it.
    with live_server(HOTLINE_OPEN311_RATE_PER_MINUTE="100000") as base:
        yield base + "/open311/v2"


@pytest.fixture
async def api(server: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=server, timeout=30) as client:
        yield client
