"""The executive summary of a month in plain words (the first page of the PDF). Pure."""

from __future__ import annotations

from typing import Any

from hotline.i18n import t
from hotline.transparency.formatting import Formatter
from hotline.transparency.pages import Names, ranked_agencies


def sentences(f: dict[str, Any], locale: str = "id") -> list[str]:
    fmt = Formatter(locale)
    names = Names(f, locale)
    s = f["total"]
    out = [
        t(
            locale,
            "In {month} the hotline received {received} reports.",
            month=fmt.month(f["month"]),
            received=fmt.number(s["received"]),
        ),
        t(
            locale,
            "{resolved} reports were resolved. {closed} were closed without being resolved "
            "(rejected, merged with another report or archived); they are not counted as resolved.",
            resolved=fmt.number(s["resolved"]),
            closed=fmt.number(s["closed_unresolved"]),
        ),
    ]
    sla = s["sla"]["all"]
    if sla["decided"]:
        out.append(
            t(
                locale,
                "Of {decided} deadlines that fell due or were met this month, {met} were met "
                "on time ({percent}).",
                decided=fmt.number(sla["decided"]),
                met=fmt.number(sla["met"]),
                percent=fmt.percent(sla["rate"]),
            )
        )
    resolution = s["times"]["resolution"]
    if resolution["count"]:
        out.append(
            t(
                locale,
                "Half of the answered reports were answered within {median}, and nine in ten "
                "within {p90}, counted in working days and without the time spent waiting for "
                "the reporter.",
                median=fmt.days(resolution["median_days"]),
                p90=fmt.days(resolution["p90_days"]),
            )
        )
    judged = [r for r in ranked_agencies(f) if r["rank"] is not None]
    if len(judged) >= 2:
        best, worst = judged[0], judged[-1]
        out.append(
            t(
                locale,
                "The agency that kept its deadlines best was {best} ({best_percent}); the one "
                "that kept them least was {worst} ({worst_percent}).",
                best=names.of("agency", best["code"]),
                best_percent=fmt.percent(best["s"]["sla"]["all"]["rate"]),
                worst=names.of("agency", worst["code"]),
                worst_percent=fmt.percent(worst["s"]["sla"]["all"]["rate"]),
            )
        )
    out.append(
        t(
            locale,
            "At the end of the month {open} reports were still being handled; {old} of them "
            "had been open for more than 30 days.",
            open=fmt.number(s["backlog"]["count"]),
            old=fmt.number(s["backlog"]["older_than_30_days"]),
        )
    )
    sat = s["satisfaction"]
    if sat["ratings"]:
        out.append(
            t(
                locale,
                "Reporters gave an average rating of {average} out of 5; {percent} were satisfied.",
                average=fmt.number(sat["average"], 1),
                percent=fmt.percent(sat["satisfied_share"]),
            )
        )
    phone = f["phone"]
    if phone["offered"]:
        out.append(
            t(
                locale,
                "On the phone line, {answered} of {offered} callers who waited for an officer "
                "were answered, {within} of them within 20 seconds.",
                answered=fmt.number(phone["answered"]),
                offered=fmt.number(phone["offered"]),
                within=fmt.number(phone["answered_within_20s"]),
            )
        )
    return out
