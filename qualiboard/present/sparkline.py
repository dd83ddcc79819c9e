"""A card's 12-month line as a small SVG: no chart library in the browser per card.

Twenty-nine Plotly sparklines made the overview's first view take 5 s on the demo town; a few
hundred bytes of SVG each are drawn with the page's own HTML. The overview draws its cards with
`st.html`, whose sanitiser keeps HTML only: there the curves travel as one picture of stacked
bands (`CurveSheet`), each card showing its own band."""

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
    """`sparkline_shapes` as an SVG of its own, stretching to its box's width."""
    shapes = sparkline_shapes(values, objectives, provisional)
    if not shapes:
        return ""
    return (
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" preserveAspectRatio="none" '
        f'xmlns="http://www.w3.org/2000/svg">{shapes}</svg>'
    )


def sparkline_shapes(
    values: Sequence,
    objectives: Sequence,
    provisional: Sequence | None = None,
) -> str:
    """The values as a line (provisional months as open circles), the objective as a dashed
    step line, in a 240 × 44 box. Empty text when there is nothing to draw.
    It is drawn as a picture, which shows neither the SVG's own titles nor its label: the months
    and values are said by the card's curve (`CurveSheet.curve`), so the SVG carries only its
    shapes."""
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
    return f'<g stroke="{LINE}" fill="{LINE}">{"".join(parts)}</g>'


class CurveSheet:
    """The overview's curves as one picture, each card showing its band of it. A browser makes a
    whole document of every SVG picture: in a new browser, 41 pictures took 0,26 s to paint, one
    picture of 41 bands 0,03 s (27/11/2026)."""

    def __init__(self) -> None:
        self._bands: list[str] = []

    def curve(
        self,
        labels: Sequence[str],
        values: Sequence,
        texts: Sequence[str],
        objectives: Sequence,
        provisional: Sequence | None = None,
    ) -> str:
        """A card's curve: its band of the sheet, with its periods and values said in words
        (for a screen reader, and the tooltip a mouse shows), since points inside a picture
        cannot have their own: each period as the card names it (`labels`: « oct. 2026 »,
        « T4 2026 »), each value as the card shows it (`texts`: with its unit and precision),
        provisional ones said so. Empty text when there is nothing to draw."""
        shapes = sparkline_shapes(values, objectives, provisional)
        if not shapes:
            return ""
        offset = len(self._bands) * HEIGHT
        self._bands.append(f'<g transform="translate(0,{offset})">{shapes}</g>')
        flags = list(provisional or [])
        said = escape(
            " · ".join(
                f"{labels[i]} : {texts[i]}"
                + (" (provisoire)" if i < len(flags) and flags[i] else "")
                for i, value in enumerate(values)
                if _present(value)
            )
        )
        first, last = escape(labels[0]), escape(labels[-1])
        return (
            f'<div class="qb-spark" role="img" aria-label="Évolution de {first} à {last} — '
            f'{said}" title="{said}" style="background-position:0 {-offset}px"></div>'
        )

    def style(self) -> str:
        """The sheet, for every curve drawn so far: one band of 44 px per curve, the width
        of its card. The SVG travels percent-encoded rather than in base64: a third smaller."""
        if not self._bands:
            return ""
        height = len(self._bands) * HEIGHT
        svg = (
            f'<svg viewBox="0 0 {WIDTH} {height}" preserveAspectRatio="none" '
            f'xmlns="http://www.w3.org/2000/svg">{"".join(self._bands)}</svg>'
        )
        source = quote(svg.replace('"', "'"), safe=" =/:,.'")
        return (
            f'<style>.qb-spark{{background-image:url("data:image/svg+xml,{source}");'
            f"background-size:100% {height}px}}</style>"
        )
