"""The /lapor form: from posted fields to a ReportDraft, with every problem named (pure).

The core (`hotline.tickets.drafts.validate`) decides what a valid report is; this module adds
what only the web form has (consent, the privacy choice, desa inside kecamatan, coordinates
typed as text) and says beside which field of the page each problem belongs.
"""

from __future__ import annotations

import math
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from hotline.errors import FieldError, ValidationFailed
from hotline.i18n import N_
from hotline.tickets.channels import Channel
from hotline.tickets.drafts import ReportDraft, ReporterDraft, validate
from hotline.tickets.privacy import Privacy

_NONCE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
HONEYPOT = "website"

# Where each problem the core reports is shown on the page (the core names its own fields).
FIELD_OF = {
    "region": "kecamatan",
    "latitude": "location",
    "longitude": "location",
}
# The order of the fields on the page, which is the order of the error summary.
FIELD_ORDER = (
    "category",
    "kecamatan",
    "desa",
    "location",
    "description",
    "files",
    "privacy",
    "name",
    "contact",
    "phone",
    "email",
    "consent",
    "form",
)


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class LaporForm:
    """What the citizen typed, kept as typed so a rejected form shows it again."""

    nonce: str = ""
    category: str = ""
    kecamatan: str = ""
    desa: str = ""
    location: str = ""
    latitude: str = ""
    longitude: str = ""
    description: str = ""
    privacy: str = ""
    name: str = ""
    phone: str = ""
    email: str = ""
    sms_consent: bool = True
    send_pin: bool = True
    consent: bool = False
    honeypot: str = ""

    @classmethod
    def from_post(cls, data: Mapping[str, str]) -> LaporForm:
        text = {
            f.name: str(data.get(f.name, "") or "")
            for f in fields(cls)
            if f.type == "str" and f.name != "honeypot"
        }
        return cls(
            **text,
            sms_consent=data.get("sms_consent") == "1",
            send_pin=data.get("send_pin") == "1",
            consent=data.get("consent") == "1",
            honeypot=str(data.get(HONEYPOT, "") or ""),
        )

    def nonce_ok(self) -> bool:
        return bool(_NONCE.match(self.nonce))


def _coordinate(raw: str) -> float | str | None:
    """A typed coordinate: None when empty, the number, or "bad"."""
    raw = raw.strip().replace(",", ".")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        return "bad"
    return value if math.isfinite(value) else "bad"


def to_draft(
    form: LaporForm, *, locale: str, villages_of: Mapping[str, frozenset[str]]
) -> ReportDraft:
    """The draft to file, or ValidationFailed naming every problem with its field on the page.

    `villages_of` maps each kecamatan code to the codes of its desa and kelurahan.
    """
    errors: list[FieldError] = []
    if not form.consent:
        errors.append(
            FieldError(
                "consent",
                N_("Agree to the processing of your data so that we can handle the report."),
            )
        )
    privacy: Privacy | None
    try:
        privacy = Privacy(form.privacy)
    except ValueError:
        privacy = None
        errors.append(FieldError("privacy", N_("Choose who may see your report.")))
    if form.kecamatan and form.kecamatan not in villages_of:
        errors.append(FieldError("kecamatan", N_("This kecamatan is not in our list.")))
    elif form.desa and form.desa not in villages_of.get(form.kecamatan, frozenset()):
        errors.append(FieldError("desa", N_("Choose a desa of the kecamatan you chose.")))
    elif form.desa and not form.kecamatan:
        errors.append(FieldError("kecamatan", N_("Choose the kecamatan first.")))
    lat, lon = _coordinate(form.latitude), _coordinate(form.longitude)
    if lat == "bad" or lon == "bad" or (lat is None) != (lon is None):
        errors.append(
            FieldError("location", N_("The coordinates are not numbers; clear them or fix them."))
        )
        lat = lon = None
    draft = ReportDraft(
        channel=Channel.WEB,
        description=form.description,
        category_code=form.category or None,
        region_code=form.desa or form.kecamatan or None,
        location_text=form.location,
        latitude=lat if isinstance(lat, float) else None,
        longitude=lon if isinstance(lon, float) else None,
        # Checked above; a neutral level lets the core still check the other fields.
        privacy=privacy or Privacy.ANONIM,
        reporter=ReporterDraft(
            name=form.name,
            phone=form.phone,
            email=form.email,
            locale=locale,
            sms_consent=form.sms_consent,
        ),
        send_pin=form.send_pin,
    )
    try:
        draft = validate(draft)
    except ValidationFailed as failed:
        errors.extend(failed.errors)
    if errors:
        raise ValidationFailed(on_page(errors))
    if not draft.reporter.has_contact:
        # No phone and no e-mail: nothing to keep a name for (and nobody to reach).
        draft = replace(draft, reporter=replace(draft.reporter, name=""))
    return draft


def on_page(errors: list[FieldError]) -> list[FieldError]:
    """Errors moved to the field they are shown beside, one per field, in page order."""
    placed: dict[str, FieldError] = {}
    for e in errors:
        target = FIELD_OF.get(e.field, e.field)
        placed.setdefault(target, FieldError(target, e.message, e.params))
    rank = {name: i for i, name in enumerate(FIELD_ORDER)}
    return sorted(placed.values(), key=lambda e: rank.get(e.field, len(rank)))
