"""The CSV of open data: one long table, and nothing a spreadsheet would run."""

from __future__ import annotations

import csv
import io

from hotline.transparency.opendata import CSV_COLUMNS, safe_cell, to_csv


def test_formulas_are_neutralised_numbers_are_not() -> None:
    assert safe_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("-5 jalan") == "'-5 jalan"
    assert safe_cell("Jalan rusak") == "Jalan rusak"
    assert safe_cell(-5) == -5 and safe_cell(0.875) == 0.875


def test_reports_in_the_csv() -> None:
    empty_slice = {
        **{
            k: 0
            for k in (
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
            )
        },
        "rejected_by_reason": {},
        "closed_unresolved_by_status": {},
        "sla": {
            k: {"met": 0, "decided": 0, "rate": None}
            for k in ("verification", "first_response", "resolution", "all")
        },
        "times": {
            k: {"median_days": None, "p90_days": None}
            for k in ("verification", "first_response", "resolution")
        },
        "backlog": {"count": 0, "median_age_days": None},
        "satisfaction": {"ratings": 0},
        "judgeable": False,
    }
    doc = {
        "figures": {
            "total": empty_slice,
            "by": {},
            "labels": {},
            "phone": {"offered": 0},
            "cells": [
                {"kecamatan": "33.07.01", "category": "JALAN", "count": None, "suppressed": True}
            ],
            "staffing": {"for": "2026-09", "slots": []},
        },
        "reports": [
            {
                "reference": "2612345678",
                "received_on": "2026-08-03",
                "category": "JALAN",
                "kecamatan": "",
                "status": "diproses",
                "text": "=cmd|' /C calc'!A0",
            },
        ],
    }
    rows = list(csv.DictReader(io.StringIO(to_csv(doc).decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    text = next(r for r in rows if r["section"] == "report" and r["measure"] == "text")
    assert text["key"] == "2612345678" and text["value"] == "'=cmd|' /C calc'!A0"
    hidden = next(r for r in rows if r["section"] == "kecamatan_category")
    assert hidden["value"] == "" and "suppressed" in hidden["note"]
