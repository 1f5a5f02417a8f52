"""Routing rules: the most specific region containing the report's region wins."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline.directory.routing import AmbiguousRules, Route, Rule, check_rules, route

JALAN = "jalan"
PROV = "33"
KAB = "33.07"
KEC = "33.07.01"
DESA = "33.07.01.2001"


def rule(
    id_: int, region: str | None, agency: str, *, cat: str = JALAN, sure: bool = False
) -> Rule:
    return Rule(id=id_, category_code=cat, region_code=region, agency_code=agency, confident=sure)


LADDER = [
    rule(1, None, "KEMENPUPR"),
    rule(2, PROV, "DPU-JATENG"),
    rule(3, KAB, "DPU-WONOSOBO"),
    rule(4, KEC, "KEC-WADASLINTANG"),
    rule(5, DESA, "DESA-KALIDADAP", sure=True),
]


@pytest.mark.parametrize(
    ("report_region", "agency"),
    [
        (DESA, "DESA-KALIDADAP"),
        ("33.07.01.2002", "KEC-WADASLINTANG"),  # another desa in the same kecamatan
        (KEC, "KEC-WADASLINTANG"),
        ("33.07.02.2001", "DPU-WONOSOBO"),  # another kecamatan
        (KAB, "DPU-WONOSOBO"),
        ("33.08.01", "DPU-JATENG"),  # another kabupaten
        ("34.71", "KEMENPUPR"),  # another province
        (None, "KEMENPUPR"),  # no region: only "anywhere" can match
    ],
)
def test_most_specific_region_wins(report_region: str | None, agency: str) -> None:
    # Order of the rules must not matter.
    for rules in (LADDER, list(reversed(LADDER))):
        result = route(JALAN, report_region, rules)
        assert result is not None
        assert result.agency_code == agency


def test_route_reports_rule_id_and_confidence() -> None:
    assert route(JALAN, DESA, LADDER) == Route("DESA-KALIDADAP", True, 5)
    assert route(JALAN, KEC, LADDER) == Route("KEC-WADASLINTANG", False, 4)


def test_rule_for_another_kecamatan_never_matches() -> None:
    # "33.07.1" is kecamatan 1 of 33.07; "33.07.10" is kecamatan 10: a string prefix, not a
    # region that contains it.
    rules = [rule(1, "33.07.1", "KEC-1")]
    assert route(JALAN, "33.07.10", rules) is None
    assert route(JALAN, "33.07.10.2001", rules) is None
    assert route(JALAN, "33.07.1.2001", rules) == Route("KEC-1", False, 1)


def test_rule_for_a_smaller_region_does_not_match_the_larger_one() -> None:
    rules = [rule(1, DESA, "DESA")]
    assert route(JALAN, KEC, rules) is None
    assert route(JALAN, KAB, rules) is None


def test_rule_for_a_region_does_not_match_a_report_without_region() -> None:
    assert route(JALAN, None, [rule(1, KAB, "DPU")]) is None
    assert route(JALAN, "", [rule(1, KAB, "DPU")]) is None


def test_no_category_routes_nowhere() -> None:
    assert route(None, DESA, LADDER) is None


def test_other_categories_rules_are_ignored() -> None:
    rules = [rule(1, DESA, "DINKES", cat="kesehatan"), rule(2, KAB, "DPU")]
    assert route(JALAN, DESA, rules) == Route("DPU", False, 2)
    assert route("sampah", DESA, rules) is None


def test_no_rules_routes_nowhere() -> None:
    assert route(JALAN, DESA, []) is None


def test_ambiguous_rules_at_the_same_level_raise() -> None:
    rules = [rule(1, KAB, "DPU-A"), rule(2, KAB, "DPU-B"), rule(3, None, "PUSAT")]
    with pytest.raises(AmbiguousRules) as info:
        route(JALAN, DESA, rules)
    assert "1" in str(info.value) and "2" in str(info.value)


def test_ambiguity_at_a_less_specific_level_does_not_matter() -> None:
    rules = [rule(1, PROV, "A"), rule(2, PROV, "B"), rule(3, KEC, "C")]
    assert route(JALAN, DESA, rules) == Route("C", False, 3)


def test_same_agency_twice_is_not_ambiguous_and_lowest_id_wins() -> None:
    rules = [rule(9, KAB, "DPU", sure=True), rule(4, KAB, "DPU", sure=True)]
    assert route(JALAN, DESA, rules) == Route("DPU", True, 4)


def test_confident_only_if_every_rule_at_the_level_is() -> None:
    rules = [rule(9, KAB, "DPU", sure=True), rule(4, KAB, "DPU", sure=False)]
    assert route(JALAN, DESA, rules) == Route("DPU", False, 4)


# -- check_rules -----------------------------------------------------------------------------


def test_check_rules_reports_conflicting_agencies() -> None:
    problems = check_rules([rule(1, KAB, "DPU-A"), rule(2, KAB, "DPU-B"), rule(3, KEC, "X")])
    assert len(problems) == 1
    assert KAB in problems[0]
    assert "DPU-A" in problems[0] and "DPU-B" in problems[0]


def test_check_rules_reports_conflicts_for_anywhere_rules() -> None:
    problems = check_rules([rule(1, None, "A"), rule(2, None, "B")])
    assert len(problems) == 1
    assert "A" in problems[0] and "B" in problems[0]


def test_check_rules_accepts_a_consistent_set() -> None:
    rules = [*LADDER, rule(6, KAB, "DPU-WONOSOBO"), rule(7, KAB, "DINKES", cat="kesehatan")]
    assert check_rules(rules) == []


# -- property: chosen rule contains the report and nothing matching is more specific ---------

# A small region tree so that rules and reports often overlap, including the 1 / 10 trap.
PARTS = [["33", "34"], ["07", "1", "10"], ["01", "1", "10"], ["2001", "2010"]]


@st.composite
def region_codes(draw: st.DrawFn, min_depth: int = 1) -> str:
    depth = draw(st.integers(min_depth, len(PARTS)))
    return ".".join(draw(st.sampled_from(PARTS[i])) for i in range(depth))


def contains(outer: str | None, inner: str | None) -> bool:
    """Independent containment on dotted parts."""
    if outer is None:
        return True
    if inner is None:
        return False
    o, i = outer.split("."), inner.split(".")
    return i[: len(o)] == o


def depth(region: str | None) -> int:
    return 0 if region is None else len(region.split("."))


rule_sets = st.lists(
    st.tuples(
        st.sampled_from([JALAN, "sampah"]),
        st.none() | region_codes(),
        st.sampled_from(["A", "B", "C"]),
        st.booleans(),
    ),
    max_size=12,
).map(
    lambda rows: [
        Rule(id=i, category_code=c, region_code=r, agency_code=a, confident=s)
        for i, (c, r, a, s) in enumerate(rows, start=1)
    ]
)


@settings(max_examples=300, deadline=None)
@given(rule_sets, st.none() | region_codes())
def test_chosen_rule_contains_the_report_and_is_most_specific(
    rules: list[Rule], report_region: str | None
) -> None:
    matching = [
        r for r in rules if r.category_code == JALAN and contains(r.region_code, report_region)
    ]
    if not matching:
        assert route(JALAN, report_region, rules) is None
        return
    best = max(depth(r.region_code) for r in matching)
    level = [r for r in matching if depth(r.region_code) == best]
    if len({r.agency_code for r in level}) > 1:
        with pytest.raises(AmbiguousRules):
            route(JALAN, report_region, rules)
        return
    result = route(JALAN, report_region, rules)
    assert result is not None
    chosen = next(r for r in rules if r.id == result.rule_id)
    assert chosen.category_code == JALAN
    assert contains(chosen.region_code, report_region)
    assert not any(depth(r.region_code) > depth(chosen.region_code) for r in matching)
    assert result.agency_code == chosen.agency_code
    assert result.confident == all(r.confident for r in level)
