"""Charts drawn on the server as SVG with matplotlib (no JavaScript, readable in the PDF too).

matplotlib: maintained for two decades, renders SVG without a browser, and its text can stay
text (`svg.fonttype = none`), so the numbers in a chart are searchable and small. Every chart
is shown with a table of the same numbers beside it for screen readers. Axis labels are
formatted by Babel for the locale. Pure: data in, SVG text out; one chart at a time (the
library's global state is not made for threads).
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any

from hotline.transparency.formatting import Formatter

COLOURS = ("#0b4f8a", "#2e8540", "#b35c00", "#6f6f6f")
_LOCK = threading.Lock()


@cache
def _matplotlib() -> Any:
    """matplotlib, configured; imported on the first chart (seconds), not at start."""
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams.update(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": "hotline",  # the same chart gives the same bytes (frozen PDFs)
            "font.family": "DejaVu Sans",
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    import matplotlib.figure
    import matplotlib.ticker

    return matplotlib


def _figure(width: float, height: float) -> Any:
    return _matplotlib().figure.Figure(figsize=(width, height))


def _formatter(fn: Any) -> Any:
    return _matplotlib().ticker.FuncFormatter(fn)


def _svg(fig: Any) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buf.getvalue()
    # Inline in HTML: drop the XML prolog and doctype, keep the <svg> element.
    return text[text.index("<svg") :]


@lru_cache(maxsize=256)
def bars_and_lines(
    locale: str,
    title: str,
    categories: tuple[str, ...],
    series: tuple[tuple[str, tuple[float, ...]], ...],
    *,
    percent: bool = False,
) -> str:
    """Grouped bars, one group per category (e.g. month), one bar per series."""
    fmt = Formatter(locale)
    with _LOCK:
        fig = _figure(7.0, 2.8)
        ax = fig.subplots()
        width = 0.8 / max(len(series), 1)
        for i, (name, values) in enumerate(series):
            xs = [x + (i - (len(series) - 1) / 2) * width for x in range(len(categories))]
            ax.bar(xs, values, width=width, label=name, color=COLOURS[i % len(COLOURS)])
        many = len(categories) > 6
        ax.set_xticks(
            range(len(categories)),
            categories,
            rotation=45 if many else 0,
            ha="right" if many else "center",
            fontsize=8,
        )
        ax.yaxis.set_major_locator(_matplotlib().ticker.MaxNLocator(integer=not percent, nbins=5))
        ax.yaxis.set_major_formatter(
            _formatter(lambda v, _: fmt.percent(v) if percent else fmt.number(v))
        )
        if percent:
            ax.set_ylim(0, 1)
        ax.set_title(title, loc="left")
        if len(series) > 1:
            ax.legend(frameon=False, ncols=len(series), loc="upper left", bbox_to_anchor=(0, -0.3))
        return _svg(fig)


@lru_cache(maxsize=256)
def horizontal_bars(
    locale: str, title: str, labels: tuple[str, ...], values: tuple[float, ...]
) -> str:
    """One bar per label (e.g. agencies by SLA compliance), best at the top, as percentages."""
    fmt = Formatter(locale)
    with _LOCK:
        fig = _figure(7.0, 0.4 + 0.32 * max(len(labels), 1))
        ax = fig.subplots()
        ys = list(range(len(labels)))[::-1]
        ax.barh(ys, values, color=COLOURS[0])
        ax.set_yticks(ys, labels)
        ax.set_xlim(0, 1.08)  # room for the value labels beside a full bar
        ax.set_xticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
        ax.xaxis.set_major_formatter(_formatter(lambda v, _: fmt.percent(v)))
        for y, v in zip(ys, values, strict=True):
            ax.text(min(v, 0.88) + 0.01, y, fmt.percent(v), va="center", fontsize=8)
        ax.set_title(title, loc="left")
        return _svg(fig)


def chart_rows(values: Sequence[float | None]) -> tuple[float, ...]:
    """Values for a chart: nothing to compute is drawn as 0 (the table beside it says "–")."""
    return tuple(v or 0.0 for v in values)
