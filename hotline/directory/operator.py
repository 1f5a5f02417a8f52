"""Who runs the service, and how a citizen reaches it (issue 17): the operator's configuration.

One row (`ServiceOperator`), set by an admin in the console, read by every page's header and
footer, the receipt, the messages to reporters, the phone line's welcome, the monthly PDF and
Open311's discovery. A citizen trusts a government service they can recognise.

Reads go through a small cache in the process (`current()`, refreshed after `TTL` by the
project clock, dropped at once by `save()` in this process), so a page costs no query for it;
with several processes another one sees a change within `TTL`. When the database is away the
last value read is kept. Nothing configured is `FALLBACK`: the generic texts, and the hotline
number of `HOTLINE_TWILIO_NUMBER`.

Validation is pure (`read_form`, `check_logo`); `save()` writes the row and its AdminChange
record in one transaction.
"""

from __future__ import annotations

import base64
import hashlib
import io
import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from babel.dates import get_day_names

from hotline import clock, phones
from hotline.db.availability import database_unavailable
from hotline.db.tx import transaction
from hotline.directory import changes
from hotline.directory.tables import ServiceOperator
from hotline.errors import FieldError, ValidationFailed
from hotline.i18n import N_, t
from hotline.settings import get_settings

log = logging.getLogger("hotline.directory")

TTL = timedelta(seconds=30)
MAX_GOVERNMENT = 120
MAX_UNIT = 160
MAX_ADDRESS = 240
MAX_APPROVER_NAME = 120
MAX_APPROVER_POSITION = 160
MAX_LOGO_BYTES = 200 * 1024
MAX_LOGO_PIXELS = 2048  # per side, for a PNG
PNG = "image/png"
SVG = "image/svg+xml"
WEEKDAYS = range(7)  # 0 is Monday, as in Python and the calendars
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")  # 07:30, 7.30

Hours = dict[int, tuple[str, str]]  # weekday -> ("07:30", "16:00")


@dataclass(frozen=True)
class Operator:
    """The configured operator, or FALLBACK (`configured` False) when there is none."""

    government: str = ""
    unit: str = ""
    hotline_phone: str = ""  # E.164, HOTLINE_TWILIO_NUMBER when none is set
    message_phone: str = ""
    address: str = ""
    hours: Hours = field(default_factory=dict)
    approver_name: str = ""
    approver_position: str = ""
    logo: bytes | None = None
    logo_type: str = ""
    logo_sha256: str = ""
    configured: bool = False

    @property
    def hotline_display(self) -> str:
        return phones.as_dialled(self.hotline_phone)

    @property
    def message_display(self) -> str:
        return phones.as_dialled(self.message_phone)

    @property
    def logo_url(self) -> str:
        # The hash in the URL: a new logo is a new address, so the old one may be cached long.
        return f"/penyelenggara/logo?v={self.logo_sha256[:16]}" if self.logo else ""

    @property
    def logo_data_url(self) -> str:
        """The logo inline, for the PDF (whose renderer fetches no address)."""
        if not self.logo:
            return ""
        return f"data:{self.logo_type};base64,{base64.b64encode(self.logo).decode('ascii')}"

    def name(self, locale: str) -> str:
        """Who runs the service, in a sentence: the government's name, or the generic words."""
        return self.government or t(locale, N_("the regency government"))

    def hours_text(self, locale: str) -> str:
        return describe_hours(self.hours, locale)

    def contact_line(self, locale: str) -> str:
        """One line for a message's end: "Pemerintah Kabupaten Wonosobo, hotline (0286) 321000"."""
        if not self.configured:
            return ""
        if self.hotline_phone:
            return t(
                locale,
                N_("{government}, hotline {phone}"),
                government=self.government,
                phone=self.hotline_display,
            )
        return self.government

    def letterhead(self, locale: str) -> list[str]:
        """The lines that sign an e-mail: name, unit, address, numbers, hours."""
        if not self.configured:
            return []
        lines = [self.government, self.unit]
        if self.address:
            lines.append(self.address)
        if self.hotline_phone:
            lines.append(t(locale, N_("Hotline: {phone}"), phone=self.hotline_display))
        if self.message_phone:
            lines.append(t(locale, N_("WhatsApp/SMS: {phone}"), phone=self.message_display))
        if self.hours:
            lines.append(t(locale, N_("Service hours: {hours}"), hours=self.hours_text(locale)))
        return lines


FALLBACK = Operator()


def _clock_text(hhmm: str, locale: str) -> str:
    # Indonesian writes 07.30, English 07:30.
    return hhmm.replace(":", ".") if locale == "id" else hhmm


