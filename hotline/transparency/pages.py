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
        tuple(r["s"]["sla"]["all"]["rate"] for r in judged),
    )


def sla_chart(f: dict[str, Any], locale: str) -> str:
    sla = f["total"]["sla"]
    return charts.horizontal_bars(
        locale,
        t(locale, "Deadlines met, by clock"),
        tuple(labels.clock(k, locale) for k in CLOCK_KINDS),
        tuple(sla[k]["rate"] for k in CLOCK_KINDS),
    )


def _change(
    locale: str, fmt: Formatter, kind: str, now: float | None, before: float | None, month: str
) -> str | None:
    """The change from the previous month in words: "naik 12% dari Oktober 2026". Counts change
    in percent, shares in percentage points, times in working days (less is faster)."""
    if now is None or before is None:
        return None
    name = fmt.month(month)
    if kind == "count":
        if now == before:
            return t(locale, "the same as in {month}", month=name)
        if not before:
            return t(locale, "{count} in {month}", count=fmt.number(before), month=name)
        change = fmt.percent_whole(abs(now - before) / before)
        if now > before:
            return t(locale, "up {change} from {month}", change=change, month=name)
        return t(locale, "down {change} from {month}", change=change, month=name)
    if kind == "share":
        points = fmt.number(abs(now - before) * 100, 1)
        if round(now - before, 3) == 0:
            return t(locale, "the same as in {month}", month=name)
        if now > before:
            return t(locale, "up {points} points from {month}", points=points, month=name)
        return t(locale, "down {points} points from {month}", points=points, month=name)
    days = fmt.days(abs(now - before))
    if round(now - before, 1) == 0:
        return t(locale, "the same as in {month}", month=name)
    if now < before:
        return t(locale, "{days} faster than in {month}", days=days, month=name)
    return t(locale, "{days} slower than in {month}", days=days, month=name)


def story(f: dict[str, Any], previous: dict[str, Any] | None, locale: str) -> list[dict[str, Any]]:
    """The month's headline figures, each with its change from the previous month in words (when
    that month's figures are stored): what a reader on a phone sees first."""
    fmt = Formatter(locale)
    s = f["total"]
    p = previous["total"] if previous else None
    month = previous["month"] if previous else ""

    def change(kind: str, pick: Any) -> str | None:
        # A month in progress has fewer reports than a whole one: its counts are not compared
        # (its shares and times are).
        if p is None or (kind == "count" and not f.get("complete", True)):
            return None
        return _change(locale, fmt, kind, pick(s), pick(p), month)

    def received(x: dict[str, Any]) -> float:
        return float(x["received"])

    def resolved(x: dict[str, Any]) -> float:
        return float(x["resolved"])

    def on_time(x: dict[str, Any]) -> float | None:
        rate: float | None = x["sla"]["all"]["rate"]
        return rate

    def first_response(x: dict[str, Any]) -> float | None:
        days: float | None = x["times"]["first_response"]["median_days"]
        return days

    sla = s["sla"]["all"]
    return [
        {
            "label": t(locale, "Reports received"),
            "value": fmt.number(s["received"]),
            "change": change("count", received),
        },
        {
            "label": t(locale, "Resolved"),
            "value": fmt.number(s["resolved"]),
            "detail": t(
                locale,
                "{closed} more closed without resolution",
                closed=fmt.number(s["closed_unresolved"]),
            ),
            "change": change("count", resolved),
        },
        {
            "label": t(locale, "Deadlines met on time"),
            "value": fmt.percent(sla["rate"]),
            "detail": t(
                locale,
                "{met} of {decided} deadlines",
                met=fmt.number(sla["met"]),
                decided=fmt.number(sla["decided"]),
            ),
            "change": change("share", on_time),
        },
        {
            "label": t(locale, "Median time to first response"),
            "value": fmt.days(s["times"]["first_response"]["median_days"]),
            "detail": t(locale, "by the agency, from dispatch"),
            "change": change("days", first_response),
        },
    ]


def shown_cells(f: dict[str, Any]) -> list[dict[str, Any]]:
    """The kecamatan × category cells that may be shown, most reports first: what a reader can
    use of that table. A suppressed cell is not in it at all (not even as a colour or a place in
    the order), so nothing of its count shows."""
    cells = [c for c in f.get("cells", []) if not c["suppressed"] and c["count"]]
    cells.sort(key=lambda c: (-int(c["count"]), c["kecamatan"], c["category"]))
    top = max((int(c["count"]) for c in cells), default=0)
    return [{**c, "share": round(100 * int(c["count"]) / top)} for c in cells]


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
