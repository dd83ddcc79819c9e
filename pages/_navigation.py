"""The pages of the dashboard: file, title and icon of each, in the sidebar's order."""

from __future__ import annotations

import re

import streamlit as st

# (file in pages/, title, icon). Each page's address is its file's name: on a freshly started
# server, Streamlit routes a bookmark by the files of pages/ (see _guard.within_dashboard);
# another address would get its English "Page not found".
PAGES: tuple[tuple[str, str, str], ...] = (
    ("vue-d-ensemble", "Vue d'ensemble", ":material/home:"),
    ("indicateur", "Indicateur (détail)", ":material/monitoring:"),
    ("revue", "Revue mensuelle", ":material/groups:"),
    ("actions", "Plan d'actions", ":material/task_alt:"),
    ("bilan", "Bilan annuel", ":material/summarize:"),
    ("referentiel", "Référentiel des indicateurs", ":material/table_view:"),
    ("qualite-des-donnees", "Qualité des données", ":material/fact_check:"),
    ("import", "Import des données", ":material/upload_file:"),
    ("journal", "Journal", ":material/history:"),
    ("comptes", "Comptes et réglages", ":material/manage_accounts:"),
    ("resultats", "Résultats pour les usagers", ":material/campaign:"),
)


# An address Streamlit can route (no slash, no dot): anything else keeps Streamlit's own dialog.
_ADDRESS = re.compile(r"[A-Za-z0-9_-]{1,80}")


def filters_after(page) -> bool:
    """Whether the sidebar's filters are drawn after `page` rather than before it. The overview
    is drawn from figures computed ahead: its cards come first, without waiting for the scripts
    of the filters' widgets (a new browser draws them 0,25 s sooner, A/B of 26/11/2026). A page
    that computes draws the filters first, so that they can be used while it computes."""
    return page.url_path in ("", PAGES[0][0])


def requested_address() -> str | None:
    """The page name of the address the browser asked for (Streamlit keeps it in its run
    context; there is no public API for it)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    manager = getattr(ctx, "pages_manager", None)
    return getattr(manager, "intended_page_name", None) or None


def app_pages() -> list:
    """The pages of the dashboard, the first one opening at the root address. The first page
    also answers at its own name (bookmarks and links use it), and an unknown address opens a
    French « Page introuvable » instead of Streamlit's English dialog."""
    first, title, icon = PAGES[0]
    # The default page is served at the root but still reserves its url_path: it reserves
    # « accueil », so that its own name can answer as a hidden twin.
    pages = [st.Page(f"pages/{first}.py", title=title, icon=icon, url_path="accueil", default=True)]
    pages += [
        st.Page(f"pages/{name}.py", title=title, icon=icon, url_path=name)
        for name, title, icon in PAGES[1:]
    ]
    pages.append(
        st.Page(f"pages/{first}.py", title=title, icon=icon, url_path=first, visibility="hidden")
    )
    wanted = requested_address()
    known = {name for name, _, _ in PAGES}
    if wanted and wanted not in known and _ADDRESS.fullmatch(wanted):
        pages.append(
            st.Page(
                "pages/introuvable.py",
                title="Page introuvable",
                icon=":material/help:",
                url_path=wanted,
                visibility="hidden",
            )
        )
    return pages
