"""Small SVG charts drawn by hand (pure: numbers in, markup out): a bar chart with an optional
line of shares, and a weekday × hour heatmap. No JavaScript; every chart is shown with a table
of the same numbers for screen readers (the SVG is `aria-hidden`). Labels are given formatted."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

BAR = "#0b4f8a"
LINE = "#b35c00"


def bars(
    labels: Sequence[str],
    values: Sequence[float],
    shares: Sequence[float | None] = (),
    *,
    width: int = 720,
    height: int = 220,
) -> str:
    """Bars of `values` (scaled to the largest), and a line of `shares` (0–1) over them."""
    n = max(len(values), 1)
    top, bottom, left = 10, 30, 10
    plot_h = height - top - bottom
    step = (width - 2 * left) / n
    peak = max(values, default=0) or 1
    parts = [
        f'<svg class="cc-chart" viewBox="0 0 {width} {height}" role="img" aria-hidden="true"'
        ' xmlns="http://www.w3.org/2000/svg">'
    ]
    every = max(1, n // 12)
    for i, (label, value) in enumerate(zip(labels, values, strict=False)):
        h = plot_h * value / peak
        x = left + i * step
        parts.append(
            f'<rect x="{x + step * 0.1:.1f}" y="{top + plot_h - h:.1f}" width="{step * 0.8:.1f}"'
            f' height="{h:.1f}" fill="{BAR}"/>'
        )
        if i % every == 0:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{height - 10}" text-anchor="middle"'
                f' font-size="11">{escape(label)}</text>'
            )
    points = [
        f"{left + i * step + step / 2:.1f},{top + plot_h * (1 - s):.1f}"
        for i, s in enumerate(shares)
        if s is not None
    ]
    if points:
        parts.append(
            f'<polyline points="{" ".join(points)}" fill="none" stroke="{LINE}" stroke-width="2"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def heatmap(
    rows: Sequence[str],
    columns: Sequence[str],
    cells: Sequence[Sequence[float | None]],
    texts: Sequence[Sequence[str]],
    *,
    cell: int = 30,
) -> str:
    """A grid of cells shaded by their value relative to the largest (None: left white)."""
    left, top = 44, 18
    width, height = left + cell * len(columns), top + cell * len(rows)
    peak = max((v for row in cells for v in row if v is not None), default=0) or 1
    parts = [
        f'<svg class="cc-heatmap" viewBox="0 0 {width} {height}" role="img" aria-hidden="true"'
        ' xmlns="http://www.w3.org/2000/svg">'
    ]
    for j, name in enumerate(columns):
        parts.append(
            f'<text x="{left + j * cell + cell / 2}" y="12" text-anchor="middle"'
            f' font-size="10">{escape(name)}</text>'
        )
    for i, name in enumerate(rows):
        y = top + i * cell
        parts.append(f'<text x="0" y="{y + cell / 2 + 4}" font-size="11">{escape(name)}</text>')
        for j, value in enumerate(cells[i]):
            x = left + j * cell
            shade = 0 if value is None else 0.1 + 0.9 * value / peak
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell - 1}" height="{cell - 1}"'
                f' fill="{BAR}" fill-opacity="{shade:.2f}" stroke="#ddd"/>'
            )
            if texts[i][j]:
                colour = "#fff" if shade > 0.55 else "#000"
                parts.append(
                    f'<text x="{x + cell / 2}" y="{y + cell / 2 + 4}" text-anchor="middle"'
                    f' font-size="9" fill="{colour}">{escape(texts[i][j])}</text>'
                )
    parts.append("</svg>")
    return "".join(parts)


SHORT = "#b3261e"
NEED = "#b35c00"
PRESENT = "#444"


def staffing(
    labels: Sequence[str],
    rostered: Sequence[float],
    required: Sequence[float],
    available: Sequence[float],
    *,
    width: int = 720,
    height: int = 240,
) -> str:
    """Officers per interval: rostered as bars (red where fewer than required, hatched so the
    shortfall does not rest on colour alone), required as a stepped line, actually available
    as a dashed line. All on one scale of officers. An interval's label is drawn where given
    (the caller leaves most empty, so they do not run into each other)."""
    n = max(len(rostered), 1)
    top, bottom, left = 10, 30, 10
    plot_h = height - top - bottom
    step = (width - 2 * left) / n
    peak = max([*rostered, *required, *available, 1])

    def y(v: float) -> float:
        return top + plot_h * (1 - v / peak)

    parts = [
        f'<svg class="cc-chart" viewBox="0 0 {width} {height}" role="img" aria-hidden="true"'
        ' xmlns="http://www.w3.org/2000/svg"><defs><pattern id="cc-hatch" width="6" height="6"'
        ' patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6"'
        f' fill="{SHORT}"/><line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/>'
        "</pattern></defs>"
    ]
    for i, value in enumerate(rostered):
        x = left + i * step
        short = value < required[i]
        fill = "url(#cc-hatch)" if short else BAR
        parts.append(
            f'<rect x="{x + step * 0.1:.1f}" y="{y(value):.1f}" width="{step * 0.8:.1f}"'
            f' height="{top + plot_h - y(value):.1f}" fill="{fill}"/>'
        )
        if i < len(labels) and labels[i]:
            parts.append(
                f'<text x="{x:.1f}" y="{height - 10}" text-anchor="start"'
                f' font-size="11">{escape(labels[i])}</text>'
            )
    need = " ".join(
        f"{left + i * step:.1f},{y(v):.1f} {left + (i + 1) * step:.1f},{y(v):.1f}"
        for i, v in enumerate(required)
    )
    parts.append(f'<polyline points="{need}" fill="none" stroke="{NEED}" stroke-width="2"/>')
    ready = " ".join(
        f"{left + i * step + step / 2:.1f},{y(v):.1f}" for i, v in enumerate(available)
    )
    if ready:
        parts.append(
            f'<polyline points="{ready}" fill="none" stroke="{PRESENT}" stroke-width="1.5"'
            ' stroke-dasharray="4 3"/>'
        )
    parts.append("</svg>")
    return "".join(parts)
