"""What the pages show, pure (issue 17): bar labels readable on what they stand on, the month's
changes in words, and a list of kecamatan × category cells that holds no withheld cell."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from hotline.transparency import charts, disclosure, pages

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314  (our own chart's SVG, not untrusted input)


def _value_labels(svg: str) -> list[tuple[str, str]]:
    """(text colour, colour under the text) of each value label of a horizontal bar chart."""
    out = []
    bars: list[tuple[float, str]] = []  # the rects of the current row: (width, fill)
    for element in _parse(svg):
        if element.tag == SVG + "rect":
            if element.get("fill") == charts.TRACK:
                bars = []
            bars.append((float(element.get("width", 0)), element.get("fill", "")))
        elif element.tag == SVG + "text" and element.get("font-weight") == "bold" and bars:
            x = float(element.get("x", 0))
            anchor_end = element.get("text-anchor") == "end"
            # The text ends at x (inside a bar) or starts at x (after it): the topmost rect
            # that covers where the text is drawn is what it stands on.
            under = [fill for width, fill in bars if (x <= width if anchor_end else x < width)]
            out.append((element.get("fill", ""), under[-1] if under else "#fafafa"))
    return out


@given(st.lists(st.one_of(st.none(), st.floats(0, 1)), min_size=1, max_size=20))
def test_every_bar_label_has_aa_contrast_on_what_it_stands_on(values: list[float | None]) -> None:
    labels = tuple(f"Dinas nomor {i} Kabupaten Wonosobo" for i in range(len(values)))
    svg = charts.horizontal_bars("id", "Tenggat dipenuhi, per instansi", labels, tuple(values))
    found = _value_labels(svg)
    assert len(found) == len(values)
    for text, background in found:
        assert charts.contrast(text, background) >= 4.5, (text, background)


def test_bar_chart_text_fits_a_phone() -> None:
    svg = charts.horizontal_bars(
        "id",
        "Tenggat dipenuhi, menurut instansi",
        ("Dinas Kependudukan dan Pencatatan Sipil Kabupaten Wonosobo", "RSUD"),
        (0.955, None),
    )
    root = _parse(svg)
    assert root.get("viewBox", "").startswith(f"0 0 {charts.WIDTH} ")
    texts = list(root.iter(SVG + "text"))
    # Long names wrap onto their own lines; nothing is smaller than 13 units (13 px at 360 px).
    assert min(float(t.get("font-size", 0)) for t in texts) >= 13
    for t in texts:
        assert charts.text_width(t.text or "", float(t.get("font-size", 0))) <= charts.WIDTH
    assert "–" in [t.text for t in texts]  # no value: a dash, not 0 %


def _month(received: int, resolved: int, rate: float | None, days: float | None) -> dict[str, Any]:
    return {
        "month": "2026-10",
        "complete": True,
        "total": {
            "received": received,
            "resolved": resolved,
            "closed_unresolved": 3,
            "sla": {"all": {"met": 8, "decided": 10, "rate": rate}},
            "times": {"first_response": {"median_days": days}},
        },
    }


def test_the_story_says_what_changed_since_the_previous_month() -> None:
    november = {**_month(112, 80, 0.9, 2.0), "month": "2026-11"}
    cards = pages.story(november, _month(100, 100, 0.85, 2.5), "id")
    assert [c["change"] for c in cards] == [
        "naik 12% dari Oktober 2026",
        "turun 20% dari Oktober 2026",
        "naik 5,0 poin dari Oktober 2026",
        "0,5 hari kerja lebih cepat daripada Oktober 2026",
    ]
    english = pages.story(november, _month(112, 80, 0.9, 2.0), "en")
    assert {c["change"] for c in english} == {"the same as in October 2026"}
    # Without the previous month, and for counts of a month in progress, nothing is compared.
    assert all(c["change"] is None for c in pages.story(november, None, "id"))
    in_progress = pages.story({**november, "complete": False}, _month(100, 100, 0.85, 2.5), "id")
    assert [c["change"] is None for c in in_progress] == [True, True, False, False]


@given(
    st.dictionaries(
        st.tuples(st.sampled_from("ABCDEF"), st.sampled_from("pqrstu")),
        st.integers(1, 30),
        min_size=1,
    )
)
def test_the_cell_list_holds_exactly_the_cells_that_may_be_shown(
    counts: dict[tuple[str, str], int],
) -> None:
    cells = [{"kecamatan": k, "category": c, "count": n} for (k, c), n in counts.items()]
    protected = disclosure.protect({"cells": cells, "by": {"kecamatan": {}}})
    listed = pages.shown_cells(protected)
    assert {(c["kecamatan"], c["category"]) for c in listed} == disclosure.shown_cells(protected)
    assert all(c["count"] == counts[(c["kecamatan"], c["category"])] for c in listed)
    assert [c["count"] for c in listed] == sorted((c["count"] for c in listed), reverse=True)
    assert all(0 < c["share"] <= 100 for c in listed)
