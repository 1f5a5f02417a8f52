"""Report drafts: phone normalisation and the one set of validation rules for every channel."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline.errors import FieldError, ValidationFailed
from hotline.phones import to_e164
from hotline.tickets.channels import Channel
from hotline.tickets.drafts import (
    MAX_DESCRIPTION,
    MIN_DESCRIPTION,
    ReportDraft,
    ReporterDraft,
    max_description,
    validate,
)
from hotline.tickets.privacy import Privacy

E164 = "+6281234567890"
GOOD_TEXT = "Jalan berlubang di depan sekolah dasar, sudah dua minggu."


def draft(**overrides: object) -> ReportDraft:
    base: dict[str, object] = {
        "channel": Channel.WEB,
        "description": GOOD_TEXT,
        "category_code": "jalan",
        "privacy": Privacy.PUBLIK,
        "reporter": ReporterDraft(name="Siti Aminah", phone="0812-3456-7890"),
    }
    base.update(overrides)
    return ReportDraft(**base)  # type: ignore[arg-type]


def errors_of(d: ReportDraft) -> list[FieldError]:
    with pytest.raises(ValidationFailed) as info:
        validate(d)
    return info.value.errors


def fields_of(d: ReportDraft) -> set[str]:
    return {e.field for e in errors_of(d)}


# -- phone numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "0812-3456-7890",
        "081234567890",
        "0812 3456 7890",
        "+62 812 3456 7890",
        "+62-812-3456-7890",
        "6281234567890",
        "  +6281234567890  ",
    ],
)
def test_indonesian_mobile_formats_normalise_to_e164(raw: str) -> None:
    assert to_e164(raw) == E164


@pytest.mark.parametrize("raw", ["0812-3456-7890", "+62 812 3456 7890", "6281234567890"])
def test_validate_stores_the_normalised_phone(raw: str) -> None:
    out = validate(draft(reporter=ReporterDraft(name="Siti", phone=raw)))
    assert out.reporter.phone == E164


@pytest.mark.parametrize("raw", ["12345", "abc", "0812", "62", "+62 1", "0000000000000"])
def test_invalid_numbers_normalise_to_none(raw: str) -> None:
    assert to_e164(raw) is None


@pytest.mark.parametrize("raw", ["12345", "nomor saya", "0812"])
def test_invalid_number_is_a_phone_field_error(raw: str) -> None:
    d = draft(reporter=ReporterDraft(name="Siti", phone=raw, email="siti@example.id"))
    assert fields_of(d) == {"phone"}


def test_blank_phone_is_no_phone() -> None:
    assert to_e164("   ") == ""
    out = validate(draft(reporter=ReporterDraft(name="Siti", phone="  ", email="s@example.id")))
    assert out.reporter.phone == ""


# -- who must identify themselves ------------------------------------------------------------


@pytest.mark.parametrize("channel", [Channel.WEB, Channel.OPEN311, Channel.OPERATOR])
def test_public_report_needs_a_name(channel: Channel) -> None:
    d = draft(channel=channel, reporter=ReporterDraft(name="   ", phone="081234567890"))
    assert fields_of(d) == {"name"}


@pytest.mark.parametrize("channel", [Channel.WEB, Channel.OPEN311, Channel.OPERATOR])
def test_public_report_needs_a_contact(channel: Channel) -> None:
    d = draft(channel=channel, reporter=ReporterDraft(name="Siti"))
    assert fields_of(d) == {"contact"}


def test_public_report_with_only_an_email_is_fine() -> None:
    out = validate(draft(reporter=ReporterDraft(name="Siti", email="  Siti@Example.ID ")))
    assert out.reporter.email == "siti@example.id"
    assert out.reporter.phone == ""


@pytest.mark.parametrize("privacy", [Privacy.ANONIM, Privacy.RAHASIA])
def test_anonymous_and_confidential_reports_need_no_identity(privacy: Privacy) -> None:
    out = validate(draft(privacy=privacy, reporter=ReporterDraft()))
    assert out.reporter.name == ""


def test_phone_report_may_have_empty_description_and_no_category_or_name() -> None:
    d = ReportDraft(channel=Channel.TELEPON, reporter=ReporterDraft(phone="+62 812 3456 7890"))
    out = validate(d)
    assert out.description == ""
    assert out.reporter.phone == E164


def test_web_report_needs_description_and_category() -> None:
    d = draft(description="  rusak  ", category_code=None)
    assert fields_of(d) == {"description", "category"}


def test_description_of_exactly_min_length_is_enough() -> None:
    validate(draft(description="  " + "x" * MIN_DESCRIPTION + "  "))
    assert fields_of(draft(description="x" * (MIN_DESCRIPTION - 1))) == {"description"}


@pytest.mark.parametrize("channel", list(Channel))
def test_too_long_description_is_refused_on_every_channel(channel: Channel) -> None:
    # Each channel's own limit (GeoReport v2 allows 4,000 characters through Open311).
    limit = max_description(channel)
    assert limit == (4000 if channel is Channel.OPEN311 else MAX_DESCRIPTION)
    validate(draft(channel=channel, description="y" * limit))
    errs = errors_of(draft(channel=channel, description="y" * (limit + 1)))
    assert [e.field for e in errs] == ["description"]
    assert errs[0].params == {"n": limit}


def test_description_is_stripped_before_its_length_is_measured() -> None:
    out = validate(draft(description="\n  " + "z" * MAX_DESCRIPTION + "  \n"))
    assert out.description == "z" * MAX_DESCRIPTION


# -- coordinates -----------------------------------------------------------------------------


@pytest.mark.parametrize(("lat", "lon"), [(-90.0, -180.0), (90.0, 180.0), (-6.2, 106.8), (0, 0)])
def test_coordinates_within_bounds_pass(lat: float, lon: float) -> None:
    out = validate(draft(latitude=lat, longitude=lon))
    assert (out.latitude, out.longitude) == (lat, lon)


@pytest.mark.parametrize("lat", [-90.0001, 90.0001, 1e9, float("nan"), float("inf")])
def test_latitude_out_of_bounds(lat: float) -> None:
    assert fields_of(draft(latitude=lat, longitude=106.8)) == {"latitude"}


@pytest.mark.parametrize("lon", [-180.0001, 180.0001, -1e9, float("nan"), float("-inf")])
def test_longitude_out_of_bounds(lon: float) -> None:
    assert fields_of(draft(latitude=-6.2, longitude=lon)) == {"longitude"}


@settings(max_examples=200, deadline=None)
@given(st.floats(), st.floats())
def test_coordinates_accepted_iff_within_bounds(lat: float, lon: float) -> None:
    lat_ok = -90 <= lat <= 90
    lon_ok = -180 <= lon <= 180
    expected = {f for f, ok in (("latitude", lat_ok), ("longitude", lon_ok)) if not ok}
    d = draft(latitude=lat, longitude=lon)
    if expected:
        assert fields_of(d) == expected
    else:
        validate(d)


# -- all errors at once, and their messages ---------------------------------------------------


def _everything_wrong() -> ReportDraft:
    return ReportDraft(
        channel=Channel.WEB,
        description="x" * (MAX_DESCRIPTION + 1),
        category_code=None,
        privacy=Privacy.PUBLIK,
        reporter=ReporterDraft(name="", phone="123", email="not-an-email"),
        latitude=91.0,
        longitude=-181.0,
        location_text="l" * 501,
    )


def test_validation_failed_lists_every_problem_at_once() -> None:
    assert fields_of(_everything_wrong()) == {
        "description",
        "category",
        "phone",
        "email",
        "name",
        "latitude",
        "longitude",
        "location",
    }


def test_missing_description_and_contact_are_reported_together() -> None:
    d = ReportDraft(channel=Channel.WEB, privacy=Privacy.PUBLIK, reporter=ReporterDraft())
    assert fields_of(d) == {"description", "category", "name", "contact"}


def _all_error_samples() -> list[FieldError]:
    samples = errors_of(_everything_wrong())
    samples += errors_of(ReportDraft(channel=Channel.WEB, reporter=ReporterDraft()))
    samples += errors_of(draft(reporter=ReporterDraft(name="n" * 161, phone="081234567890")))
    return samples


def test_every_field_error_message_is_translatable_text() -> None:
    samples = _all_error_samples()
    assert {e.field for e in samples} >= {
        "description",
        "category",
        "phone",
        "email",
        "name",
        "contact",
        "latitude",
        "longitude",
        "location",
    }
    for err in samples:
        assert isinstance(err.message, str) and err.message.strip()
        for locale in ("id", "en"):
            text = err.localized(locale)
            assert text.strip()
            assert "{" not in text and "}" not in text, (err, locale, text)


def test_parametrised_messages_carry_their_number() -> None:
    short = errors_of(draft(description="pendek"))
    assert str(MIN_DESCRIPTION) in short[0].localized("en")
    assert str(MIN_DESCRIPTION) in short[0].localized("id")


def test_validation_failed_as_dict_has_one_message_per_field() -> None:
    with pytest.raises(ValidationFailed) as info:
        validate(_everything_wrong())
    as_dict = info.value.as_dict("id")
    assert set(as_dict) == {e.field for e in info.value.errors}
    assert all(v.strip() for v in as_dict.values())


def test_valid_draft_is_returned_normalised() -> None:
    out = validate(
        draft(
            description=f"  {GOOD_TEXT}  ",
            location_text="  Jl. Merdeka 1  ",
            title="  " + "t" * 250,
            reporter=ReporterDraft(name="  Siti  ", phone="+62 812 3456 7890", email=" A@B.CO "),
        )
    )
    assert out.description == GOOD_TEXT
    assert out.location_text == "Jl. Merdeka 1"
    assert out.title == "t" * 200
    assert out.reporter == ReporterDraft(name="Siti", phone=E164, email="a@b.co")