def describe_hours(hours: Mapping[int, tuple[str, str]], locale: str) -> str:
    """ "Senin–Jumat 07.30–16.00": consecutive days with the same hours as one range."""
    names = get_day_names("wide", locale=locale)  # 0 is Monday
    parts: list[str] = []
    day = 0
    while day < 7:
        if day not in hours:
            day += 1
            continue
        last = day
        while last + 1 < 7 and hours.get(last + 1) == hours[day]:
            last += 1
        days = names[day] if last == day else f"{names[day]}–{names[last]}"
        opens, closes = hours[day]
        parts.append(f"{days} {_clock_text(opens, locale)}–{_clock_text(closes, locale)}")
        day = last + 1
    return ", ".join(parts)


def hours_from_json(value: Any) -> Hours:
    if not isinstance(value, dict):
        return {}
    return {
        int(k): (str(v[0]), str(v[1]))
        for k, v in value.items()
        if str(k).isdigit() and isinstance(v, list | tuple) and len(v) == 2
    }


def hours_to_json(hours: Hours) -> dict[str, list[str]]:
    return {str(day): [opens, closes] for day, (opens, closes) in sorted(hours.items())}


# --- validation (pure) -----------------------------------------------------------------------


def _text(
    data: Mapping[str, str], name: str, limit: int, errors: list[FieldError], *, required: bool
) -> str:
    value = " ".join((data.get(name) or "").split())
    if required and not value:
        errors.append(FieldError(name, N_("This field is required.")))
    elif len(value) > limit:
        errors.append(
            FieldError(name, N_("Write at most {limit} characters."), {"limit": str(limit)})
        )
    return value


def _phone(data: Mapping[str, str], name: str, errors: list[FieldError]) -> str:
    text = (data.get(name) or "").strip()
    if not text:
        return ""
    e164 = phones.to_e164(text)
    if not e164:
        errors.append(
            FieldError(
                name,
                N_("Enter a phone number such as (0286) 321000, 0812 3456 7890 or +62 286 321000."),
            )
        )
        return ""
    return e164


def _hours(data: Mapping[str, str], errors: list[FieldError]) -> Hours:
    hours: Hours = {}
    for day in WEEKDAYS:
        opens = (data.get(f"open_{day}") or "").strip()
        closes = (data.get(f"close_{day}") or "").strip()
        if not opens and not closes:
            continue
        a, b = _TIME.match(opens), _TIME.match(closes)
        if a is None or b is None:
            errors.append(
                FieldError(f"open_{day}", N_("Write both times as HH:MM, for example 07:30."))
            )
            continue
        opens, closes = f"{int(a[1]):02}:{a[2]}", f"{int(b[1]):02}:{b[2]}"
        if opens >= closes:
            errors.append(
                FieldError(f"open_{day}", N_("The closing time must be after the opening time."))
            )
            continue
        hours[day] = (opens, closes)
    return hours


def read_form(data: Mapping[str, str]) -> dict[str, Any]:
    """The operator's values from a submitted form, checked and normalised (numbers in E.164);
    raises ValidationFailed listing every problem."""
    errors: list[FieldError] = []
    values: dict[str, Any] = {
        "government": _text(data, "government", MAX_GOVERNMENT, errors, required=True),
        "unit": _text(data, "unit", MAX_UNIT, errors, required=True),
        "hotline_phone": _phone(data, "hotline_phone", errors),
        "message_phone": _phone(data, "message_phone", errors),
        "address": _text(data, "address", MAX_ADDRESS, errors, required=False),
        "hours": hours_to_json(_hours(data, errors)),
        "approver_name": _text(data, "approver_name", MAX_APPROVER_NAME, errors, required=False),
        "approver_position": _text(
            data, "approver_position", MAX_APPROVER_POSITION, errors, required=False
        ),
    }
    if errors:
        raise ValidationFailed(errors)
    return values


_SVG_NS = "{http://www.w3.org/2000/svg}"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# What an image needs; anything that runs code or reaches outside the file is refused.
_SVG_REFUSED = {"script", "foreignObject", "iframe", "embed", "object", "audio", "video"}


_URL = re.compile(r"url\(\s*['\"]?([^)'\"]*)", re.IGNORECASE)


def _outside_url(text: str) -> bool:
    """Whether CSS text points anywhere but inside the file (`url(#gradient)` is inside)."""
    return any(not target.strip().startswith("#") for target in _URL.findall(text))


