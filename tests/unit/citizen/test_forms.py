"""The /lapor form to a draft: every problem named, beside the field it belongs to."""

from __future__ import annotations

import pytest

from hotline.citizen.forms import LaporForm, new_nonce, on_page, to_draft
from hotline.errors import FieldError, ValidationFailed
from hotline.tickets.channels import Channel
from hotline.tickets.privacy import Privacy

VILLAGES = {
    "33.07.01": frozenset({"33.07.01.2001", "33.07.01.2002"}),
    "33.07.09": frozenset({"33.07.09.1002"}),
}
GOOD = {
    "nonce": "n" * 32,
    "category": "JALAN-RUSAK",
    "kecamatan": "33.07.01",
    "desa": "33.07.01.2001",
    "description": "  Jalan berlubang besar di depan pasar.  ",
    "privacy": "publik",
    "name": "Siti",
    "phone": "0812 3456 7890",
    "latitude": "-7,602",
    "longitude": "109.787",
    "consent": "1",
    "sms_consent": "1",
}


def _errors(data: dict[str, str]) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as failed:
        to_draft(LaporForm.from_post(data), locale="en", villages_of=VILLAGES)
    return failed.value.as_dict("en")


def test_a_good_form_becomes_a_web_draft() -> None:
    draft = to_draft(LaporForm.from_post(GOOD), locale="id", villages_of=VILLAGES)
    assert draft.channel is Channel.WEB and draft.privacy is Privacy.PUBLIK
    assert draft.region_code == "33.07.01.2001"  # the desa, the most precise area
    assert draft.description == "Jalan berlubang besar di depan pasar."
    assert (draft.latitude, draft.longitude) == (-7.602, 109.787)  # a decimal comma is fine
    assert draft.reporter.phone == "+6281234567890" and draft.reporter.sms_consent
    assert draft.reporter.locale == "id"


def test_without_a_desa_the_kecamatan_is_the_area() -> None:
    draft = to_draft(LaporForm.from_post({**GOOD, "desa": ""}), locale="id", villages_of=VILLAGES)
    assert draft.region_code == "33.07.01"


def test_every_problem_is_named_at_once() -> None:
    errors = _errors({"nonce": "n" * 32, "description": "short", "latitude": "abc"})
    assert errors == {
        "category": "Choose what the report is about.",
        "location": "The coordinates are not numbers; clear them or fix them.",
        "description": "Describe the problem in at least 10 characters.",
        "privacy": "Choose who may see your report.",
        "consent": "Agree to the processing of your data so that we can handle the report.",
    }


def test_a_desa_must_be_in_the_chosen_kecamatan() -> None:
    assert _errors({**GOOD, "desa": "33.07.09.1002"}) == {
        "desa": "Choose a desa of the kecamatan you chose."
    }
    assert _errors({**GOOD, "kecamatan": "99.99.99", "desa": ""}) == {
        "kecamatan": "This kecamatan is not in our list."
    }


def test_a_public_report_needs_a_name_and_a_contact() -> None:
    errors = _errors({**GOOD, "name": "", "phone": ""})
    assert errors == {
        "name": "A public report needs your name.",
        "contact": "A public report needs a phone number or an e-mail.",
    }
    anonymous = {**GOOD, "privacy": "anonim", "phone": "", "name": "Siti"}
    draft = to_draft(LaporForm.from_post(anonymous), locale="id", villages_of=VILLAGES)
    # Nobody to reach: a name alone is not kept.
    assert draft.reporter.name == "" and not draft.reporter.has_contact


def test_one_coordinate_without_the_other_is_an_error() -> None:
    assert "location" in _errors({**GOOD, "longitude": ""})


def test_errors_are_placed_in_page_order_one_per_field() -> None:
    placed = on_page(
        [
            FieldError("consent", "c"),
            FieldError("latitude", "lat"),
            FieldError("longitude", "lon"),
            FieldError("region", "r"),
            FieldError("category", "cat"),
        ]
    )
    assert [(e.field, e.message) for e in placed] == [
        ("category", "cat"),
        ("kecamatan", "r"),
        ("location", "lat"),
        ("consent", "c"),
    ]


def test_nonces() -> None:
    assert LaporForm(nonce=new_nonce()).nonce_ok()
    assert not LaporForm(nonce="short").nonce_ok()
    assert not LaporForm(nonce="x" * 30 + "<script>").nonce_ok()
    assert new_nonce() != new_nonce()
    assert LaporForm.from_post({"website": "spam"}).honeypot == "spam"
