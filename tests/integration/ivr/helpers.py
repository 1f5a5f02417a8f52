"""The directory a call needs (categories with IVR keys, kecamatan, a central unit) and a way to
read back what a call left in the database."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from hotline.directory.tables import Category
from hotline.ivr.config import get_config
from hotline.ivr.tables import IvrCall
from hotline.tickets.tables import Ticket
from tests.support.factories import make_category, make_directory, make_region

AUTH_TOKEN = "test-twilio-auth-token-0123456789"
PUBLIC_URL = os.environ["HOTLINE_PUBLIC_URL"]  # what the servers check signatures with
# The tests' own spool (never the project's var/): the servers and this process share it, and a
# module that leaves anything in it had a webhook fail (see `no_spooled_requests`).
SPOOL = Path(tempfile.mkdtemp(prefix="hotline-ivr-spool-"))
os.environ["HOTLINE_IVR_SPOOL_DIR"] = str(SPOOL)
get_config.cache_clear()
ALWAYS_OPEN = {
    "HOTLINE_IVR_SPOOL_DIR": str(SPOOL),
    "HOTLINE_TWILIO_AUTH_TOKEN": AUTH_TOKEN,
    "HOTLINE_IVR_SERVICE_HOURS": "Mon-Sun 00:00-24:00",
    "HOTLINE_IVR_HOLIDAYS": "",
}


async def phone_directory() -> None:
    """Roads on key 1 (routed to DPUPR), water on key 2; kecamatan Wadaslintang and Kertek."""
    await make_directory()
    await make_region(code="33.07.08", name="Kertek")
    await make_category(code="AIR-MATI")
    await Category.update(
        {Category.ivr_key: "1", Category.name_id: "jalan rusak", Category.name_en: "a damaged road"}
    ).where(Category.service_code == "JALAN-RUSAK")
    await Category.update(
        {
            Category.ivr_key: "2",
            Category.name_id: "air bersih mati",
            Category.name_en: "no tap water",
        }
    ).where(Category.service_code == "AIR-MATI")


async def call_row(sid: str) -> dict[str, Any]:
    row = await IvrCall.select().where(IvrCall.call_sid == sid).output(load_json=True).first()
    assert row is not None
    return row


async def tickets() -> list[dict[str, Any]]:
    return list(await Ticket.select().order_by(Ticket.id).output(load_json=True))


def assert_nothing_spooled() -> None:
    """Every webhook of the module was answered from the database: none fell back to the spool."""
    left = [p.name for p in SPOOL.rglob("*.json")]
    assert not left, f"webhooks failed and were spooled: {left}"
