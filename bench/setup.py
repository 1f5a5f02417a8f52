"""A migrated database with a small directory, for the benchmarks."""

from __future__ import annotations

import contextlib
import io

from hotline import clock
from hotline.db.migrate import migrate
from hotline.directory.tables import Agency, Calendar, Category, Region, RoutingRule

HOURS = {str(d): [["08:00", "16:00"]] for d in range(5)}


async def prepare() -> int:
    """Migrate and create a central unit, one agency with contacts, one routed category.
    Returns the agency id."""
    with contextlib.redirect_stdout(io.StringIO()):
        await migrate()
    cal = await Calendar.insert(Calendar(name="WIB", working_hours=HOURS)).returning(Calendar.id)
    cid = cal[0]["id"]
    await Agency.insert(
        Agency(code="ULP", name="Unit Layanan Pengaduan", calendar=cid, is_central=True)
    )
    rows = await Agency.insert(
        Agency(
            code="DPUPR",
            name="Dinas PUPR",
            calendar=cid,
            supervisor_email="sup@dpupr.example.go.id",
            supervisor_phone="+6281100000001",
        )
    ).returning(Agency.id)
    agency = rows[0]["id"]
    region = await Region.insert(
        Region(code="33.07.01", name="Wadaslintang", level="kecamatan")
    ).returning(Region.id)
    cat = await Category.insert(
        Category(service_code="JALAN-RUSAK", name_id="Jalan rusak", name_en="Damaged road")
    ).returning(Category.id)
    await RoutingRule.insert(
        RoutingRule(
            category=cat[0]["id"], region=region[0]["id"], agency=agency, updated_at=clock.now()
        )
    )
    return int(agency)
