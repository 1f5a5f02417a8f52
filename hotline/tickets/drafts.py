"""A report as it arrives from any channel, and its validation (pure: no I/O).

Every channel (IVR, web form, Open311, operator) builds a ReportDraft and hands it to
`hotline.tickets.service.create_report`, so one set of rules decides what a valid report is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from hotline import phones
from hotline.errors import FieldError, ValidationFailed
from hotline.i18n import N_
from hotline.tickets.channels import CONVERSATIONAL, Channel
from hotline.tickets.privacy import Privacy

MAX_DESCRIPTION = 5000
MIN_DESCRIPTION = 10
# GeoReport v2 allows a service request's description up to 4,000 characters; a client that
# sends more is told so rather than having its text cut.
MAX_DESCRIPTION_BY_CHANNEL = {Channel.OPEN311: 4000}
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


@dataclass(frozen=True)
class ReporterDraft:
    name: str = ""
    phone: str = ""
    email: str = ""
    locale: str = "id"
    sms_consent: bool = True

    @property
    def has_contact(self) -> bool:
        return bool(self.phone or self.email)


@dataclass(frozen=True)
class ReportDraft:
    channel: Channel
    description: str = ""
    category_code: str | None = None
    region_code: str | None = None
    location_text: str = ""
    latitude: float | None = None
    longitude: float | None = None
    privacy: Privacy = Privacy.PUBLIK
    reporter: ReporterDraft = field(default_factory=ReporterDraft)
    title: str = ""
    # A phone report whose caller hung up before confirming: kept, flagged for the verifier.
    incomplete: bool = False
    # The reporter asked to receive the reference and PIN on their contact (web, Open311).
    send_pin: bool = False
    likely_prank: bool = False
    attributes: dict[str, str] = field(default_factory=dict)
    external_id: str = ""


def max_description(channel: Channel) -> int:
    return MAX_DESCRIPTION_BY_CHANNEL.get(channel, MAX_DESCRIPTION)


def validate(draft: ReportDraft) -> ReportDraft:
    """Return the draft with normalised fields, or raise ValidationFailed listing every problem."""
    description = draft.description.strip()
    phone = phones.to_e164(draft.reporter.phone)
    email = draft.reporter.email.strip().lower()
    name = draft.reporter.name.strip()
    errors = [
        *_content_errors(draft, description),
        *_reporter_errors(draft, name=name, phone=phone, email=email),
        *_place_errors(draft),
    ]
    if errors:
        raise ValidationFailed(errors)
    return replace(
        draft,
        description=description,
        location_text=draft.location_text.strip(),
        title=draft.title.strip()[:200],
        reporter=replace(draft.reporter, name=name, phone=phone or "", email=email),
    )


def _content_errors(draft: ReportDraft, description: str) -> list[FieldError]:
    errors: list[FieldError] = []
    # A phone report's content is its recording: the text may be empty. A report by message
    # (WhatsApp, SMS) is a conversation too: its flow asks for the text or a voice note itself
    # (hotline/messaging), and the verifier sets the category when the reporter could not.
    if draft.channel not in CONVERSATIONAL:
        if len(description) < MIN_DESCRIPTION:
            errors.append(
                FieldError(
                    "description",
                    N_("Describe the problem in at least {n} characters."),
                    {"n": MIN_DESCRIPTION},
                )
            )
        if not draft.category_code:
            errors.append(FieldError("category", N_("Choose what the report is about.")))
    longest = max_description(draft.channel)
    if len(description) > longest:
        errors.append(
            FieldError(
                "description",
                N_("The description is too long (at most {n} characters)."),
                {"n": longest},
            )
        )
    return errors


def _reporter_errors(
    draft: ReportDraft, *, name: str, phone: str | None, email: str
) -> list[FieldError]:
    """`phone` is normalised (None: not a valid number), `name` and `email` stripped."""
    errors: list[FieldError] = []
    if phone is None:
        errors.append(
            FieldError("phone", N_("This is not a valid phone number, e.g. 0812 3456 7890."))
        )
    if email and not _EMAIL.match(email):
        errors.append(FieldError("email", N_("This is not a valid e-mail address.")))
    if len(name) > 160:
        errors.append(FieldError("name", N_("The name is too long.")))
    # By phone or message the number is the contact, as on the phone line.
    if draft.privacy is Privacy.PUBLIK and draft.channel not in CONVERSATIONAL:
        if not name:
            errors.append(FieldError("name", N_("A public report needs your name.")))
        if not (phone or email):
            errors.append(
                FieldError("contact", N_("A public report needs a phone number or an e-mail."))
            )
    return errors


def _place_errors(draft: ReportDraft) -> list[FieldError]:
    errors: list[FieldError] = []
    if draft.latitude is not None and not -90 <= draft.latitude <= 90:
        errors.append(FieldError("latitude", N_("Latitude must be between -90 and 90.")))
    if draft.longitude is not None and not -180 <= draft.longitude <= 180:
        errors.append(FieldError("longitude", N_("Longitude must be between -180 and 180.")))
    if len(draft.location_text) > 500:
        errors.append(FieldError("location", N_("The location text is too long.")))
    return errors
