"""Disclosure control: small kecamatan × category cells are hidden, and so is what would let
them be worked out from the others and a total."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from hotline.transparency.disclosure import protect, suppressed_cells


def cell(k: str, c: str, n: int) -> dict:
    return {"kecamatan": k, "category": c, "count": n}


def test_primary_and_secondary_suppression() -> None:
    cells = [
        cell("K1", "JALAN", 12),
        cell("K1", "AIR", 3),  # primary
        cell("K1", "LISTRIK", 4),  # primary
        cell("K2", "JALAN", 9),
        cell("K2", "AIR", 8),  # secondary: the AIR total would give K1's 3
        cell("K2", "LISTRIK", 9),  # secondary: the LISTRIK total would give K1's 4
    ]
    assert suppressed_cells(cells) == {
        ("K1", "AIR"),
        ("K1", "LISTRIK"),
        ("K2", "AIR"),
        ("K2", "LISTRIK"),
    }


def test_five_or_more_is_shown() -> None:
    assert suppressed_cells([cell("K1", "JALAN", 5), cell("K2", "JALAN", 6)]) == set()


@given(
    st.dictionaries(
        st.tuples(st.sampled_from(["K1", "K2", "K3", "K4"]), st.sampled_from(["A", "B", "C"])),
        st.integers(min_value=1, max_value=30),
    )
)
def test_no_hidden_count_can_be_worked_out(table: dict[tuple[str, str], int]) -> None:
    cells = [cell(k, c, n) for (k, c), n in table.items()]
    hidden = suppressed_cells(cells)
    assert {key for key, n in table.items() if n < 5} <= hidden
    for axis in (0, 1):
        for line in {key[axis] for key in table}:
            keys = [key for key in table if key[axis] == line]
            hidden_here = [key for key in keys if key in hidden]
            # A lone hidden cell beside shown ones would be its total minus the others.
            assert not (len(hidden_here) == 1 and len(keys) > 1)


def test_protect_hides_cells_and_small_kecamatan() -> None:
    figures: dict[str, Any] = {
        "cells": [cell("K1", "JALAN", 2), cell("K2", "JALAN", 7), cell("K2", "AIR", 6)],
        "by": {"kecamatan": {"K1": {"received": 2}, "K2": {"received": 13}}},
    }
    out = protect(figures)
    assert out["cells"][0] == {**cell("K1", "JALAN", 2), "count": None, "suppressed": True}
    # The JALAN total would give K1's 2 from K2's 7: K2 JALAN is hidden too, then K2 AIR
    # (K2's total would give its JALAN count).
    assert out["cells"][1]["suppressed"] and out["cells"][2]["suppressed"]
    assert set(out["by"]["kecamatan"]) == {"K2"}
    assert out["disclosure"] == {"threshold": 5, "cells_suppressed": 3, "kecamatan_not_listed": 1}
    assert figures["cells"][0]["count"] == 2  # the input is not changed
