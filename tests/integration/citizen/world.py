"""Test data for the citizen pages: the real Wonosobo regions and a small directory."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import httpx
from PIL import Image

from hotline import clock
from hotline.directory.regions import load_regions
from hotline.directory.tables import Agency, Calendar, Category, RoutingRule
from hotline.tickets.tables import Ticket

REGIONS = Path(__file__).resolve().parents[3] / "hotline/directory/data/wilayah-wonosobo.csv"
WEEKDAYS_8_TO_16 = {str(d): [["08:00", "16:00"]] for d in range(5)}


@dataclass
class World:
    central: int
    pupr: int
    dlh: int


async def _agency(code: str, name: str, calendar: int, *, central: bool = False) -> int:
    rows = await Agency.insert(
        Agency(code=code, name=name, calendar=calendar, is_central=central)
    ).returning(Agency.id)
    return int(rows[0]["id"])


async def _category(code: str, name_id: str, name_en: str, group_id: str, group_en: str) -> int:
    rows = await Category.insert(
        Category(
            service_code=code,
            name_id=name_id,
            name_en=name_en,
            group_id=group_id,
            group_en=group_en,
            description_id=f"Keterangan {name_id.lower()}.",
            description_en=f"About {name_en.lower()}.",
        )
    ).returning(Category.id)
    return int(rows[0]["id"])


async def wonosobo(*, confident: bool = False) -> World:
    """Regions of Wonosobo, a central unit, DPUPR (roads) and DLH (waste)."""
    await load_regions(REGIONS)
    rows = await Calendar.insert(
        Calendar(name="WIB", timezone="Asia/Jakarta", working_hours=WEEKDAYS_8_TO_16)
    ).returning(Calendar.id)
    cal = int(rows[0]["id"])
    central = await _agency("ULP", "Unit Layanan Pengaduan", cal, central=True)
    pupr = await _agency("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", cal)
    dlh = await _agency("DLH", "Dinas Lingkungan Hidup", cal)
    road = await _category(
        "JALAN-RUSAK",
        "Jalan rusak atau berlubang",
        "Damaged road",
        "Infrastruktur",
        "Infrastructure",
    )
    waste = await _category(
        "SAMPAH", "Sampah tidak diangkut", "Uncollected rubbish", "Lingkungan", "Environment"
    )
    for category, agency in ((road, pupr), (waste, dlh)):
        await RoutingRule.insert(
            RoutingRule(
                category=category, agency=agency, confident=confident, updated_at=clock.now()
            )
        )
    return World(central, pupr, dlh)


def jpeg_with_gps(size: tuple[int, int] = (64, 48)) -> bytes:
    """A JPEG carrying EXIF with a GPS position, a camera make/model and an orientation."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12 Pro"  # Model
    gps = exif.get_ifd(0x8825)
    gps[1] = "S"
    gps[2] = (7.0, 21.0, 36.0)
    gps[3] = "E"
    gps[4] = (109.0, 54.0, 11.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, f"no hidden field {name}"
    return found.group(1)


def errors_on(html: str) -> dict[str, str]:
    """The error shown beside each field: {field id: message}."""
    return dict(re.findall(r'class="error-text" id="([\w-]+)-error">[^:]*: ([^<]*)<', html))


class Citizen:
    """A browser-like HTTP client: keeps cookies, reads the CSRF token and nonce of forms."""

    def __init__(self, base: str, *, lang: str = "id") -> None:
        self.http = httpx.Client(
            base_url=base, headers={"Accept-Language": lang}, follow_redirects=False, timeout=30
        )

    def close(self) -> None:
        self.http.close()

    def form_fields(self, path: str) -> dict[str, str]:
        page = self.http.get(path)
        assert page.status_code == 200, page.text
        fields = {"_csrf_token": hidden(page.text, "_csrf_token")}
        if 'name="nonce"' in page.text:
            fields["nonce"] = hidden(page.text, "nonce")
        return fields

    def file_report(
        self,
        fields: dict[str, str] | None = None,
        files: list[tuple[str, bytes, str]] | None = None,
    ) -> httpx.Response:
        data = {
            **self.form_fields("/lapor"),
            "category": "JALAN-RUSAK",
            "kecamatan": "33.07.01",
            "desa": "",
            "description": "Jalan berlubang besar di depan pasar, berbahaya bagi motor.",
            "privacy": "anonim",
            "consent": "1",
            **(fields or {}),
        }
        upload = [("files", (name, content, kind)) for name, content, kind in files or []]
        return self.http.post("/lapor", data=data, files=upload or None)

    def receipt(self) -> tuple[str, str | None]:
        page = self.http.get("/lapor/terkirim")
        assert page.status_code == 200
        ref = re.search(r'<dd id="reference">(\d+)<', page.text)
        pin = re.search(r'<dd id="pin">(\d+)<', page.text)
        assert ref, page.text
        return ref.group(1), pin.group(1) if pin else None

    def sign_in(self, reference: str, pin: str) -> httpx.Response:
        fields = self.form_fields("/lacak")
        return self.http.post("/lacak", data={**fields, "reference": reference, "pin": pin})

    def post(self, path: str, data: dict[str, str], **kwargs: object) -> httpx.Response:
        fields = self.form_fields("/lacak")
        return self.http.post(path, data={**fields, **data}, **kwargs)  # type: ignore[arg-type]


async def ticket_by_reference(reference: str) -> dict:
    row = await Ticket.select().where(Ticket.reference == reference).first()
    assert row is not None
    return row
