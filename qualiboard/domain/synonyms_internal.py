"""The two source kinds the quality team keeps itself, with their French header synonyms: values
typed in by hand for a period, and the action plan. Declarative data only."""

from __future__ import annotations

from qualiboard.domain.schema import Delay, Field, SourceKind
from qualiboard.domain.synonyms import _REFERENCE, _SERVICE, _STATUS

MEASUREMENTS = SourceKind(
    name="measurements",
    label="Mesures saisies",
    period_field="period",
    rows_are_periods=True,
    fields=(
        Field(
            "indicator",
            "label",
            "Indicateur",
            ("indicateur", "code indicateur", "mesure", "id indicateur"),
            required=True,
        ),
        Field("period", "date", "Période", ("période", "mois", "date", "periode"), required=True),
        _SERVICE,
        Field(
            "value",
            "float",
            "Valeur",
            ("valeur", "value", "résultat", "nombre"),
            may_be_negative=True,
            percent=True,
        ),
        Field(
            "numerator",
            "float",
            "Numérateur",
            ("numérateur", "réalisés", "conformes", "fait"),
            part_of="denominator",
        ),
        Field(
            "denominator", "float", "Dénominateur", ("dénominateur", "prévus", "total", "contrôlés")
        ),
        # Last, as the migration that added it appends the column (issue 11).
        Field("site", "label", "Site", ("site", "lieu", "antenne", "point d'accueil")),
    ),
)


ACTIONS = SourceKind(
    name="actions",
    label="Plan d'actions",
    period_field="opened_on",
    key="reference",
    fields=(
        _REFERENCE,
        Field("title", "label", "Intitulé", ("intitulé", "action", "libellé", "description")),
        Field(
            "origin",
            "label",
            "Origine",
            ("origine", "source", "provenance", "type d'action", "issue de"),
        ),
        Field("module", "text", "Module", ("module", "module qualivilles", "chapitre")),
        Field("owner", "label", "Pilote", ("pilote", "responsable", "porteur", "owner")),
        Field(
            "opened_on",
            "date",
            "Date d'ouverture",
            ("date d'ouverture", "ouverte le", "date de création", "date", "date d'émission"),
            required=True,
        ),
        Field(
            "due_on",
            "date",
            "Échéance",
            ("échéance", "date d'échéance", "date prévue", "délai"),
            may_be_future=True,
        ),
        Field(
            "closed_on",
            "date",
            "Date de clôture",
            ("date de clôture", "clôturée le", "date de réalisation", "soldée le", "réalisée le"),
        ),
        _STATUS,
        _SERVICE,
    ),
    delays=(
        Delay("delay", "opened_on", "closed_on", "délai de réalisation"),
        Delay("overdue", "due_on", "closed_on", "dépassement d'échéance"),
    ),
)
