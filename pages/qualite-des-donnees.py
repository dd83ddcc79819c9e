"""Qualité des données: completeness per source and month, gaps, undeclared services."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages import _cache as cache
from pages import _guard as guard
from pages import _layout as layout
from pages import _session as session
from qualiboard.present.formatting import month_label
from qualiboard.views.data_quality import freshness_table

guard.within_dashboard()
cfg = cache.config()
con = session.connection()

layout.page_header(
    "Qualité des données",
    "La collecte elle-même est suivie : volumes par mois, mois manquants, champs non renseignés "
    "et services inconnus du référentiel.",
)

fresh, quality = cache.data_quality_for(cache.cache_key(con))
if fresh["last_record"].isna().all():
    layout.empty_database_message()
    st.stop()

st.markdown("#### Dernier import par source")
layout.table(freshness_table(fresh), hide_index=True, width="stretch")

st.markdown("#### Traités sans date de fin")
no_end = quality["treated_no_end"]
if no_end.empty:
    st.success("Aucun enregistrement « traité » sans date de fin.")
else:
    for row in no_end.sort_values("month", ascending=False).head(6).itertuples():
        st.markdown(
            f"- {month_label(row.month)} — {row.source} : **{row.treated_no_end} traités sans date de "
            f"fin** sur {row.treated} traités"
        )
    with st.expander("Tous les mois"):
        layout.table(
            no_end.assign(month=no_end["month"].map(month_label)).rename(
                columns={
                    "source": "Source",
                    "month": "Mois",
                    "treated": "Traités",
                    "treated_no_end": "Traités sans date de fin",
                }
            ),
            hide_index=True,
            width="stretch",
        )


def section(title: str, table: pd.DataFrame, all_good: str, advice: str | None = None) -> None:
    st.markdown(f"#### {title}")
    if table.empty:
        st.success(all_good)
        return
    layout.table(table, hide_index=True, width="stretch")
    if advice:
        st.caption(advice)


section(
    "Imports sans date de fin : délais non calculables",
    quality["unmeasurable"],
    "Chaque import contient les dates de fin dont ses délais ont besoin.",
    "Les enregistrements de ces fichiers ne comptent ni en retard ni dans le délai : "
    "demandez à l'outil d'origine un export qui contient la date de fin.",
)
section(
    "Mesures saisies qu'aucun indicateur ne lit",
    quality["unknown_measures"],
    "Chaque mesure saisie porte le code d'un indicateur du référentiel.",
    "Ces lignes sont importées mais ne comptent dans aucun indicateur : corrigez la colonne "
    "« Indicateur » du fichier avec le code attendu, puis importez-le de nouveau.",
)
section(
    "Mois sans données",
    quality["gaps"],
    "Aucun mois manquant entre la première et la dernière donnée de chaque source.",
)
section(
    "Services présents dans les données mais absents du référentiel",
    quality["undeclared_services"],
    "Tous les services des données sont déclarés dans indicators.yaml.",
    "Ajoutez-les à la rubrique « services » d'indicators.yaml, ou comme alias d'un service "
    "existant.",
)

st.markdown("#### Enregistrements par source et par mois")
per_month = quality["per_month"]
if not per_month.empty:
    table = per_month.pivot_table(
        index="source", columns="month", values="records", aggfunc="sum", fill_value=0
    )
    # Newest month first: the month the committee reviews is never off-screen on the right.
    table = table[sorted(table.columns, reverse=True)]
    table.columns = [month_label(m) for m in table.columns]
    table.index.name = "Source"
    layout.table(table, width="stretch")