def _svg_problem(data: bytes) -> bool:
    """True when `data` is not a self-contained SVG image (scripts, events, outside links)."""
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        return True  # no entities: nothing to expand, nothing to fetch
    try:
        root = ET.fromstring(data)  # noqa: S314 (no DOCTYPE or ENTITY got this far)
    except ET.ParseError:
        return True
    if root.tag != f"{_SVG_NS}svg":
        return True
    for element in root.iter():
        local = str(element.tag).rpartition("}")[2]
        if local in _SVG_REFUSED:
            return True
        for name, value in element.attrib.items():
            attribute = name.rpartition("}")[2].lower()
            if attribute.startswith("on"):
                return True
            if (name == _XLINK_HREF or attribute == "href") and not value.startswith("#"):
                return True
            if _outside_url(value):
                return True
        text = element.text or ""
        if local == "style" and ("@import" in text or _outside_url(text)):
            return True
    return False


def check_logo(data: bytes) -> str:
    """The logo's media type (PNG or SVG, judged from its bytes, never its name); raises
    ValidationFailed on anything else, too large, or an SVG that is more than a picture."""
    if len(data) > MAX_LOGO_BYTES:
        raise ValidationFailed(
            [
                FieldError(
                    "logo",
                    N_("The logo may be at most {size} KB."),
                    {"size": str(MAX_LOGO_BYTES // 1024)},
                )
            ]
        )
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
                width, height = image.size
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            pass
        else:
            if max(width, height) <= MAX_LOGO_PIXELS:
                return PNG
    elif data.lstrip()[:1] == b"<" and not _svg_problem(data):
        return SVG
    raise ValidationFailed(
        [
            FieldError(
                "logo",
                N_(
                    "The logo must be a PNG image (at most {pixels} pixels a side) or an SVG "
                    "image without scripts or outside links."
                ),
                {"pixels": str(MAX_LOGO_PIXELS)},
            )
        ]
    )


# --- reading, with the cache -----------------------------------------------------------------

_cached: tuple[datetime, Operator] | None = None


def _from_row(row: Mapping[str, Any] | None) -> Operator:
    twilio = get_settings().twilio_number
    if row is None:
        return replace(FALLBACK, hotline_phone=twilio)
    logo = row.get("logo")
    return Operator(
        government=row["government"],
        unit=row["unit"],
        hotline_phone=row["hotline_phone"] or twilio,
        message_phone=row["message_phone"],
        address=row["address"],
        hours=hours_from_json(row["hours"]),
        approver_name=row["approver_name"],
        approver_position=row["approver_position"],
        logo=bytes(logo) if logo else None,
        logo_type=row["logo_type"],
        logo_sha256=row["logo_sha256"],
        configured=True,
    )


async def _row() -> dict[str, Any] | None:
    row: dict[str, Any] | None = (
        await ServiceOperator.select().order_by(ServiceOperator.id).output(load_json=True).first()
    )
    return row


async def load() -> Operator:
    """The operator as stored now (no cache)."""
    return _from_row(await _row())


async def current() -> Operator:
    """The operator, from the cache when it is younger than TTL; the last value read (or the
    fallback) when the database is away."""
    global _cached
    now = clock.now()
    if _cached is not None and timedelta(0) <= now - _cached[0] < TTL:
        return _cached[1]
    try:
        found = await load()
    except Exception as exc:
        if not database_unavailable(exc):
            raise
        log.warning("operator not read (database away); keeping the last one")
        return cached()
    _cached = (now, found)
    return found


def cached() -> Operator:
    """What `current()` last read, without waiting (templates); the fallback before that."""
    return _cached[1] if _cached is not None else _from_row(None)


def invalidate() -> None:
    global _cached
    _cached = None


def _audit(row: Mapping[str, Any] | None) -> dict[str, Any]:
    # The logo's bytes stay out of the change record; its hash says which one it was.
    if row is None:
        return {}
    return {
        k: (v.isoformat() if isinstance(v, datetime) else v)
        for k, v in row.items()
        if k not in ("logo", "id")
    }


async def save(
    values: Mapping[str, Any],
    *,
    actor: str,
    logo: bytes | None = None,
    remove_logo: bool = False,
) -> Operator:
    """Store the operator (`values` from read_form; `logo` checked by check_logo), recording
    the change; the cache of this process is dropped."""
    columns: dict[str, Any] = dict(values)
    if logo is not None:
        columns.update(
            logo=logo, logo_type=check_logo(logo), logo_sha256=hashlib.sha256(logo).hexdigest()
        )
    elif remove_logo:
        columns.update(logo=None, logo_type="", logo_sha256="")
    async with transaction():
        before = await _row()
        columns["updated_at"] = clock.now()
        if before is None:
            await ServiceOperator.insert(ServiceOperator(**columns))
        else:
            await ServiceOperator.update(
                {getattr(ServiceOperator, k): v for k, v in columns.items()}
            ).where(ServiceOperator.id == before["id"])
        after = await _row()
        await changes.record(
            actor,
            "operator",
            str(columns.get("government") or ""),
            "create" if before is None else "update",
            {"before": _audit(before), "after": _audit(after)},
        )
    invalidate()
    return _from_row(after)
