"""The demo history's corpus, read from `hotline/demo/data/`: who reports what, where and when
(`history.yaml`: weights, places, paces) and what everyone writes (`texts.yaml`, Indonesian).

The history draws from these lists by index with a seeded generator, so their order matters as
much as their content: the same files and the same seed give the same demo.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Opening:
    """The first sentence of a report, and the title that goes with it."""

    title: str
    text: str


@dataclass(frozen=True)
class ReportTexts:
    """A category's reports: an opening, then one sentence of each further list ("" for none)."""

    openings: tuple[Opening, ...]
    detail: tuple[str, ...]
    impact: tuple[str, ...]
    ask: tuple[str, ...]


@dataclass(frozen=True)
class Redirect:
    """Another agency, and the reason given for sending a report there."""

    agency: str
    reason: str


@dataclass(frozen=True)
class Corpus:
    # history.yaml
    category_weights: dict[str, float]
    kecamatan_weights: dict[str, float]
    category_place_bias: dict[str, dict[str, float]]
    kecamatan_centre: dict[str, tuple[float, float]]
    weekday_weight: tuple[float, ...]
    hour_weight: tuple[float, ...]
    holiday_weight: float
    storm_days: int
    storm_boost: dict[str, float]
    agency_pace: dict[str, float]
    infrastructure: tuple[str, ...]
    field_categories: tuple[str, ...]
    work_day_hours: float
    # texts.yaml
    given_names: tuple[str, ...]
    dusun: tuple[str, ...]
    landmarks: tuple[str, ...]
    durations: tuple[str, ...]
    when: tuple[str, ...]
    roads: tuple[str, ...]
    balai: dict[str, str]  # by level: desa | kelurahan
    location: str
    reports: dict[str, ReportTexts]
    spam: tuple[str, ...]
    prank_calls: tuple[str, ...]
    prank_texts: tuple[str, ...]
    out_of_scope: tuple[str, ...]
    reject_body: dict[str, str]
    verifier_info_requests: tuple[str, ...]
    agency_info_requests: dict[str, str]
    generic_agency_info_request: str
    info_answers: tuple[str, ...]
    archive_body: str
    withdraw_bodies: tuple[str, ...]
    junk_returned: str
    merge_body: str
    progress_replies: dict[str, tuple[str, ...]]
    generic_progress: tuple[str, ...]
    answers: dict[str, tuple[str, ...]]
    internal_notes: tuple[str, ...]
    field_notes: tuple[str, ...]
    disputes: tuple[str, ...]
    rating_comments: dict[int, tuple[str, ...]]
    wrong_agency: dict[str, Redirect]
    transfers: dict[str, Redirect]


def read_yaml(name: str) -> dict[str, Any]:
    """A file of `hotline/demo/data/`, which must hold a mapping."""
    data = yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{DATA_DIR / name}: expected a mapping at the top level")
    return data


def _texts(values: list[str]) -> tuple[str, ...]:
    return tuple(str(v) for v in values)


def _by_key(values: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {str(k): _texts(v) for k, v in values.items()}


def _redirects(values: dict[str, dict[str, str]]) -> dict[str, Redirect]:
    return {k: Redirect(v["agency"], v["reason"]) for k, v in values.items()}


@cache
def load() -> Corpus:
    """The corpus (read once per process)."""
    h = read_yaml("history.yaml")
    t = read_yaml("texts.yaml")
    return Corpus(
        category_weights=dict(h["category_weights"]),
        kecamatan_weights=dict(h["kecamatan_weights"]),
        category_place_bias={k: dict(v) for k, v in h["category_place_bias"].items()},
        kecamatan_centre={k: (float(v[0]), float(v[1])) for k, v in h["kecamatan_centre"].items()},
        weekday_weight=tuple(h["weekday_weight"]),
        hour_weight=tuple(h["hour_weight"]),
        holiday_weight=float(h["holiday_weight"]),
        storm_days=int(h["storm_days"]),
        storm_boost=dict(h["storm_boost"]),
        agency_pace=dict(h["agency_pace"]),
        infrastructure=_texts(h["infrastructure"]),
        field_categories=_texts(h["field_categories"]),
        work_day_hours=float(h["work_day_hours"]),
        given_names=_texts(t["given_names"]),
        dusun=_texts(t["dusun"]),
        landmarks=_texts(t["landmarks"]),
        durations=_texts(t["durations"]),
        when=_texts(t["when"]),
        roads=_texts(t["roads"]),
        balai=dict(t["balai"]),
        location=str(t["location"]),
        reports={
            code: ReportTexts(
                openings=tuple(Opening(o["title"], o["text"]) for o in r["open"]),
                detail=_texts(r["detail"]),
                impact=_texts(r["impact"]),
                ask=_texts(r["ask"]),
            )
            for code, r in t["reports"].items()
        },
        spam=_texts(t["spam"]),
        prank_calls=_texts(t["prank_calls"]),
        prank_texts=_texts(t["prank_texts"]),
        out_of_scope=_texts(t["out_of_scope"]),
        reject_body=dict(t["reject_body"]),
        verifier_info_requests=_texts(t["verifier_info_requests"]),
        agency_info_requests=dict(t["agency_info_requests"]),
        generic_agency_info_request=str(t["generic_agency_info_request"]),
        info_answers=_texts(t["info_answers"]),
        archive_body=str(t["archive_body"]),
        withdraw_bodies=_texts(t["withdraw_bodies"]),
        junk_returned=str(t["junk_returned"]),
        merge_body=str(t["merge_body"]),
        progress_replies=_by_key(t["progress_replies"]),
        generic_progress=_texts(t["generic_progress"]),
        answers=_by_key(t["answers"]),
        internal_notes=_texts(t["internal_notes"]),
        field_notes=_texts(t["field_notes"]),
        disputes=_texts(t["disputes"]),
        rating_comments={int(k): _texts(v) for k, v in t["rating_comments"].items()},
        wrong_agency=_redirects(t["wrong_agency"]),
        transfers=_redirects(t["transfers"]),
    )
