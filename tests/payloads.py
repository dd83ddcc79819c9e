"""Hostile text placed where data goes (service, category, file name, header-like values, note,
decision, action title, attendees, account name): every one must be shown as typed, never turned
into a link, an image, a colour, a formula, bold text or HTML. The remote address is a TEST-NET
one (RFC 5737): a browser that fetched it would show up in the recorded requests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from qualiboard.domain.config import load_config
from qualiboard.ingest.batches import import_file
from qualiboard.present.safe import shown
from qualiboard.steering.review import close_action, create_action, record_decision, record_review
from qualiboard.store.access import SYSTEM, Identity
from qualiboard.store.db import connect

REMOTE = "198.51.100.7"
PAYLOADS: dict[str, str] = {
    "image": f"![pixel](http://{REMOTE}/pixel.png)",
    "lien": f"[cliquez ici](http://{REMOTE}/piege)",
    "html": f"<img src=http://{REMOTE}/img.png> <b>gras html</b>",
    "couleur": ":red[alerte rouge] :material/warning: :smile:",
    "maths": "$x^2$ et $$\\frac{1}{2}$$",
    "gras": "**gras markdown** _italique_ `code`",
    "titre": "# Titre injecté",
    "autolien": f"http://{REMOTE}/auto www.exemple.invalid",
}
# One line per payload: the service names of the hostile letters (a service is one line).
SERVICES = {key: f"Service {value}" for key, value in PAYLOADS.items()}
FILE_NAME = f"{PAYLOADS['image']} {PAYLOADS['html']}.csv"
NOTE = "\n".join(PAYLOADS.values())  # a note keeps its line breaks
MONTH = dt.date(2026, 10, 1)


def seed_hostile(path: Path, root: Path, today: dt.date) -> None:
    """Write the payloads into an existing (demo) database through the core, as users would."""
    config = load_config(root / "indicators.yaml")
    con = connect(path)
    try:
        csv = path.parent / "hostile.csv"
        lines = ["N° chrono;Date d'arrivée;Date de réponse;Canal;Service"]
        lines += [
            f"HOST-{i:03d};0{1 + i}/10/2026;2{i}/10/2026;Courrier;{service}"
            for i, service in enumerate(SERVICES.values())
        ]
        csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
        import_file(
            con,
            csv,
            config.organisation,
            today=today,
            display_name=FILE_NAME,
            kind="correspondence",
        )
        quality = Identity("qualite.hostile", PAYLOADS["gras"], "responsable qualité")
        record_review(con, MONTH, held_on=today, attendees=PAYLOADS["lien"], by=quality)
        for indicator_id in ("courrier_delai",):
            record_decision(
                con,
                indicator_id,
                MONTH,
                analysis=NOTE,
                decisions=PAYLOADS["couleur"],
                by=quality,
            )
        reference = create_action(
            con,
            title=PAYLOADS["image"],
            origin="COPIL",
            owner=PAYLOADS["html"],
            opened_on=MONTH,
            due_on=None,
            by=SYSTEM,
        )
        create_action(
            con,
            title=PAYLOADS["maths"],
            origin="COPIL",
            owner="x",
            opened_on=MONTH,
            due_on=None,
            by=SYSTEM,
        )
        close_action(con, reference, closed_on=today, by=SYSTEM)
    finally:
        con.close()


def shown_as_typed(rendered: str) -> bool:
    """Markdown source that, once its character references are decoded, holds every payload,
    and that holds none of the characters which would start a construct."""
    return all(p in shown(rendered) for p in PAYLOADS.values())
