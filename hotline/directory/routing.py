"""Routing: category + region -> the agency responsible (pure: no I/O).

A rule names a category, optionally a region, and an agency. Among the active rules for the
report's category whose region contains the report's region, the most specific region wins
(desa > kecamatan > kabupaten > provinsi > anywhere). Region containment is read from the
Kemendagri code itself: 33.07.01.2001 lies inside 33.07.01, which lies inside 33.07.
No matching rule -> None: the report waits in the verification queue for a person.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    id: int
    category_code: str
    region_code: str | None  # None: anywhere
    agency_code: str
    confident: bool = False


@dataclass(frozen=True)
class Route:
    agency_code: str
    confident: bool
    rule_id: int


def region_contains(outer: str, inner: str) -> bool:
    return inner == outer or inner.startswith(outer + ".")


def specificity(region_code: str | None) -> int:
    return 0 if region_code is None else region_code.count(".") + 1


class AmbiguousRules(ValueError):
    """Two active rules for the same category and region name different agencies."""


def route(
    category_code: str | None, region_code: str | None, rules: Iterable[Rule]
) -> Route | None:
    if category_code is None:
        return None
    candidates = [
        r
        for r in rules
        if r.category_code == category_code
        and (r.region_code is None or (region_code and region_contains(r.region_code, region_code)))
    ]
    if not candidates:
        return None
    best = max(specificity(r.region_code) for r in candidates)
    winners = [r for r in candidates if specificity(r.region_code) == best]
    if len({r.agency_code for r in winners}) > 1:
        raise AmbiguousRules(
            f"rules {sorted(r.id for r in winners)} route {category_code} in "
            f"{winners[0].region_code or 'any region'} to different agencies"
        )
    # Confident only if every rule at that level says so.
    rule = min(winners, key=lambda r: r.id)
    return Route(rule.agency_code, all(r.confident for r in winners), rule.id)


def check_rules(rules: Iterable[Rule]) -> list[str]:
    """Conflicts an admin must fix before a rule set is saved (for imports and the admin UI)."""
    seen: dict[tuple[str, str | None], Rule] = {}
    problems = []
    for r in rules:
        key = (r.category_code, r.region_code)
        other = seen.get(key)
        if other and other.agency_code != r.agency_code:
            problems.append(
                f"{r.category_code} in {r.region_code or 'any region'}: "
                f"{other.agency_code} and {r.agency_code}"
            )
        seen.setdefault(key, r)
    return problems
