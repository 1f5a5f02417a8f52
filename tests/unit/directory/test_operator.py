"""The operator's configuration, pure: what the admin's form accepts and refuses, which logos
are pictures and which are more, hours in words, and the lines a message ends with."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from hotline import phones
from hotline.directory import operator
from hotline.directory.operator import (
    FALLBACK,
    Operator,
    check_logo,
    describe_hours,
    read_form,
)
from hotline.errors import ValidationFailed
from hotline.tickets.messages import email_with_letterhead, sms_with_contact

FORM = {"government": "  Pemerintah   Kabupaten Wonosobo ", "unit": "Unit Layanan Pengaduan"}


def errors(data: dict[str, str]) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as raised:
        read_form(data)
    return {e.field: e.message for e in raised.value.errors}


def test_numbers_are_read_as_people_write_them_and_stored_in_e164() -> None:
    values = read_form(
        {**FORM, "hotline_phone": "(0286) 321000", "message_phone": "0812-2600-1234"}
    )
    assert values["hotline_phone"] == "+62286321000"
    assert values["message_phone"] == "+6281226001234"
    assert values["government"] == "Pemerintah Kabupaten Wonosobo"  # spaces tidied
    assert phones.as_dialled(values["hotline_phone"]) == "(0286) 321000"


@pytest.mark.parametrize("number", ["12345", "0286-32", "telepon kami", "+1 555"])
def test_a_number_that_is_not_one_is_refused_with_an_example(number: str) -> None:
    assert "(0286) 321000" in errors({**FORM, "hotline_phone": number})["hotline_phone"]


def test_names_are_required_and_bounded_and_every_problem_is_listed() -> None:
    found = errors(
        {
            "government": "",
            "unit": "x" * (operator.MAX_UNIT + 1),
            "address": "y" * (operator.MAX_ADDRESS + 1),
            "message_phone": "99",
        }
    )
    assert set(found) == {"government", "unit", "address", "message_phone"}


def test_hours_are_a_pair_per_day_the_close_after_the_open() -> None:
    values = read_form({**FORM, "open_0": "7.30", "close_0": "16:00", "open_5": "", "close_5": ""})
    assert values["hours"] == {"0": ["07:30", "16:00"]}
    assert set(errors({**FORM, "open_1": "16:00", "close_1": "08:00"})) == {"open_1"}
    assert set(errors({**FORM, "open_2": "07:30"})) == {"open_2"}  # no closing time
    assert set(errors({**FORM, "open_3": "25:00", "close_3": "26:00"})) == {"open_3"}


def test_hours_in_words_group_the_days_alike() -> None:
    weekdays = {d: ("07:30", "16:00") for d in range(4)} | {4: ("07:30", "11:00")}
    assert describe_hours(weekdays, "id") == "Senin–Kamis 07.30–16.00, Jumat 07.30–11.00"
    assert describe_hours({0: ("08:00", "12:00")}, "en") == "Monday 08:00–12:00"
    assert describe_hours({}, "id") == ""


def _png(size: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (size, size)).save(out, format="PNG")
    return out.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><circle r="4"/></svg>'
GRADIENT = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><defs><linearGradient id="g"/></defs>'
    b'<rect fill="url(#g)" style="fill: url( \'#g\')"/></svg>'
)


def test_a_png_or_a_plain_svg_is_a_logo() -> None:
    assert check_logo(_png(16)) == "image/png"
    assert check_logo(SVG) == "image/svg+xml"
    assert check_logo(GRADIENT) == "image/svg+xml"  # a reference inside the file is fine


@pytest.mark.parametrize(
    "data",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
        b'<image x:href="https://example.com/a.png"/></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://e.x/a)"/></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(#g)" style="x:URL( //e.x/a)"/>'
        b"</svg>",
        b'<svg xmlns="http://www.w3.org/2000/svg"><style>rect{fill:url("http://e.x")}</style></svg>',
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
        b"<html><body>not a picture</body></html>",
        b"GIF89a not accepted",
        b"\x89PNG\r\n\x1a\n but broken",
    ],
)
def test_anything_else_is_refused(data: bytes) -> None:
    with pytest.raises(ValidationFailed):
        check_logo(data)


def test_a_logo_too_large_or_too_many_pixels_is_refused() -> None:
    with pytest.raises(ValidationFailed):
        check_logo(SVG + b" " * operator.MAX_LOGO_BYTES)
    with pytest.raises(ValidationFailed):
        check_logo(_png(operator.MAX_LOGO_PIXELS + 1))


WONOSOBO = Operator(
    government="Pemerintah Kabupaten Wonosobo",
    unit="Unit Layanan Pengaduan",
    hotline_phone="+62286321000",
    address="Jl. Sumbing No. 2",
    hours={0: ("07:30", "16:00")},
    configured=True,
)


def test_messages_end_with_the_operator_and_the_number() -> None:
    sms = sms_with_contact("Hotline: laporan diterima.", WONOSOBO.contact_line("id"))
    assert sms == "Hotline: laporan diterima. Pemerintah Kabupaten Wonosobo, hotline (0286) 321000"
    email = email_with_letterhead("Isi.", WONOSOBO.letterhead("id"))
    assert email == (
        "Isi.\n\n-- \nPemerintah Kabupaten Wonosobo\nUnit Layanan Pengaduan\nJl. Sumbing No. 2\n"
        "Hotline: (0286) 321000\nJam layanan: Senin 07.30–16.00"
    )


def test_nothing_configured_leaves_the_messages_as_they_were() -> None:
    assert sms_with_contact("Teks.", FALLBACK.contact_line("id")) == "Teks."
    assert email_with_letterhead("Teks.", FALLBACK.letterhead("id")) == "Teks."
    assert FALLBACK.name("id") == "pemerintah kabupaten"
