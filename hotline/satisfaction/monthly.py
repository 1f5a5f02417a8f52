"""The satisfaction index of a period, per agency and for the whole service, as the month's
figures carry it (computed by the transparency worker with the rest of the month, stored, and
published through its disclosure control: `protect`).

Counted: the surveys answered within the period (`submitted_at`), each with the agency that
resolved its report. One GROUP BY per period: per agency, the respondents and per element the
sum and the number of answers; the indices follow from those totals (`index.Totals`).
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from piccolo.query.functions.aggregate import Count, Sum

from hotline.satisfaction.elements import ELEMENTS
from hotline.satisfaction.index import SMALL_SAMPLE, Totals
from hotline.satisfaction.tables import Survey

METHOD = "PermenPAN-RB 14/2017"
# A report resolved with no agency (the central unit answered it itself) counts for the service.
NO_AGENCY = "_tanpa_instansi"


async def totals(start: datetime, until: datetime) -> dict[int | None, Totals]:
    """Per agency id (None: no agency), the totals of the surveys answered in [start, until)."""
    columns: list[Any] = [Survey.agency, Count().as_alias("respondents")]
    for e in ELEMENTS:
        column = getattr(Survey, e.value)
        columns += [Sum(column).as_alias(f"{e.value}_sum"), Count(column).as_alias(f"{e.value}_n")]
    rows = (
        await Survey.select(*columns)
        .where((Survey.submitted_at >= start) & (Survey.submitted_at < until))
        .group_by(Survey.agency)
    )
    return {
        row["agency"]: Totals(
            respondents=int(row["respondents"]),
            sums={e.value: int(row[f"{e.value}_sum"] or 0) for e in ELEMENTS},
            counts={e.value: int(row[f"{e.value}_n"] or 0) for e in ELEMENTS},
        )
        for row in rows
    }


def section(by_agency: dict[int | None, Totals], agency_code: dict[int, str]) -> dict[str, Any]:
    """The month's satisfaction figures (before disclosure control): the whole service and
    each agency that had respondents, keyed by agency code."""
    service = sum(by_agency.values(), Totals())
    agencies: dict[str, Totals] = {}
    for agency, found in by_agency.items():
        code = agency_code.get(agency, NO_AGENCY) if agency is not None else NO_AGENCY
        agencies[code] = agencies.get(code, Totals()) + found
    return {
        "method": METHOD,
        "elements": [e.value for e in ELEMENTS],
        "small_sample_below": SMALL_SAMPLE,
        "service": service.index().as_dict(),
        "by_agency": {code: agencies[code].index().as_dict() for code in sorted(agencies)},
    }


async def period(start: datetime, until: datetime, agency_code: dict[int, str]) -> dict[str, Any]:
    return section(await totals(start, until), agency_code)


def protect(figures: dict[str, Any], threshold: int) -> dict[str, Any]:
    """The public view of a month's satisfaction figures, by the publication's small-count rule
    (hotline/transparency/disclosure.py): an agency with 1 to `threshold` − 1 respondents keeps
    its number of respondents, but not its index, band or element means (the agency knows whom
    it served that month: one or two answers would be theirs). When exactly one agency is
    withheld, the smallest other one is withheld too, so the service's totals cannot give it
    back. Every index shown below SMALL_SAMPLE respondents is marked `small_sample`."""
    out = copy.deepcopy(figures)
    agencies: dict[str, dict[str, Any]] = out.get("by_agency", {})
    hidden = {c for c, a in agencies.items() if 0 < a["respondents"] < threshold}
    if len(hidden) == 1:
        shown = sorted((a["respondents"], c) for c, a in agencies.items() if c not in hidden)
        if shown:
            hidden.add(shown[0][1])
    for code in hidden:
        agencies[code] = {
            "respondents": agencies[code]["respondents"],
            "ikm": None,
            "band": None,
            "small_sample": True,
            "nrr": {},
            "answers": {},
            "withheld": True,
        }
    for code, a in agencies.items():
        a.setdefault("withheld", code in hidden)
    out["withheld_below"] = threshold
    return out
