"""The month's satisfaction section and its public view (the small-count rule)."""

from __future__ import annotations

from hotline.satisfaction.index import Totals
from hotline.satisfaction.monthly import NO_AGENCY, protect, section

KEYS = [f"u{n}" for n in range(1, 10)]


def _totals(respondents: int, value: int) -> Totals:
    return Totals(
        respondents, dict.fromkeys(KEYS, respondents * value), dict.fromkeys(KEYS, respondents)
    )


def test_the_section_adds_agencies_up_to_the_service() -> None:
    got = section({1: _totals(10, 4), 2: _totals(10, 2), None: _totals(5, 3)}, {1: "A1", 2: "B2"})
    assert got["service"]["respondents"] == 25
    assert got["service"]["ikm"] == 75.0  # (40 + 20 + 15) / 25 = 3 per element
    assert list(got["by_agency"]) == sorted(["A1", "B2", NO_AGENCY])
    assert got["by_agency"]["A1"]["ikm"] == 100.0 and got["by_agency"]["A1"]["band"] == "A"
    assert got["method"] == "PermenPAN-RB 14/2017" and got["small_sample_below"] == 30


def test_few_respondents_withhold_the_index_and_one_more_to_protect_it() -> None:
    got = section({1: _totals(3, 4), 2: _totals(40, 2), 3: _totals(6, 3)}, {1: "A", 2: "B", 3: "C"})
    public = protect(got, 5)
    assert public["by_agency"]["A"] == {
        "respondents": 3, "ikm": None, "band": None, "small_sample": True,
        "nrr": {}, "answers": {}, "withheld": True,
    }  # fmt: skip
    # Only A withheld would let the service's totals give it back: the smallest other goes too.
    assert public["by_agency"]["C"]["withheld"] and public["by_agency"]["C"]["ikm"] is None
    assert public["by_agency"]["B"]["withheld"] is False and public["by_agency"]["B"]["ikm"] == 50.0
    assert not public["by_agency"]["B"]["small_sample"]
    assert public["service"] == got["service"] and public["withheld_below"] == 5
    assert got["by_agency"]["A"]["ikm"] == 100.0  # the stored figures are not changed


def test_two_withheld_agencies_need_no_third() -> None:
    got = section({1: _totals(2, 4), 2: _totals(3, 2), 3: _totals(6, 3)}, {1: "A", 2: "B", 3: "C"})
    public = protect(got, 5)
    assert [c for c, a in public["by_agency"].items() if a["withheld"]] == ["A", "B"]
