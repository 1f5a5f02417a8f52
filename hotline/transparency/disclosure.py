"""Statistical disclosure control: what of the figures may be shown to the public.

Small counts identify people in a small place ("the one complaint about the clinic in desa X").
Every public output (pages, PDF, JSON, CSV) goes through `protect`:
- a kecamatan × category cell counting 1 to 4 reports is suppressed (primary suppression);
- where a row or column of that table has exactly one suppressed cell, the smallest other cell
  of that row or column is suppressed too (secondary suppression), so a suppressed count cannot
  be worked back from the others and a total;
- a kecamatan with fewer than 5 reports in the period is not listed in the breakdown by
  kecamatan (its reports still count in every total);
- a published report keeps its kecamatan only when its kecamatan × category cell is shown;
- an agency's satisfaction index from 1 to 4 respondents is withheld, its respondents still
  counted (hotline/satisfaction/monthly.py: protect).
Pure: figures in, figures out.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from typing import Any

from hotline.satisfaction import monthly as satisfaction
from hotline.transparency.facts import UNKNOWN

THRESHOLD = 5


def suppressed_cells(
    cells: list[dict[str, Any]], threshold: int = THRESHOLD
) -> set[tuple[str, str]]:
    """The (kecamatan, category) cells to hide, primary and secondary."""
    counts = {(c["kecamatan"], c["category"]): int(c["count"]) for c in cells}
    hidden = {key for key, n in counts.items() if 0 < n < threshold}
    changed = True
    while changed:
        changed = False
        for axis in (0, 1):
            lines: dict[str, list[tuple[str, str]]] = defaultdict(list)
            for key in counts:
                lines[key[axis]].append(key)
            for keys in lines.values():
                hidden_here = [k for k in keys if k in hidden]
                shown = sorted((counts[k], k) for k in keys if k not in hidden)
                if len(hidden_here) == 1 and shown:
                    hidden.add(shown[0][1])
                    changed = True
    return hidden


def protect(figures: dict[str, Any], threshold: int = THRESHOLD) -> dict[str, Any]:
    """The public view of a month's figures (a copy; the input is not changed)."""
    out = copy.deepcopy(figures)
    hidden = suppressed_cells(figures.get("cells", []), threshold)
    out["cells"] = [
        {**c, "count": None, "suppressed": True}
        if (c["kecamatan"], c["category"]) in hidden
        else {**c, "suppressed": False}
        for c in figures.get("cells", [])
    ]
    by_kecamatan = out.get("by", {}).get("kecamatan", {})
    # The row of reports without a kecamatan is no place: it identifies nobody and stays.
    out.setdefault("by", {})["kecamatan"] = {
        k: v for k, v in by_kecamatan.items() if v["received"] >= threshold or k == UNKNOWN
    }
    if "ikm" in figures:  # an agency's index from fewer than 5 answers is withheld
        out["ikm"] = satisfaction.protect(figures["ikm"], threshold)
    out["disclosure"] = {
        "threshold": threshold,
        "cells_suppressed": len(hidden),
        "kecamatan_not_listed": sum(
            1 for k, v in by_kecamatan.items() if v["received"] < threshold and k != UNKNOWN
        ),
    }
    return out


def shown_cells(protected: dict[str, Any]) -> set[tuple[str, str]]:
    return {
        (c["kecamatan"], c["category"]) for c in protected.get("cells", []) if not c["suppressed"]
    }
