"""A card's 12-month line as a small SVG: no chart library in the browser per card.

Twenty-nine Plotly sparklines made the overview's first view take 5 s on the demo town; a few
hundred bytes of SVG each are drawn with the page's own HTML. The overview draws its cards with
`st.html`, whose sanitiser keeps HTML only: there the SVG travels as an image (`sparkline_img`)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape
from urllib.parse import quote

WIDTH, HEIGHT, PAD = 240, 44, 4
LINE = "#0072B2"
OBJECTIVE = "#555555"


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _coordinate(value: float) -> str:
    """One decimal, without a trailing « .0 »: 41 curves travel in the page's first message."""
    return f"{value:.1f}".removesuffix(".0")


def sparkline_svg(
    values: Sequence,
    objectives: Sequence,
    provisional: Sequence | None = None,
) -> str:
    """The values as a line (provisional months as open circles), the objective as a dashed
    step line; the SVG stretches to its card's width. Empty text when there is nothing to draw.
    It is drawn as an image, which shows neither the SVG's own titles nor its label: the months
    and values are said by the image (`sparkline_img`), so the SVG carries only its shapes."""
    points = [(i, float(v)) for i, v in enumerate(values) if _present(v)]
    targets = [(i, float(o)) for i, o in enumerate(objectives) if _present(o)]
    if not points:
        return ""
    count = max(len(values), 2)
    every = [v for _, v in points] + [o for _, o in targets]
    low, high = min(every), max(every)
    if high - low < 1e-9:
        low, high = low - 1, high + 1

    def x(i: float) -> str:
        return _coordinate(PAD + (WIDTH - 2 * PAD) * i / (count - 1))

    def y(v: float) -> str:
        return _coordinate(PAD + (HEIGHT - 2 * PAD) * (high - v) / (high - low))

    parts = []
    if targets:
        # A step per change of objective (a year's constant objective is one segment).
        step, level = [], None
        for position, (i, o) in enumerate(targets):
            end = targets[position + 1][0] if position + 1 < len(targets) else count - 1
            if y(o) != level:
                step.append(f"M{x(i)},{y(o)}")
                level = y(o)
            if position + 1 == len(targets) or y(targets[position + 1][1]) != level:
                step.append(f"H{x(end)}")
        parts.append(
            f'<path d="{"".join(step)}" stroke="{OBJECTIVE}" stroke-dasharray="4 3" '
            'fill="none" vector-effect="non-scaling-stroke"/>'
        )
    line = " ".join(f"{x(i)},{y(v)}" for i, v in points)
    parts.append(
        f'<polyline points="{line}" stroke-width="2" fill="none" '
        'vector-effect="non-scaling-stroke"/>'
    )
    flags = list(provisional or [])
    for i, v in points:
        open_circle = ' fill="#fff"' if i < len(flags) and bool(flags[i]) else ""
        parts.append(f'<circle cx="{x(i)}" cy="{y(v)}" r="2.5"{open_circle}/>')
    return (
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" preserveAspectRatio="none" '
        f'xmlns="http://www.w3.org/2000/svg"><g stroke="{LINE}" fill="{LINE}">'
        f"{''.join(parts)}</g></svg>"
    )


def sparkline_img(
    labels: Sequence[str],
    values: Sequence,
    texts: Sequence[str],
    objectives: Sequence,
    provisional: Sequence | None = None,
) -> str:
    """`sparkline_svg` as an <img>: its periods and values are said in words by the image's text
    (alt, and the tooltip a mouse shows), since points inside an image cannot have their own:
    each period as the card names it (`labels`: « oct. 2026 », « T4 2026 »), each value as the
    card shows it (`texts`: with its unit and precision), provisional ones said so.
    The SVG travels percent-encoded rather than in base64: a third smaller."""
    svg = sparkline_svg(values, objectives, provisional)
    if not svg:
        return ""
    flags = list(provisional or [])
    said = escape(
        " · ".join(
            f"{labels[i]} : {texts[i]}" + (" (provisoire)" if i < len(flags) and flags[i] else "")
            for i, value in enumerate(values)
            if _present(value)
        )
    )
    source = quote(svg.replace('"', "'"), safe=" =/:,.'")
    first, last = escape(labels[0]), escape(labels[-1])
    return (
        f'<img class="qb-spark" src="data:image/svg+xml,{source}" '
        f'alt="Évolution de {first} à {last} — {said}" title="{said}">'
    )
