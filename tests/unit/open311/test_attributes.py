"""Service definitions from category data, and answers checked against them."""

from __future__ import annotations

from typing import Any

import pytest

from hotline.open311.attributes import answers, definition
from hotline.open311.errors import Open311Error

STORED: list[dict[str, Any]] = [
    {
        "code": "ukuran",
        "datatype": "singlevaluelist",
        "required": True,
        "order": 2,
        "values": [{"key": "kecil", "name": "Kecil"}, {"key": "besar", "name": "Besar"}],
    },
    {
        "code": "korban",
        "datatype": "multivaluelist",
        "required": False,
        "order": 1,
        "values": [{"key": "motor", "name": "Motor"}, {"key": "mobil", "name": "Mobil"}],
    },
    {"code": "lebar", "datatype": "number"},
    {"code": "sejak", "datatype": "datetime"},
    {"code": "catatan", "datatype": "text"},
    {"code": "info", "datatype": "string", "variable": False, "description": "Hanya informasi"},
    {"code": "aneh", "datatype": "gambar"},  # not a GeoReport datatype: not offered
]
ATTRIBUTES = definition(STORED)


def test_definition_is_ordered_and_keeps_only_spec_datatypes() -> None:
    assert [a.code for a in ATTRIBUTES] == ["korban", "ukuran", "catatan", "info", "lebar", "sejak"]
    assert ATTRIBUTES[1].required and ATTRIBUTES[1].variable
    assert not next(a for a in ATTRIBUTES if a.code == "info").variable
    assert next(a for a in ATTRIBUTES if a.code == "lebar").values == []


def test_valid_answers() -> None:
    form: dict[str, str | list[str]] = {
        "attribute[ukuran]": "besar",
        "attribute[korban][]": ["motor", "mobil"],
        "attribute[lebar]": "2.5",
        "attribute[sejak]": "2026-11-20T08:00:00+07:00",
        "service_code": "JALAN",
    }
    assert answers(ATTRIBUTES, form) == {
        "ukuran": "besar",
        "korban": "motor,mobil",
        "lebar": "2.5",
        "sejak": "2026-11-20T08:00:00+07:00",
    }


def test_every_problem_is_reported_at_once() -> None:
    form = {
        "attribute[korban]": "kereta",
        "attribute[lebar]": "dua",
        "attribute[sejak]": "kemarin",
        "attribute[catatan]": "x" * 2001,
        "attribute[warna]": "merah",
        "attribute[info]": "tidak diminta",
    }
    with pytest.raises(Open311Error) as caught:
        answers(ATTRIBUTES, form)
    assert caught.value.status == 400
    assert sorted(p.parameter for p in caught.value.problems) == [
        "attribute[catatan]",
        "attribute[info]",
        "attribute[korban]",
        "attribute[lebar]",
        "attribute[sejak]",
        "attribute[ukuran]",  # required and missing
        "attribute[warna]",
    ]


def test_a_single_value_list_takes_one_value() -> None:
    with pytest.raises(Open311Error) as caught:
        answers(ATTRIBUTES, {"attribute[ukuran][]": ["kecil", "besar"]})
    assert [p.parameter for p in caught.value.problems] == ["attribute[ukuran]"]
