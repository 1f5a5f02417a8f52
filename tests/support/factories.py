"""Small keyword-only factories for test data, written through the real tables and services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import count

from hotline import clock
from hotline.directory.tables import Agency, Calendar, Category, Region, RoutingRule, SlaPolicy
from hotline.tickets.channels import Channel
from hotline.tickets.drafts import ReportDraft, ReporterDraft
from hotline.tickets.events import ActorType
from hotline.tickets.privacy import Privacy
from hotline.tickets.service import Actor, CreatedReport, create_report

STAFF = Actor(ActorType.STAFF, None, "test officer")
WEEKDAYS_8_TO_16 = {str(d): [["08:00", "16:00"]] for d in range(5)}
_seq = count(1)


async def make_calendar(*, timezone: str = "Asia/Jakarta", hours: dict | None = None) -> int:
    rows = await Calendar.insert(
        Calendar(
            name=f"cal-{next(_seq)}", timezone=timezone, working_hours=hours or WEEKDAYS_8_TO_16
        )
    ).returning(Calendar.id)
    return int(rows[0]["id"])


async def make_agency(
    *,
    code: str,
    calendar: int,
    central: bool = False,
    supervisor_email: str = "",
    supervisor_phone: str = "",
    head_email: str = "",
    name: str = "",
) -> int:
    rows = await Agency.insert(
        Agency(
            code=code,
            name=name or f"Agency {code}",
            calendar=calendar,
            is_central=central,
            supervisor_email=supervisor_email,
            supervisor_phone=supervisor_phone,
            head_email=head_email,
        )
    ).returning(Agency.id)
    return int(rows[0]["id"])


async def make_region(*, code: str, name: str = "", level: str = "kecamatan") -> int:
    rows = await Region.insert(Region(code=code, name=name or code, level=level)).returning(
        Region.id
    )
    return int(rows[0]["id"])


async def make_category(*, code: str, urgent: bool = False, policy: str | None = None) -> int:
    policy_id = None
    if policy:
        rows = await SlaPolicy.insert(
            SlaPolicy(name=f"policy-{next(_seq)}", resolution=policy)
        ).returning(SlaPolicy.id)
        policy_id = rows[0]["id"]
    rows = await Category.insert(
        Category(service_code=code, name_id=code, name_en=code, urgent=urgent, sla_policy=policy_id)
    ).returning(Category.id)
    return int(rows[0]["id"])


async def make_rule(
    *, category: int, agency: int, region: int | None = None, confident: bool = False
) -> int:
    rows = await RoutingRule.insert(
        RoutingRule(
            category=category,
            agency=agency,
            region=region,
            confident=confident,
            updated_at=clock.now(),
        )
    ).returning(RoutingRule.id)
    return int(rows[0]["id"])


@dataclass
class Directory:
    calendar: int
    central: int
    pupr: int
    dinkes: int
    road: int
    region: int


async def make_directory() -> Directory:
    """A central unit, two agencies, a road category routed (not confidently) to PUPR."""
    cal = await make_calendar()
    central = await make_agency(
        code="ULP",
        calendar=cal,
        central=True,
        supervisor_email="ulp@example.go.id",
        head_email="kepala.ulp@example.go.id",
    )
    pupr = await make_agency(
        code="DPUPR",
        calendar=cal,
        supervisor_email="sup@dpupr.example.go.id",
        supervisor_phone="+6281100000001",
        head_email="kadis@dpupr.example.go.id",
        name="Dinas PUPR",
    )
    dinkes = await make_agency(
        code="DINKES", calendar=cal, supervisor_email="sup@dinkes.example.go.id"
    )
    region = await make_region(code="33.07.01", name="Wadaslintang")
    road = await make_category(code="JALAN-RUSAK")
    await make_rule(category=road, agency=pupr)
    return Directory(cal, central, pupr, dinkes, road, region)


def at(year: int, month: int, day: int, hour: int = 3, minute: int = 0) -> datetime:
    """A UTC instant (03:00 UTC is 10:00 WIB)."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def freeze(instant: datetime) -> None:
    clock.set_clock(lambda: instant)


async def file_report(
    *,
    category: str | None = "JALAN-RUSAK",
    region: str | None = "33.07.01",
    channel: Channel = Channel.WEB,
    privacy: Privacy = Privacy.PUBLIK,
    name: str = "Siti Rahayu",
    phone: str = "0812 3456 7890",
    email: str = "siti@example.com",
    description: str = "Jalan berlubang besar di depan pasar, berbahaya bagi motor.",
    locale: str = "id",
    sms_consent: bool = True,
) -> CreatedReport:
    return await create_report(
        ReportDraft(
            channel=channel,
            description=description,
            category_code=category,
            region_code=region,
            privacy=privacy,
            reporter=ReporterDraft(
                name=name, phone=phone, email=email, locale=locale, sms_consent=sms_consent
            ),
        )
    )
