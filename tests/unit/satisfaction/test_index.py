"""The satisfaction index as PermenPAN-RB 14/2017 prescribes it, on hand-computed data."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotline.satisfaction.elements import ELEMENTS, Element
from hotline.satisfaction.index import SMALL_SAMPLE, Band, Totals, band, compute, rounded

KEYS = [e.value for e in ELEMENTS]


def _all(value: int) -> dict[str, int | None]:
    return dict.fromkeys(KEYS, value)


def test_nine_elements_in_the_regulations_order() -> None:
    assert [f"u{n}" for n in range(1, 10)] == KEYS
    assert Element.U4.label == "Costs and fees" and Element.U8.scale[3] == "Handled well"


def test_the_regulations_worked_example_by_hand() -> None:
    # Three respondents. NRR per element by hand:
    # u1 (4+3+3)/3=3.333…, u2 (3+3+2)/3=2.667, u3 (2+2+2)/3=2, u4 (4+4+4)/3=4, u5 (3+3+3)/3=3,
    # u6 (4+4+3)/3=3.667, u7 (4+4+4)/3=4, u8 (3+2+2)/3=2.333, u9 (3+3+3)/3=3.
    # Σ NRR = 28; IKM unit = 28/9 = 3.1111; IKM = 77.78 → B (76.61–88.30).
    rows = [
        [4, 3, 2, 4, 3, 4, 4, 3, 3],
        [3, 3, 2, 4, 3, 4, 4, 2, 3],
        [3, 2, 2, 4, 3, 3, 4, 2, 3],
    ]
    index = compute([dict(zip(KEYS, r, strict=True)) for r in rows])
    assert index.respondents == 3
    assert index.nrr["u1"] == Fraction(10, 3) and index.nrr["u3"] == 2
    assert index.ikm == Fraction(28, 9) * 25
    assert rounded(index.ikm) == Decimal("77.78")
    assert index.band is Band.B and index.small_sample
    published = index.as_dict()
    assert published["ikm"] == 77.78 and published["band"] == "B"
    assert published["nrr"] == {
        "u1": 3.33, "u2": 2.67, "u3": 2.0, "u4": 4.0, "u5": 3.0,
        "u6": 3.67, "u7": 4.0, "u8": 2.33, "u9": 3.0,
    }  # fmt: skip


def test_an_unanswered_element_is_averaged_over_those_who_answered_it() -> None:
    # "Biaya" (u4) not applicable for one respondent: its NRR is the other's answer alone.
    first = {**_all(4), "u4": None}
    second = {**_all(2), "u4": 1}
    index = compute([first, second])
    assert index.nrr["u4"] == 1 and index.answers["u4"] == 1
    assert index.nrr["u1"] == 3 and index.answers["u1"] == 2
    # (8 × 3 + 1) / 9 × 25
    assert index.ikm == Fraction(25, 9) * 25


def test_an_element_nobody_answered_leaves_the_others_equally_weighted() -> None:
    index = compute([{**_all(4), "u4": None}, {**_all(3), "u4": None}])
    assert "u4" not in index.nrr
    assert index.ikm == Fraction(7, 2) * 25  # 87.5: the mean of eight NRRs of 3.5


def test_a_survey_with_no_answer_is_no_respondent() -> None:
    index = compute([dict.fromkeys(KEYS), _all(4)])
    assert index.respondents == 1 and index.ikm == 100 and index.band is Band.A
    empty = compute([])
    assert empty.respondents == 0 and empty.ikm is None and empty.band is None
    assert empty.as_dict()["ikm"] is None


def test_answers_outside_one_to_four_are_refused() -> None:
    for wrong in (0, 5, True):
        with pytest.raises(ValueError):
            compute([{**_all(3), "u2": wrong}])


@pytest.mark.parametrize(
    ("ikm", "expected"),
    [
        ("100", Band.A),
        ("88.31", Band.A),
        ("88.305", Band.A),  # printed 88.31
        ("88.30", Band.B),
        ("88.3049", Band.B),
        ("76.61", Band.B),
        ("76.60", Band.C),
        ("65.00", Band.C),
        ("64.99", Band.D),
        ("25", Band.D),
    ],
)
def test_band_edges_exactly_as_the_regulation(ikm: str, expected: Band) -> None:
    assert band(Decimal(ikm)) is expected
    assert band(Fraction(ikm)) is expected


def test_an_index_outside_25_to_100_has_no_band() -> None:
    for wrong in (Fraction(2499, 100), Fraction(10001, 100)):
        with pytest.raises(ValueError):
            band(wrong)


def test_small_sample_below_thirty_respondents() -> None:
    assert compute([_all(3)] * (SMALL_SAMPLE - 1)).small_sample
    assert not compute([_all(3)] * SMALL_SAMPLE).small_sample


answer = st.one_of(st.none(), st.integers(min_value=1, max_value=4))
response = st.fixed_dictionaries({k: answer for k in KEYS})


@given(st.lists(response, min_size=1, max_size=40))
def test_the_index_lies_between_25_and_100_with_its_band(responses: list) -> None:
    index = compute(responses)
    if index.ikm is None:
        assert index.respondents == 0
        return
    assert 25 <= index.ikm <= 100
    assert index.band is band(index.ikm)
    assert all(1 <= v <= 4 for v in index.nrr.values())


@given(st.lists(st.integers(min_value=1, max_value=4), min_size=9, max_size=9))
def test_equal_weights_the_order_of_elements_does_not_matter(values: list[int]) -> None:
    forwards = compute([dict(zip(KEYS, values, strict=True))])
    backwards = compute([dict(zip(KEYS, reversed(values), strict=True))])
    assert forwards.ikm == backwards.ikm == Fraction(sum(values), 9) * 25


@given(st.integers(min_value=1, max_value=4), st.integers(min_value=1, max_value=60))
def test_everyone_answering_the_same_gives_that_answer_times_25(value: int, n: int) -> None:
    assert compute([_all(value)] * n).ikm == value * 25


def test_every_element_words_its_four_answers() -> None:
    for element in ELEMENTS:
        assert len(element.scale) == 4 and all(element.scale), element
        assert len(set(element.scale)) == 4, element


@given(st.lists(response, max_size=20), st.lists(response, max_size=20))
def test_totals_add_up_as_the_database_groups_them(first: list, second: list) -> None:
    # The month's query sums per agency; the service's index is the agencies' totals added.
    a, b, both = Totals(), Totals(), Totals()
    for r in first:
        a.add(r)
        both.add(r)
    for r in second:
        b.add(r)
        both.add(r)
    assert (a + b).index() == both.index()
