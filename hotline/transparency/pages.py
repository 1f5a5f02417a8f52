"""What the pages (and the PDF) show, built from figures: pure, so the web page of a month and
its PDF are built from the same numbers, whether live or frozen at publication."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hotline.i18n import t
from hotline.transparency import charts, labels
from hotline.transparency.config import get_config
from hotline.transparency.facts import DIMENSIONS
from hotline.transparency.figures import CLOCK_KINDS, ranking
from hotline.transparency.formatting import Formatter


@dataclass(frozen=True)
class Names:
    """Label lookups bound to one set of figures and one language, for templates."""

    figures: dict[str, Any]
    locale: str

    def of(self, dimension: str, key: str) -> str:
        return labels.name(self.figures, dimension, key, self.locale)

    def clock(self, kind: str) -> str:
        return labels.clock(kind, self.locale)

    def reason(self, key: str) -> str:
        return labels.reject_reason(key, self.locale)

    def status(self, key: str) -> str:
        return labels.status(key, self.locale)

    def dimension(self, key: str) -> str:
        return t(self.locale, labels.Dimension(key).label)


def ranked_agencies(f: dict[str, Any]) -> list[dict[str, Any]]:
    """Agencies by SLA compliance with their counts; "too few to judge" ones last, unranked."""
    out = []
    position = 0
    for code, s in ranking(f["by"]["agency"]):
        if s["judgeable"]:
            position += 1
        out.append({"code": code, "rank": position if s["judgeable"] else None, "s": s})
    return out


def trend_charts(months: list[dict[str, Any]], locale: str) -> dict[str, str]:
    fmt = Formatter(locale)
    cats = tuple(fmt.month_short(m["month"]) for m in months)
    flows = charts.bars_and_lines(
        locale,
        t(locale, "Reports per month"),
        cats,
        (
            (t(locale, "Received"), tuple(float(m["total"]["received"]) for m in months)),
            (t(locale, "Resolved"), tuple(float(m["total"]["resolved"]) for m in months)),
            (
                t(locale, "Closed without resolution"),
                tuple(float(m["total"]["closed_unresolved"]) for m in months),
            ),
        ),
    )
    sla = charts.bars_and_lines(
        locale,
        t(locale, "Deadlines met (all SLA clocks)"),
        cats,
        (
            (
                t(locale, "Met"),
                charts.chart_rows([m["total"]["sla"]["all"]["rate"] for m in months]),
            ),
        ),
        percent=True,
    )
    return {"flows": flows, "sla": sla}


def ranking_chart(f: dict[str, Any], locale: str) -> str | None:
    judged = [r for r in ranked_agencies(f) if r["rank"] is not None]
    if not judged:
        return None
    names = Names(f, locale)
    return charts.horizontal_bars(
        locale,
        t(locale, "Deadlines met, by agency"),
        tuple(names.of("agency", r["code"]) for r in judged),
        charts.chart_rows([r["s"]["sla"]["all"]["rate"] for r in judged]),
    )


def sla_chart(f: dict[str, Any], locale: str) -> str:
    sla = f["total"]["sla"]
    return charts.horizontal_bars(
        locale,
        t(locale, "Deadlines met, by clock"),
        tuple(labels.clock(k, locale) for k in CLOCK_KINDS),
        charts.chart_rows([sla[k]["rate"] for k in CLOCK_KINDS]),
    )


def month_context(f: dict[str, Any], locale: str) -> dict[str, Any]:
    """Everything a month's page and PDF need besides the publication record."""
    return {
        "f": f,
        "fmt": Formatter(locale, get_config().zone),
        "names": Names(f, locale),
        "clock_kinds": CLOCK_KINDS,
        "dimensions": DIMENSIONS,
        "ranked": ranked_agencies(f),
        "charts": {"sla": sla_chart(f, locale), "ranking": ranking_chart(f, locale)},
    }
