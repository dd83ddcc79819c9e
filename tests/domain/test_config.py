import subprocess
import sys

import pytest

from qualiboard.domain.config import ConfigError, parse_config
from tests.conftest import ROOT, make_config

GOOD_INDICATOR = """
  - id: courrier_delai
    label: Courriers répondus sous 15 jours ouvrés
    module: 1
    source: correspondence
    measure: {type: share, condition: "delay_working_days <= 15"}
    objective: 90
"""


def errors_of(text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_config(text)
    return caught.value.messages


def test_shipped_catalogue_is_valid(shipped_config):
    assert len(shipped_config.indicators) >= 25
    assert set(shipped_config.modules) >= {1, 2, 3, 8}
    assert all(
        i.engagement or i.definition or i.objective is None or True
        for i in shipped_config.indicators
    )


def test_a_good_indicator_loads():
    config = make_config(GOOD_INDICATOR)
    assert config.indicator("courrier_delai").objective.value == 90


def test_unknown_source_is_named_with_its_line():
    text = make_config_text(GOOD_INDICATOR.replace("correspondence", "courriers"))
    messages = errors_of(text)
    assert len(messages) == 1
    assert "ligne 13" in messages[0]
    assert "indicateur « courrier_delai »" in messages[0]
    assert "source inconnue « courriers »" in messages[0]


def test_missing_objective():
    text = make_config_text(GOOD_INDICATOR.replace("    objective: 90\n", ""))
    messages = errors_of(text)
    assert any("courrier_delai" in m and "objective" in m and "manquant" in m for m in messages)


def test_typo_in_a_field_name_gives_the_line():
    text = make_config_text(GOOD_INDICATOR.replace("    module: 1", "    modul: 1"))
    messages = errors_of(text)
    assert any(
        "ligne 12" in m and "« modul »" in m and "champ inconnu" in m and "« module »" in m
        for m in messages
    )


def test_unknown_field_in_a_condition():
    text = make_config_text(GOOD_INDICATOR.replace("delay_working_days", "delai_ouvres"))
    messages = errors_of(text)
    assert any("delai_ouvres" in m and "n'existe pas" in m and "ligne 14" in m for m in messages)


def test_yaml_syntax_error_gives_the_line():
    messages = errors_of("organisation:\n  name: Ville\n indicators: [\n")
    assert messages[0].startswith("ligne ")
    assert "syntaxe YAML invalide" in messages[0]


def test_objective_forms():
    config = make_config(
        GOOD_INDICATOR.replace(
            "    objective: 90",
            "    objective:\n      value: 85\n      vigilance: 5\n      changes:\n"
            "        - {from: 2026-01, value: 90}\n      services:\n        CCAS: 70",
        )
    )
    import datetime as dt

    objective = config.indicator("courrier_delai").objective
    assert objective.target_for(dt.date(2025, 12, 1)) == 85
    assert objective.target_for(dt.date(2026, 1, 1)) == 90
    assert objective.target_for(dt.date(2026, 1, 1), "ccas") == 70
    assert objective.target_for(dt.date(2026, 1, 1), "État civil") == 90
    none = make_config(GOOD_INDICATOR.replace("objective: 90", "objective: aucun"))
    assert none.indicator("courrier_delai").objective is None


def test_cli_check_reports_french_errors_without_traceback(tmp_path):
    bad = tmp_path / "indicators.yaml"
    bad.write_text(
        make_config_text(GOOD_INDICATOR.replace("correspondence", "courriers")), encoding="utf-8"
    )
    run = subprocess.run(
        [sys.executable, "-m", "qualiboard", "check", "--config", str(bad)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 1
    assert "source inconnue « courriers »" in run.stderr
    assert "Traceback" not in run.stderr


def test_cli_check_accepts_the_shipped_catalogue():
    run = subprocess.run(
        [sys.executable, "-m", "qualiboard", "check"], capture_output=True, text=True, cwd=ROOT
    )
    assert run.returncode == 0, run.stderr
    assert "indicateurs valides" in run.stdout


def make_config_text(indicators: str) -> str:
    from tests.conftest import MINIMAL_CONFIG

    return MINIMAL_CONFIG.format(indicators=indicators.strip("\n"), territory="metropole")
