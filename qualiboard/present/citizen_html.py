"""The results published to citizens as accessible HTML (RGAA): French language declared, one
h1 then one h2 per engagement, colours of at least 4.5:1 contrast, every status said in words
with its symbol, every chart an SVG image with a text alternative and its figures in a table.
The same HTML is the public page and the printable A4 poster."""

from __future__ import annotations

import base64
import datetime as dt
from html import escape

from qualiboard.present.formatting import month_label, number, unit_for
from qualiboard.steering.citizen_results import PublicResult, PublicResults

TEXT = "#1B1B1B"
BAR = "#1F4E79"
TARGET = "#A33D00"
KEPT = ("#00613A", "#E3F2EA")
MISSED = ("#8A2C00", "#FBE9E1")
UNSURE = ("#333333", "#EEEEEE")
BACKGROUND = "#FFFFFF"
# Foreground / background pairs used on the page: the test checks each one's contrast.
COLOUR_PAIRS = [(TEXT, BACKGROUND), (BAR, BACKGROUND), (TARGET, BACKGROUND), KEPT, MISSED, UNSURE]

STYLE = f"""
.qb-public {{ font-family: "DejaVu Sans", Arial, sans-serif; color: {TEXT};
  background: {BACKGROUND}; max-width: 60rem; line-height: 1.45; }}
.qb-public h1 {{ font-size: 1.7rem; margin: 0 0 .3rem; }}
.qb-public h2 {{ font-size: 1.2rem; margin: 1.2rem 0 .3rem; }}
.qb-public .qb-result {{ font-size: 1.05rem; margin: .2rem 0; }}
.qb-public .qb-badge {{ display: inline-block; padding: .1rem .5rem; border-radius: .6rem;
  font-weight: 700; }}
.qb-public table {{ border-collapse: collapse; margin: .3rem 0; font-size: .9rem; }}
.qb-public th, .qb-public td {{ border: 1px solid #767676; padding: .15rem .45rem;
  text-align: left; }}
.qb-public section {{ break-inside: avoid; border-top: 1px solid #767676; }}
/* On a phone the chart narrows with the page (its viewBox keeps its proportions). */
.qb-public .qb-chart {{ max-width: 100%; height: auto; }}
.qb-public .qb-note {{ font-size: .9rem; }}
@page {{ size: A4; margin: 14mm; }}
@media print {{ .qb-public {{ max-width: none; font-size: 10.5pt; }}
  .qb-public details {{ display: none; }} }}
"""


def _amount(value: float | None, result: PublicResult) -> str:
    indicator = result.indicator
    if value is None:
        return "—"
    if indicator.is_percent:
        return f"{number(value, 0)}\u202f%"
    decimals = 0 if indicator.measure.spec.additive else 1
    return f"{number(value, decimals)} {unit_for(value, indicator.unit)}"


def _short(value: float, result: PublicResult) -> str:
    """A bar's label: the figure without its unit (the unit is in the heading)."""
    decimals = 0 if result.indicator.is_percent or result.indicator.measure.spec.additive else 1
    return number(value, decimals)


def objective_words(result: PublicResult) -> str:
    """« au moins 90 % », « au plus 10 minutes »."""
    bound = "au moins" if result.indicator.direction == "higher" else "au plus"
    return f"{bound} {_amount(result.objective, result)}"


def verdict_words(result: PublicResult, complete_year: bool) -> tuple[str, tuple[str, str]]:
    if result.value is None:
        return "○ Pas encore de résultat", UNSURE
    if result.kept is None:
        return "? Pas assez de données pour conclure", UNSURE
    if result.kept:
        return "✔ Engagement tenu", KEPT
    return ("✖ Engagement non tenu" if complete_year else "✖ Pas encore tenu"), MISSED


def _chart(result: PublicResult, label_id: str) -> str:
    """Monthly bars and the objective as a dashed line, as an image whose `alt` names it; its
    figures are in the table that follows (the long description)."""
    values = [v for v in result.monthly if v is not None]
    if not values:
        return ""
    top = max([*values, result.objective or 0]) * 1.15 or 1
    # Drawn 440 px wide with 12 px labels: narrowed to a phone's 350 px, its labels stay
    # near 10 px, where a 560 px drawing shrank them to 7 px.
    width, height, left, bottom = 440, 150, 8, 22
    step = (width - left) / max(len(result.months), 1)
    parts = []
    for position, (month, value) in enumerate(zip(result.months, result.monthly, strict=True)):
        x = left + position * step
        label = escape(month_label(month).split()[0])
        parts.append(
            f'<text x="{x + step / 2:.1f}" y="{height - 6}" font-size="12" '
            f'text-anchor="middle" fill="{TEXT}">{label}</text>'
        )
        if value is None:
            continue
        bar = (height - bottom) * value / top
        parts.append(
            f'<rect x="{x + step * 0.15:.1f}" y="{height - bottom - bar:.1f}" '
            f'width="{step * 0.7:.1f}" height="{bar:.1f}" fill="{BAR}"/>'
        )
        parts.append(
            f'<text x="{x + step / 2:.1f}" y="{height - bottom - bar + 13:.1f}" font-size="11" '
            f'text-anchor="middle" fill="#FFFFFF">{escape(_short(value, result))}</text>'
        )
    if result.objective is not None:
        y = height - bottom - (height - bottom) * result.objective / top
        parts.append(
            f'<line x1="{left}" x2="{width}" y1="{y:.1f}" y2="{y:.1f}" stroke="{TARGET}" '
            'stroke-width="2" stroke-dasharray="6 4"/>'
        )
    title = (
        f"Graphique : résultat mois par mois, objectif {objective_words(result)} (ligne "
        "pointillée) ; les valeurs sont dans le tableau « Le graphique en tableau »"
    )
    svg = (
        f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        # An <img> does not inherit the page's font: the page's own is named.
        'font-family="DejaVu Sans, Arial, sans-serif" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{"".join(parts)}</svg>'
    )
    # An image rather than inline SVG: the dashboard's HTML sanitiser removes inline SVG, and an
    # <img> with its `alt` is the text alternative every screen reader knows.
    encoded = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (
        f'<img class="qb-chart" id="{label_id}" src="data:image/svg+xml;base64,{encoded}" '
        f'width="{width}" height="{height}" alt="{escape(title)}">'
    )


