"""A card's 12-month line as a small SVG: no chart library in the browser per card.

Twenty-nine Plotly sparklines made the overview's first view take 5 s on the demo town; a few
hundred bytes of SVG each are drawn with the page's own HTML. The overview draws its cards with
`st.html`, whose sanitiser keeps HTML only: there the SVG travels as an image (`sparkline_img`)."""

from __future__ import annotations

import base64
import math
from collections.abc import Sequence

from qualiboard.present.formatting import month_label, number

WIDTH, HEIGHT, PAD = 240, 44, 4
LINE = "#0072B2"
OBJECTIVE = "#555555"


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def sparkline_svg(
    periods: Sequence,
    values: Sequence,
    objectives: Sequence,
    provisional: Sequence | None = None,
) -> str:
    """The values as a line (provisional months as open circles), the objective as a dashed
    step line; the SVG stretches to its card's width. Empty text when there is nothing to draw."""
    points = [(i, float(v)) for i, v in enumerate(values) if _present(v)]
    targets = [(i, float(o)) for i, o in enumerate(objectives) if _present(o)]
    if not points:
        return ""
    count = max(len(values), 2)
    every = [v for _, v in points] + [o for _, o in targets]
    low, high = min(every), max(every)
    if high - low < 1e-9:
        low, high = low - 1, high + 1

    def x(i: float) -> float:
        return PAD + (WIDTH - 2 * PAD) * i / (count - 1)

    def y(v: float) -> float:
        return PAD + (HEIGHT - 2 * PAD) * (high - v) / (high - low)

    parts = []
    if targets:
        step = []
        for position, (i, o) in enumerate(targets):
            end = targets[position + 1][0] if position + 1 < len(targets) else count - 1
            step.append(f"M{x(i):.1f},{y(o):.1f}H{x(end):.1f}")
        parts.append(
            f'<path d="{"".join(step)}" stroke="{OBJECTIVE}" stroke-width="1" '
            'stroke-dasharray="4 3" fill="none" vector-effect="non-scaling-stroke"/>'
        )
    line = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in points)
    parts.append(
        f'<polyline points="{line}" stroke="{LINE}" stroke-width="2" fill="none" '
        'vector-effect="non-scaling-stroke"/>'
    )
    flags = list(provisional or [])
    for i, v in points:
        open_circle = i < len(flags) and bool(flags[i])
        fill = "#ffffff" if open_circle else LINE
        label = f"{month_label(periods[i])} : {number(v, 1)}" if i < len(periods) else ""
        parts.append(
            f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2.5" fill="{fill}" stroke="{LINE}">'
            f"<title>{label}</title></circle>"
        )
    first, last = month_label(periods[0]), month_label(periods[-1])
    return (
        f'<svg class="qb-spark" viewBox="0 0 {WIDTH} {HEIGHT}" preserveAspectRatio="none" '
        f'role="img" aria-label="Évolution de {first} à {last}" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>'
    )


def sparkline_img(
    periods: Sequence,
    values: Sequence,
    objectives: Sequence,
    provisional: Sequence | None = None,
) -> str:
    """`sparkline_svg` as an <img>: its months and values are said in words by the image's text
    (alt, and the tooltip a mouse shows), since points inside an image cannot have their own."""
    svg = sparkline_svg(periods, values, objectives, provisional)
    if not svg:
        return ""
    said = " · ".join(
        f"{month_label(period)} : {number(float(value), 1)}"
        for period, value in zip(periods, values, strict=False)
        if _present(value)
    )
    source = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    first, last = month_label(periods[0]), month_label(periods[-1])
    return (
        f'<img class="qb-spark" src="data:image/svg+xml;base64,{source}" '
        f'alt="Évolution de {first} à {last} — {said}" title="{said}">'
    )
