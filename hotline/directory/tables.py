"""Reference data tables. Rows referred to by tickets are deactivated, never deleted."""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    Boolean,
    Bytea,
    Date,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.table import Table


class Region(Table):
    """An administrative area with its Kemendagri code, e.g. 33.07.01.2001 (a desa).

    The code carries the hierarchy (each level adds a dotted part), so "is inside" is a prefix
    test and "more specific" is "more parts".
    """

    id: Serial  # Piccolo adds it; declared for type checkers

    code = Varchar(length=20, unique=True, index=True)
    name = Varchar(length=120)
    level = Varchar(length=12)  # provinsi | kabupaten | kota | kecamatan | desa | kelurahan
    parent: ForeignKey[Region] = ForeignKey("self", null=True, on_delete=OnDelete.restrict)
    active = Boolean(default=True)


class Calendar(Table):
    """Working hours per weekday, a time zone and which holidays apply. See hotline.sla."""

    id: Serial  # Piccolo adds it; declared for type checkers

    name = Varchar(length=80, unique=True)
    timezone = Varchar(length=40, default="Asia/Jakarta")
    # {"0": [["08:00", "16:00"]], ...}: weekday (0 = Monday) to working intervals.
    working_hours = JSON()
    day_minutes = Integer(default=480)
    holiday_categories = Varchar(length=60, default="public,government")


class CalendarOverride(Table):
    """A date an admin adds as a holiday (regional holiday) or declares a working day."""

    id: Serial  # Piccolo adds it; declared for type checkers

    calendar = ForeignKey(Calendar, on_delete=OnDelete.cascade, index=True)
    day = Date()
    is_working = Boolean(default=False)
    note = Varchar(length=200, default="")
    created_by = Varchar(length=80, default="")
    created_at = Timestamptz()


class Agency(Table):
    """An instansi / OPD that handles complaints. One agency is the central hotline unit."""

    id: Serial  # Piccolo adds it; declared for type checkers

    code = Varchar(length=40, unique=True, index=True)
    name = Varchar(length=200)
    short_name = Varchar(length=60, default="")
    parent: ForeignKey[Agency] = ForeignKey("self", null=True, on_delete=OnDelete.restrict)
    calendar = ForeignKey(Calendar, on_delete=OnDelete.restrict)
    is_central = Boolean(default=False)
    # Internal oversight (the Inspektorat): where complaints about staff conduct go (pungli,
    # maladministrasi), so an agency never handles a complaint about itself.
    is_oversight = Boolean(default=False)
    supervisor_email = Varchar(length=200, default="")
    supervisor_phone = Varchar(length=20, default="")
    head_email = Varchar(length=200, default="")
    head_phone = Varchar(length=20, default="")
    active = Boolean(default=True)


class SlaPolicy(Table):
    """Clock durations, e.g. "3 working_days" or "24 calendar_hours" (hotline.sla.policy.Duration).

    A policy applies to a category, optionally only for one agency; the most specific wins.
    """

    id: Serial  # Piccolo adds it; declared for type checkers

    name = Varchar(length=120, unique=True)
    verification = Varchar(length=40, default="3 working_days")
    first_response = Varchar(length=40, default="5 working_days")
    resolution = Varchar(length=40, default="14 working_days")
    auto_close = Varchar(length=40, default="10 working_days")
    active = Boolean(default=True)


class Category(Table):
    """What a complaint is about; its service_code is the Open311 service code."""

    id: Serial  # Piccolo adds it; declared for type checkers

    service_code = Varchar(length=40, unique=True, index=True)
    name_id = Varchar(length=160)
    name_en = Varchar(length=160)
    description_id = Text(default="")
    description_en = Text(default="")
    group_id = Varchar(length=120, default="")
    group_en = Varchar(length=120, default="")
    sla_policy = ForeignKey(SlaPolicy, null=True, on_delete=OnDelete.restrict)
    urgent = Boolean(default=False)
    default_privacy = Varchar(length=10, default="publik")
    ivr_key = Varchar(length=1, null=True, default=None)
    # Open311 service definition attributes: [{"code": ..., "datatype": ..., ...}]
    attributes = JSON(default=[])
    keywords = Text(default="")
    active = Boolean(default=True)


class AgencySlaPolicy(Table):
    """Where one agency handles a category under a policy that differs from the category's."""

    id: Serial  # Piccolo adds it; declared for type checkers

    category = ForeignKey(Category, on_delete=OnDelete.cascade)
    agency = ForeignKey(Agency, on_delete=OnDelete.cascade)
    sla_policy = ForeignKey(SlaPolicy, on_delete=OnDelete.restrict)


class RoutingRule(Table):
    """Category + region -> agency. No region means "anywhere"; the most specific region wins.

    A `confident` rule dispatches a new report directly, skipping manual verification.
    """

    id: Serial  # Piccolo adds it; declared for type checkers

    category = ForeignKey(Category, on_delete=OnDelete.restrict, index=True)
    region = ForeignKey(Region, null=True, on_delete=OnDelete.restrict)
    agency = ForeignKey(Agency, on_delete=OnDelete.restrict)
    confident = Boolean(default=False)
    active = Boolean(default=True)
    note = Varchar(length=200, default="")
    updated_at = Timestamptz()


class AdminChange(Table):
    """Who changed which reference record, when, and what it was before (admin audit trail)."""

    id: Serial  # Piccolo adds it; declared for type checkers

    at = Timestamptz(index=True)
    actor = Varchar(length=80)
    entity = Varchar(length=40)
    entity_key = Varchar(length=80)
    action = Varchar(length=20)
    data = JSON(default={})


class ServiceOperator(Table, tablename="service_operator"):
    """Who runs the service and how a citizen reaches it: one row, edited by an admin
    (hotline/directory/operator.py). No row means nothing is configured: the generic texts."""

    id: Serial  # Piccolo adds it; declared for type checkers

    government = Varchar(length=120)  # "Pemerintah Kabupaten Wonosobo"
    unit = Varchar(length=160)  # the unit that runs the hotline
    hotline_phone = Varchar(length=20, default="")  # E.164; empty: HOTLINE_TWILIO_NUMBER
    message_phone = Varchar(length=20, default="")  # WhatsApp/SMS, E.164, when there is one
    address = Varchar(length=240, default="")
    hours = JSON(default={})  # {"0": ["07:30", "16:00"], ...}, 0 is Monday
    approver_name = Varchar(length=120, default="")  # signs the monthly report
    approver_position = Varchar(length=160, default="")
    logo = Bytea(null=True, default=None)
    logo_type = Varchar(length=20, default="")  # image/png or image/svg+xml
    logo_sha256 = Varchar(length=64, default="")
    updated_at = Timestamptz()