def _section(result: PublicResult, position: int, complete_year: bool, period: str) -> str:
    words, (fg, bg) = verdict_words(result, complete_year)
    engagement = escape(result.indicator.engagement or result.indicator.label)
    label_id = f"qb-chart-{position}"
    out = [
        "<section>",
        f"<h2>« {engagement} »</h2>",
        f'<p class="qb-result">Résultat {escape(period)} : <strong>'
        f"{_amount(result.value, result)}</strong> — notre objectif : "
        f"{escape(objective_words(result))} — "
        f'<span class="qb-badge" style="color:{fg};background:{bg}">{escape(words)}</span></p>',
        _chart(result, label_id),
    ]
    if any(v is not None for v in result.monthly):
        rows = "".join(
            f"<tr><td>{escape(month_label(m, long=True))}</td><td>{_amount(v, result)}</td></tr>"
            for m, v in zip(result.months, result.monthly, strict=True)
        )
        out.append(
            "<details><summary>Le graphique en tableau</summary>"
            "<table><caption>Résultat mois par mois</caption><thead><tr>"
            '<th scope="col">Mois</th><th scope="col">Résultat</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></details>"
        )
    if result.by_service:
        rows = "".join(
            f"<tr><td>{escape(name)}</td><td>{_amount(value, result)}</td></tr>"
            for name, value in result.by_service.items()
        )
        out.append(
            "<table><caption>Par service</caption><thead><tr>"
            '<th scope="col">Service</th><th scope="col">Résultat</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )
    out.append("</section>")
    return "".join(out)


def period_words(results: PublicResults) -> str:
    if results.complete_year:
        return str(results.year)
    return f"de janvier à {month_label(results.last, long=True)}"


def title(results: PublicResults) -> str:
    return f"Nos engagements de service : les résultats {results.year}"


def citizen_fragment(
    results: PublicResults, published_on: dt.date, *, with_title: bool = True
) -> str:
    """The body of the page (with its style); without its h1 when the page has its own."""
    period = period_words(results)
    judged = [r for r in results.results if r.kept is not None]
    kept = sum(1 for r in judged if r.kept)
    head = (
        f'<div class="qb-public" lang="fr"><style>{STYLE}</style>'
        + (f"<h1>{escape(title(results))}</h1>" if with_title else "")
        + f"<p>{escape(results.town)} — résultats "
        f"{escape(period if not results.complete_year else 'de l’année ' + period)}, "
        f"publiés le {published_on:%d/%m/%Y}.</p>"
    )
    if not results.results:
        return head + "<p>Aucun engagement n'est encore publié.</p></div>"
    summary = (
        f"<p><strong>{kept} engagement{'s' if kept > 1 else ''} tenu{'s' if kept > 1 else ''} "
        f"sur {len(judged)}</strong> pour lesquels nous pouvons conclure.</p>"
        if judged
        else ""
    )
    label = "en " + str(results.year) if results.complete_year else period
    sections = "".join(
        _section(result, position, results.complete_year, label)
        for position, result in enumerate(results.results)
    )
    note = (
        '<p class="qb-note">Comment lire ces résultats : chaque résultat est calculé sur '
        "l'ensemble des demandes de la période. Une demande encore en cours et dans son délai "
        "n'est pas comptée tant qu'elle n'a pas reçu de réponse. Nos objectifs sont suivis "
        "chaque mois dans le cadre de la démarche qualité Qualivilles.</p>"
    )
    return head + summary + sections + note + "</div>"


def citizen_document(results: PublicResults, published_on: dt.date) -> str:
    """A complete HTML document to print on A4 or to put on the town's website."""
    heading = f"{results.town} — nos engagements de service, résultats {results.year}"
    return (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(heading)}</title></head><body>"
        f"{citizen_fragment(results, published_on)}</body></html>"
    )
