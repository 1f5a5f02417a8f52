"""Open data for a month: the figures (after disclosure control) and the month's published
reports with their redacted text only, as JSON and as one long-format CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from hotline.publication.reads import PublishedReport, where_published
from hotline.transparency import disclosure, queries
from hotline.transparency.config import get_config
from hotline.transparency.figures import CLOCK_KINDS
from hotline.transparency.months import Month

LICENSE = "CC BY 4.0"
CSV_COLUMNS = ("section", "dimension", "key", "label", "measure", "value", "note")


def _published_in(month: Month) -> Any:
    zone = get_config().zone
    return (
        where_published()
        & (PublishedReport.created_at >= month.start(zone))
        & (PublishedReport.created_at < month.end(zone))
    )


async def count_published(month: Month) -> int:
    return int(await PublishedReport.count().where(_published_in(month)))


async def published_reports(
    month: Month, protected: dict[str, Any], *, limit: int | None = None
) -> list[dict[str, Any]]:
    """The month's published reports (the first `limit`, or all), from the publication gate,
    with their redacted text only. Their kecamatan is given only where its kecamatan × category cell
    is shown."""
    zone = get_config().zone
    directory = await queries.load_directory()
    query: Any = (
        PublishedReport.select(
            PublishedReport.reference,
            PublishedReport.created_at,
            PublishedReport.category,
            PublishedReport.region,
            PublishedReport.status,
            PublishedReport.text,
        )
        .where(_published_in(month))
        .order_by(PublishedReport.created_at)
        .order_by(PublishedReport.id)
    )
    rows = await (query.limit(limit) if limit is not None else query)
    shown = disclosure.shown_cells(protected)
    out = []
    for r in rows:
        category = directory.category_code.get(r["category"], "")
        kecamatan = directory.region_kecamatan.get(r["region"], "")
        out.append(
            {
                "reference": r["reference"],
                "received_on": r["created_at"].astimezone(zone).date().isoformat(),
                "category": category,
                "kecamatan": kecamatan if (kecamatan, category) in shown else "",
                "status": r["status"],
                "text": r["text"].strip(),
            }
        )
    return out


def document(protected: dict[str, Any], reports: list[dict[str, Any]]) -> dict[str, Any]:
    """The JSON open-data document of a month."""
    return {
        "month": protected["month"],
        "license": LICENSE,
        "figures": protected,
        "reports": reports,
    }


def _slice_rows(dimension: str, key: str, label: str, s: dict[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = []

    def add(measure: str, value: Any, note: str = "") -> None:
        rows.append(
            ["figures", dimension, key, label, measure, "" if value is None else value, note]
        )

    for measure in (
        "received",
        "verified",
        "dispatched",
        "transferred",
        "not_our_mandate",
        "answered",
        "resolved",
        "resolved_confirmed",
        "resolved_timeout",
        "closed_unresolved",
        "rejected",
        "reopened",
    ):
        add(measure, s[measure])
    for reason, n in s["rejected_by_reason"].items():
        add(f"rejected_{reason}", n)
    for status, n in s["closed_unresolved_by_status"].items():
        add(f"closed_unresolved_{status}", n)
    for kind in (*CLOCK_KINDS, "all"):
        sla = s["sla"][kind]
        add(f"sla_{kind}_met", sla["met"])
        add(f"sla_{kind}_decided", sla["decided"])
        add(f"sla_{kind}_rate", sla["rate"])
    for kind in CLOCK_KINDS:
        tm = s["times"][kind]
        add(f"time_{kind}_median_working_days", tm["median_days"])
        add(f"time_{kind}_p90_working_days", tm["p90_days"])
    add("backlog_open_at_end", s["backlog"]["count"])
    add("backlog_median_age_days", s["backlog"]["median_age_days"])
    for measure, value in s["satisfaction"].items():
        add(f"satisfaction_{measure}", value)
    add(
        "judgeable", "yes" if s["judgeable"] else "no", "" if s["judgeable"] else "too few to judge"
    )
    return rows


def _ikm_rows(k: dict[str, Any], agency_names: dict[str, str]) -> list[list[Any]]:
    """The satisfaction index (section "ikm"): the whole service, then each agency."""
    rows: list[list[Any]] = []

    def add(dimension: str, key: str, label: str, a: dict[str, Any]) -> None:
        if a.get("withheld"):
            note = f"withheld (fewer than {k['withheld_below']} respondents)"
        elif a["small_sample"] and a["respondents"]:
            note = f"small sample (fewer than {k['small_sample_below']} respondents)"
        else:
            note = ""
        for measure in ("ikm", "band", "respondents"):
            value = a[measure]
            rows.append(
                ["ikm", dimension, key, label, measure, "" if value is None else value, note]
            )
        rows.append(
            ["ikm", dimension, key, label, "small_sample", "yes" if a["small_sample"] else "no", ""]
        )
        for element in k["elements"]:
            if element in a["nrr"]:
                rows.append(["ikm", dimension, key, label, f"nrr_{element}", a["nrr"][element], ""])
                rows.append(
                    ["ikm", dimension, key, label, f"answers_{element}", a["answers"][element], ""]
                )

    add("service", "", "", k["service"])
    for code, a in k["by_agency"].items():
        add("agency", code, str(agency_names.get(code, code)), a)
    return rows


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A CSV value that a spreadsheet will not run: text that starts like a formula (a citizen
    could have typed "=HYPERLINK(...)") gets a leading apostrophe. Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(doc: dict[str, Any]) -> bytes:
    """One long table (section, dimension, key, label, measure, value, note), UTF-8 with a BOM
    so that spreadsheet programs read the Indonesian names right."""
    f = doc["figures"]
    labels = f.get("labels", {})
    rows: list[list[Any]] = []
    if f.get("computed_at"):  # when the worker computed these figures
        rows.append(["period", "", "", "", "computed_at", f["computed_at"], ""])
    rows += _slice_rows("total", "", "", f["total"])
    for dimension, slices in f["by"].items():
        for key, s in slices.items():
            names = labels.get(dimension, {}).get(key, key)
            label = names.get("id", key) if isinstance(names, dict) else names
            rows += _slice_rows(dimension, key, str(label), s)
    for measure, value in f["phone"].items():
        rows.append(["phone", "", "", "", measure, "" if value is None else value, ""])
    for cell in f["cells"]:
        rows.append(
            [
                "kecamatan_category",
                "kecamatan|category",
                f"{cell['kecamatan']}|{cell['category']}",
                "",
                "received",
                "" if cell["suppressed"] else cell["count"],
                "suppressed (fewer than 5)" if cell["suppressed"] else "",
            ]
        )
    for slot in f["staffing"]["slots"]:
        key = f"{slot['weekday']}|{slot['hour']:02d}"
        rows.append(
            [
                "staffing",
                "weekday|hour",
                key,
                "",
                "officers",
                slot["officers"],
                f"for {f['staffing']['for']}",
            ]
        )
        rows.append(
            ["staffing", "weekday|hour", key, "", "calls_per_hour", slot["calls_per_hour"], ""]
        )
    if "ikm" in f:
        rows += _ikm_rows(f["ikm"], labels.get("agency", {}))
    for r in doc["reports"]:
        for measure in ("received_on", "category", "kecamatan", "status", "text"):
            rows.append(["report", "reference", r["reference"], "", measure, r[measure], ""])
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
