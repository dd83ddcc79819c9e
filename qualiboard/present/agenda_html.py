"""The review agenda as one block of HTML: one item per indicator (status chip and word, value,
objective, trend, why it moved, the analyses of the last months). A committee's agenda holds
forty items; drawn as one block it appears at once, where forty groups of Streamlit elements
took the browser over a second."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from qualiboard.present.formatting import STATUS_COLOURS, STATUS_ICONS

AGENDA_STYLE = """
<style>
.qb-agenda { display: flex; flex-direction: column; gap: 0.6rem; }
.qb-item { border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; padding: 0.7rem 1rem;
  overflow-wrap: break-word; }
.qb-item .qb-chip { display: inline-block; color: #000; padding: 2px 8px; border-radius: 10px;
  font-weight: 600; white-space: nowrap; }
.qb-item .qb-line { line-height: 1.6; }
.qb-item .qb-small { color: #555; font-size: 0.85rem; margin-top: 0.2rem; }
</style>
"""


@dataclass(frozen=True)
class AgendaItem:
    status: str
    label: str
    value: str
    objective: str
    trend: str
    reason: str
    notes: tuple[str, ...]  # « octobre 2026 — author : analysis · décisions : … »


def chip_html(status: str) -> str:
    """A status as a coloured chip holding its icon and its word (never colour alone)."""
    colour = STATUS_COLOURS.get(status, "#999999")
    icon = STATUS_ICONS.get(status, "")
    return f'<span class="qb-chip" style="background:{colour}">{icon} {escape(status)}</span>'


def agenda_html(items: Iterable[AgendaItem]) -> str:
    """Every text is escaped: labels, analyses and decisions are typed by people."""
    blocks = []
    for item in items:
        parts = [
            f'<div class="qb-line">{chip_html(item.status)} <b>{escape(item.label)}</b> · '
            f"{escape(item.value)} · {escape(item.objective)} · {escape(item.trend)}</div>"
        ]
        if item.reason:
            parts.append(f'<div class="qb-small">Pourquoi ça a bougé : {escape(item.reason)}</div>')
        parts += [f'<div class="qb-small">{escape(note)}</div>' for note in item.notes]
        blocks.append(f'<div class="qb-item">{"".join(parts)}</div>')
    return f'<div class="qb-agenda">{"".join(blocks)}</div>'


def agenda_items(agenda, reasons: dict[str, str], earlier) -> list[AgendaItem]:
    """The agenda's rows (`views.review_agenda`) with their reasons and the analyses of the last
    months (`review.notes`), as items of `agenda_html`."""
    from qualiboard.present.formatting import month_label, objective_phrase

    items = []
    for card in agenda.itertuples():
        own = earlier[earlier["indicator_id"] == card.indicator_id]
        notes = tuple(
            f"{month_label(note.period)} — {note.author} : {note.analysis}"
            + (f" · décisions : {note.decisions}" if note.decisions else "")
            for note in own.itertuples()
        )
        items.append(
            AgendaItem(
                status=card.status,
                label=card.label,
                value=card.value_text,
                objective=objective_phrase(card.objective_text),
                trend=card.trend,
                reason=reasons.get(card.indicator_id, ""),
                notes=notes,
            )
        )
    return items
