"""The filter language: a malformed filter is refused by `check` with its line and a hint,
never read as `true`; the YAML header lists exactly the operators the registry knows."""

from __future__ import annotations

import datetime as dt

import pytest

from qualiboard.cli import main
from qualiboard.domain.config import ConfigError, parse_config
from qualiboard.domain.filters import FILTER_OPERATORS, header_lines
from qualiboard.engine.indicators import compute_indicator
from tests.conftest import MINIMAL_CONFIG, ROOT, make_config
from tests.helpers import fr, load, write_xlsx

D = dt.date


def indicator_with(filter_yaml: str, source: str = "correspondence") -> str:
    # The filter sits on line 11 of the file (MINIMAL_CONFIG puts the indicators from line 10).
    measure = (
        "{type: share, condition: is_satisfied}"
        if source == "survey_answers"
        else '{type: share, condition: "delay_working_days <= 15"}'
    )
    return MINIMAL_CONFIG.format(
        territory="metropole",
        indicators=f"""  - id: courrier_delai
    filter: {filter_yaml}
    label: Courriers
    module: 1
    source: {source}
    measure: {measure}
    objective: 90
""",
    )


# (filter as written in indicators.yaml, words the French message must hold)
MALFORMED = [
    ("{channel: {contien: Courrier}}", ["opérateur inconnu « contien »", "« contient »"]),
    ("{channel: {contains: Courrier, sauff: [x]}}", ["opérateur inconnu « sauff »", "« sauf »"]),
    ("{channel: {minn: 3}}", ["opérateur inconnu « minn »", "« min »"]),
    ("{chanel: Courrier}", ["le champ « chanel » n'existe pas", "« channel »"]),
    ("{Canal: Courrier}", ["le champ « Canal » n'existe pas", "« channel »"]),
    ("{service_name: CCAS}", ["le champ « service_name » n'existe pas", "« service »"]),
    ("{channel: {min: 3}}", ["« min »", "ne s'applique pas au champ « channel »"]),
    ("{received_on: {contient: '2026'}}", ["« contient »", "ne s'applique pas"]),
    ("{received_on: {min: bientôt}}", ["valeur « bientôt »", "une date"]),
    ("{received_on: {max: 2026-13-01}}", ["date impossible"]),
    ("{delay_days: abc}", ["valeur « abc »", "un nombre"]),
    ("{delay_days: {min: dix}}", ["valeur « dix »", "un nombre"]),
    ("{delay_days: {min: [1, 2]}}", ["« min » attend une seule valeur"]),
    ("{delay_days: {min: 10, max: 5}}", ["« min »", "plus grand que « max »"]),
    ("{delay_days: true}", ["valeur « True »", "un nombre"]),
    ("{channel: {}}", ["rubrique vide", "min, max, contient, sauf"]),
    ("{channel: []}", ["liste vide"]),
    ("{channel: [Courrier, [Courriel]]}", ["un texte est attendu"]),
    ("{channel: null}", ["valeur manquante"]),
    ("{channel: {sauf: {a: b}}}", ["un texte est attendu"]),
    ("{received_on: {sauf: [pas une date]}}", ["valeur « pas une date »", "une date"]),
    ("Courrier", ["champ « filter »", "rubrique (clé: valeur) attendue"]),
]


@pytest.mark.parametrize(("written", "expected"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_check_refuses_a_malformed_filter(written, expected):
    with pytest.raises(ConfigError) as caught:
        parse_config(indicator_with(written))
    message = "\n".join(caught.value.messages)
    assert message.startswith("ligne 11")
    if "date impossible" not in message:  # PyYAML itself refuses it, before any model
        assert message.startswith("ligne 11, indicateur « courrier_delai », champ « filter")
    for words in expected:
        assert words in message


def test_the_table_has_at_least_fifteen_cases():
    assert len(MALFORMED) >= 15


def test_a_bool_field_takes_oui_or_non():
    with pytest.raises(ConfigError) as caught:
        parse_config(indicator_with("{is_satisfied: peut-être}", source="survey_answers"))
    assert "oui ou non" in caught.value.messages[0]
    parse_config(indicator_with("{is_satisfied: oui}", source="survey_answers"))


def test_the_cli_check_refuses_the_typo_of_the_issue(tmp_path, capsys):
    path = tmp_path / "indicators.yaml"
    path.write_text(indicator_with("{channel: {contien: Courrier}}"), encoding="utf-8")
    assert main(["check", "--config", str(path)]) == 1
    err = capsys.readouterr().err
    assert "ligne 11" in err and "vouliez-vous dire « contient »" in err


def test_yaml_header_lists_exactly_the_registry():
    header = []
    for line in (ROOT / "indicators.yaml").read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    start = next(i for i, line in enumerate(header) if "opérateurs de filtre" in line)
    block = []
    for line in header[start + 1 :]:
        if not line.startswith("#                 "):
            break
        block.append(line.removeprefix("#").strip())
    assert block == header_lines()
    written = {w.strip() for line in block for w in line.split(" : ")[0].split("/")}
    registry = {n for op in FILTER_OPERATORS for n in (op.name, *op.aliases) if " " not in n}
    assert written == registry


def test_well_formed_filters_select_what_they_say(con, tmp_path):
    config = make_config(
        """
  - id: courriers_sauf
    label: x
    module: 1
    source: correspondence
    filter: {channel: {sauf: [Courriel]}, delay_days: {min: 1, max: 10}}
    measure: {type: count}
    unit: courriers
    objective: aucun
  - id: courriers_contient
    label: x
    module: 1
    source: correspondence
    filter: {channel: {contient: [courrier, formul]}, received_on: {min: 2026-10-02}}
    measure: {type: count}
    unit: courriers
    objective: aucun
"""
    )
    rows = [
        ["A", fr(D(2026, 10, 1)), fr(D(2026, 10, 5)), "Courrier"],  # 4 days, 01/10
        [
            "B",
            fr(D(2026, 10, 2)),
            fr(D(2026, 10, 3)),
            "Courriel",
        ],  # excepted; « courriel » is not « courrier »
        ["C", fr(D(2026, 10, 2)), fr(D(2026, 10, 30)), "Formulaire en ligne"],  # 28 days
        ["E", fr(D(2026, 10, 5)), fr(D(2026, 10, 7)), "Courrier"],  # 2 days
    ]
    path = write_xlsx(
        tmp_path / "r.xlsx", ["N° chrono", "Date d'arrivée", "Date de réponse", "Canal"], rows
    )
    load(con, config, path, today=D(2026, 11, 3))
    october = D(2026, 10, 1)
    sauf = compute_indicator(con, config, "courriers_sauf", start=october, end=october)
    contient = compute_indicator(con, config, "courriers_contient", start=october, end=october)
    assert sauf.iloc[0]["value"] == 2  # A and E: not e-mail, 1 to 10 days
    assert contient.iloc[0]["value"] == 2  # C and E: « courrier » or « formul », from 02/10
