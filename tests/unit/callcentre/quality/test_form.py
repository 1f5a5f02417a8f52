"""The evaluation form file: the shipped one loads, and every rule of a form is enforced with a
message naming what is wrong; its texts are extracted for translation and translated."""

from __future__ import annotations

import copy
import io
from typing import Any

import pytest
import yaml

from hotline.callcentre.quality.form import FORMS_DIR, FormError, extract, load, parse
from hotline.ivr.loader import catalog_msgids


def shipped() -> dict[str, Any]:
    data = yaml.safe_load((FORMS_DIR / "standar.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_the_shipped_form_loads_with_weights_making_100_and_two_auto_fail_items() -> None:
    form = load("standar")
    assert form.key == "standar@1"
    assert sum(s.weight for s in form.sections) == 100
    assert {i.id for _, i in form.items() if i.auto_fail} == {"identity_revealed", "false_promise"}


def test_every_text_of_the_form_is_in_the_catalog_and_translated_to_indonesian() -> None:
    known = catalog_msgids()
    texts = set(load("standar").texts())
    assert texts <= known["id"], texts - known["id"]
    extracted = {
        m
        for _, _, m, _ in extract(
            io.BytesIO((FORMS_DIR / "standar.yaml").read_bytes()), None, None, None
        )
    }
    assert extracted == texts


def broken(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(shipped())
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["sections"][0].update(weight=16), "weights must add up to 100"),
        (lambda d: d["sections"][1].update(id="opening"), "duplicate section id opening"),
        (
            lambda d: d["sections"][1]["items"][0].update(id="greeting"),
            "duplicate item id greeting",
        ),
        (lambda d: d["sections"][0]["items"][0].update(points=0), "`points` must be more than 0"),
        (lambda d: d["sections"][0]["items"][0].update(points=True), "`points` must be a int"),
        (lambda d: d["sections"][0]["items"][0].update(comment="sometimes"), "`comment` must be"),
        (lambda d: d["sections"][4]["items"][0].update(auto_fail=False), "weight 0 but items"),
        (lambda d: d.update(pass_score=101), "`pass_score` must be between"),
        (lambda d: d["sections"][0].update(items=[]), "has no items"),
        (lambda d: d.pop("version"), "`version` must be a int"),
    ],
)
def test_a_broken_form_is_refused_naming_the_problem(change: Any, message: str) -> None:
    with pytest.raises(FormError, match=message):
        parse(broken(change), "standar.yaml")


def test_a_form_whose_weighted_items_all_allow_na_is_refused() -> None:
    def all_na(d: dict[str, Any]) -> None:
        for s in d["sections"]:
            for i in s["items"]:
                i["na"] = True

    with pytest.raises(FormError, match="allows N/A"):
        parse(broken(all_na))


def test_an_unknown_form_is_refused() -> None:
    with pytest.raises(FormError):
        load("../etc/passwd")
