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
from html import escape
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
            # Drawn about 300 units wide and shown at the width of a phone's content (CSS): a
            # unit is about a CSS pixel there, so 12-unit text stays at least 12 px.
            "font.size": 12,
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
        fig = _figure(4.2, 3.2)
        ax = fig.subplots()
        width = 0.8 / max(len(series), 1)
        for i, (name, values) in enumerate(series):
            xs = [x + (i - (len(series) - 1) / 2) * width for x in range(len(categories))]
            ax.bar(xs, values, width=width, label=name, color=COLOURS[i % len(COLOURS)])
        many = len(categories) > 3
        ax.set_xticks(
            range(len(categories)),
            categories,
            rotation=60 if many else 0,
            ha="right" if many else "center",
            rotation_mode="anchor",
        )
        ax.yaxis.set_major_locator(_matplotlib().ticker.MaxNLocator(integer=not percent, nbins=4))
        ax.yaxis.set_major_formatter(
            _formatter(lambda v, _: fmt.percent(v) if percent else fmt.number(v))
        )
        if percent:
            ax.set_ylim(0, 1)
        ax.set_title(title, loc="left", fontweight="bold", wrap=True)
        if len(series) > 1:
            # One series a line under the chart: the names are long, the chart is narrow.
            ax.legend(frameon=False, ncols=1, loc="upper left", bbox_to_anchor=(-0.2, -0.42))
        return _svg(fig)


# Hand-drawn horizontal bars (below): sized for a phone. The viewBox is 320 units wide, about
# the width of a 360 px screen's content, so a unit is about a CSS pixel there and the 13-unit
# labels stay at least 12 px; on a wider screen the chart grows with them (CSS caps its width).
WIDTH = 320
LABEL_SIZE = 13
TITLE_SIZE = 14
LINE = 17  # the height of one line of label text
BAR = 20
TRACK = "#e4e8ee"  # the full length of a bar: 100 %
DARK_TEXT = "#1a1a1a"
LIGHT_TEXT = "#ffffff"
# DejaVu Sans (the PDF) and the usual phone sans-serifs average under 0.62 em a character: a
# label measured with it never runs out of the chart.
CHAR_EM = 0.62


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance of "#rrggbb"."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_colour(background: str) -> str:
    """The darker or lighter text, whichever reads better on `background` (AA needs 4.5)."""
    return max((DARK_TEXT, LIGHT_TEXT), key=lambda c: contrast(c, background))


def text_width(text: str, size: float) -> float:
    return len(text) * size * CHAR_EM


def wrap(text: str, size: float, width: float = WIDTH) -> list[str]:
    """Words in lines that fit `width` (a single word longer than a line keeps its own line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(lines[-1] + " " + word, size) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _text(x: float, y: float, text: str, size: float, **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<text x="{x:g}" y="{y:g}" font-size="{size}"{extra}>{escape(text)}</text>'


@lru_cache(maxsize=256)
def horizontal_bars(
    locale: str, title: str, labels: tuple[str, ...], values: tuple[float | None, ...]
) -> str:
    """One bar per label (e.g. agencies by SLA compliance), as percentages, in the given order.

    Each label stands on its own line(s) above its bar, so long agency names need no margin and
    the chart stays narrow. The value is written inside the bar when it fits there, in the text
    colour with the better contrast on the bar; otherwise after the bar, on the track. A value
    that cannot be computed (None) is written "–" with no bar. Presentation attributes only, no
    style attributes: nothing for the Content-Security-Policy to refuse."""
    fmt = Formatter(locale)
    colour = COLOURS[0]
    parts: list[str] = []
    y = 0.0
    for line in wrap(title, TITLE_SIZE):
        y += TITLE_SIZE + 4
        parts.append(_text(0, y, line, TITLE_SIZE, font_weight="bold", fill=DARK_TEXT))
    y += 6
    for label, value in zip(labels, values, strict=True):
        for line in wrap(label, LABEL_SIZE):
            y += LINE
            parts.append(_text(0, y - 4, line, LABEL_SIZE, fill=DARK_TEXT))
        top = y + 1
        parts.append(f'<rect x="0" y="{top:g}" width="{WIDTH}" height="{BAR}" fill="{TRACK}"/>')
        shown = fmt.percent(value)
        length = max(0.0, min(1.0, value or 0.0)) * WIDTH
        if length:
            parts.append(
                f'<rect x="0" y="{top:g}" width="{length:.1f}" height="{BAR}" fill="{colour}"/>'
            )
        baseline = top + BAR / 2 + LABEL_SIZE * 0.35
        if text_width(shown, LABEL_SIZE) + 12 <= length:
            parts.append(
                _text(
                    length - 6,
                    baseline,
                    shown,
                    LABEL_SIZE,
                    text_anchor="end",
                    font_weight="bold",
                    fill=text_colour(colour),
                )
            )
        else:
            parts.append(
                _text(
                    length + 6,
                    baseline,
                    shown,
                    LABEL_SIZE,
                    font_weight="bold",
                    fill=text_colour(TRACK),
                )
            )
        y = top + BAR + 8
    height = y + 2
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bars" viewBox="0 0 {WIDTH} {height:g}" '
        f'width="{WIDTH}" height="{height:g}" font-family="DejaVu Sans, sans-serif">'
        + "".join(parts)
        + "</svg>"
    )


def chart_rows(values: Sequence[float | None]) -> tuple[float, ...]:
    """Values for a chart: nothing to compute is drawn as 0 (the table beside it says "–")."""
    return tuple(v or 0.0 for v in values)
