"""The measure-type registry: every type the catalogue, the config model and the YAML header
name is registered, each entry is complete, and each finishing formula gives hand-computed
figures."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import numpy as np
import pytest

from qualiboard.domain.config import Measure, MeasureType, load_config
from qualiboard.domain.measures import (
    MEASURES,
    YEAR_END_AVERAGE,
    YEAR_END_PACE,
    YEAR_END_RECORDS,
    Sums,
    measure_spec,
)
from tests.conftest import make_config

ROOT = Path(__file__).resolve().parents[2]


def test_the_config_model_accepts_exactly_the_registered_types():
    assert set(typing.get_args(MeasureType)) == set(MEASURES)


def test_every_type_of_the_shipped_catalogue_is_registered():
    used = {i.measure.type for i in load_config(ROOT / "indicators.yaml").indicators}
    assert used <= set(MEASURES)
    assert len(used) >= 5  # the catalogue exercises most of them


def test_the_yaml_header_documents_exactly_the_registered_types():
    header = (ROOT / "indicators.yaml").read_text(encoding="utf-8").split("\norganisation:")[0]
    section = re.search(r"#\s+measure\s+:\s+type =(.*?)#\s+condition\s+:", header, re.S)
    assert section, "the header lost its « measure » paragraph"
    text = re.sub(r"\([^)]*\)", "", section.group(1).replace("#", " "))
    documented = {word.strip() for word in re.split(r"[,/]", text) if word.strip()}
    assert documented == set(MEASURES)


def test_entries_are_complete():
    fields = set(Measure.model_fields)
    for name, spec in MEASURES.items():
        assert spec.name == name
        assert set(spec.needs) <= fields, name
        assert spec.words and spec.words == spec.words.lower(), name
        aggregates = [a.format(state="state_3", k=3) for a in spec.aggregates]
        produced = {a.rsplit(" AS ", 1)[1] for a in aggregates}
        # The finisher reads these columns and no other (engine.sql._on_grid).
        assert produced <= {"numerator_3", "denominator_3", "negatives_3", "raw_value_3"}, name
        assert "denominator_3" in produced, name
        assert not any("{" in a for a in aggregates), name


def _sums(num, den, pending=(0,), negatives=(np.nan,), raw=(np.nan,), percent=(True,)):
    return Sums(
        *(np.array(v, dtype=float) for v in (num, den, pending, negatives, raw)),
        np.array(percent),
    )


@pytest.mark.parametrize(
    ("name", "sums", "expected"),
    [
        ("share", _sums([3, 0], [4, 0]), [75.0, np.nan]),
        # A count is zero once records exist even if all are pending; nothing at all is no data.
        ("count", _sums([5, 0, 0], [5, 0, 0], pending=[0, 2, 0]), [5.0, 0.0, np.nan]),
        ("net", _sums([3], [4], negatives=[1]), [50.0]),
        ("ratio", _sums([1, 1], [4, 4], percent=[True, False]), [25.0, 0.25]),
        ("mean", _sums([np.nan, np.nan], [2, 0], raw=[7.5, 7.5]), [7.5, np.nan]),
        ("median", _sums([np.nan], [3], raw=[4.0]), [4.0]),
        ("p90", _sums([np.nan], [10], raw=[12.0]), [12.0]),
        ("sum", _sums([np.nan], [1], raw=[30.0]), [30.0]),
    ],
)
def test_finishing_formula(name, sums, expected):
    with np.errstate(divide="ignore", invalid="ignore"):
        got = MEASURES[name].finish(sums)
    np.testing.assert_allclose(got, expected, equal_nan=True)


def test_every_registered_type_has_a_finishing_case():
    cases = test_finishing_formula.pytestmark[0].args[1]
    assert {case[0] for case in cases} == set(MEASURES)


def test_interval_and_display_rules():
    assert {n for n, s in MEASURES.items() if s.confidence_interval} == {"share", "ratio"}
    assert {n for n, s in MEASURES.items() if s.fraction} == {"share", "ratio"}
    assert {n for n, s in MEASURES.items() if s.additive} == {"count", "sum"}
    assert {n for n, s in MEASURES.items() if s.whole_number} == {"count"}
    assert {n for n, s in MEASURES.items() if s.decomposition is None} == {"median", "p90"}


def test_an_unknown_type_is_refused_in_french():
    with pytest.raises(ValueError, match="type de mesure inconnu : moyenne"):
        measure_spec("moyenne")


def test_check_asks_for_what_the_type_needs():
    config_text = """
  - id: x
    label: X
    module: 1
    source: phone_calls
    measure: {type: ratio, numerator: calls_answered}
    unit: "%"
    direction: higher
    frequency: monthly
    objective: 90
"""
    with pytest.raises(Exception, match="la mesure « ratio » demande « denominator »"):
        make_config(config_text)


def _compared_type_names() -> dict[str, set[str]]:
    """Literals the code compares a measure type with (`measure.type == "share"`, `measure_type
    in ("count", "sum")`), by module."""
    import ast

    found: dict[str, set[str]] = {}
    for folder in ("qualiboard", "pages"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Compare):
                    continue
                left = ast.unparse(node.left)
                if not (left.endswith("measure.type") or left in ("measure_type", "measure")):
                    continue
                for other in node.comparators:
                    items = other.elts if isinstance(other, ast.Tuple | ast.List) else [other]
                    names = {i.value for i in items if isinstance(i, ast.Constant)}
                    found.setdefault(str(path.relative_to(ROOT)), set()).update(
                        n for n in names if isinstance(n, str)
                    )
    return found


def test_every_type_the_code_compares_with_is_registered():
    compared = _compared_type_names()
    assert compared, "the scan found no comparison at all: it would prove nothing"
    strays = {m: names - set(MEASURES) for m, names in compared.items() if names - set(MEASURES)}
    assert strays == {}


def test_the_registry_says_how_each_measure_projects_its_year_end():
    projection = {
        name: (spec.year_end_projection(True), spec.year_end_projection(False))
        for name, spec in MEASURES.items()
    }
    assert projection == {
        "count": (YEAR_END_PACE, YEAR_END_PACE),
        "share": (YEAR_END_RECORDS, YEAR_END_RECORDS),
        "mean": (YEAR_END_AVERAGE, YEAR_END_AVERAGE),
        "median": (None, None),
        "p90": (None, None),
        "sum": (YEAR_END_PACE, YEAR_END_PACE),
        # Calls answered of calls received are records; a ratio of two amounts is not.
        "ratio": (YEAR_END_RECORDS, None),
        "net": (None, None),
    }
    # A pace is only for figures that add up over the months.
    assert all((spec.year_end == YEAR_END_PACE) == spec.additive for spec in MEASURES.values())


def test_what_each_indicator_needs_of_a_typed_in_measurement():
    from qualiboard.domain.measures import half_pair, uncounted
    from tests.conftest import make_config

    config = make_config(
        """
  - {id: ratio, label: Audits réalisés, module: 3, source: measurements,
     filter: {indicator: [audits, Audits_internes]},
     measure: {type: ratio, numerator: numerator, denominator: denominator}, objective: 90}
  - {id: seuil, label: Mois au-dessus du seuil, module: 3, source: measurements,
     filter: {indicator: score}, measure: {type: share, condition: "value >= 90"}, objective: 90}
  - {id: saisies, label: Saisies, module: 3, source: measurements, filter: {indicator: saisie},
     measure: {type: count}, objective: {value: 1, per: mois}}
"""
    )
    readers = config.organisation.measurement_readers
    assert [(r.indicator, r.needs) for r in readers] == [
        ("ratio", ("numerator", "denominator")),
        ("seuil", ("value",)),
        ("saisies", ()),
    ]
    value, pair = frozenset({"value"}), frozenset({"numerator", "denominator"})
    # Codes compare folded, as the engine's filter does: « Audits internes » is read.
    assert uncounted("Audits internes", pair, readers) is None
    assert uncounted("score", value, readers) is None
    assert uncounted("saisie", frozenset(), readers) is None  # a count needs no figure
    assert uncounted("score", pair, readers) == (
        "ligne importée mais comptée dans aucun indicateur : « seuil » se calcule avec la "
        "valeur, absente de la saisie"
    )
    assert half_pair("audits", frozenset({"denominator", "value"}), readers) == (
        "le dénominateur sans le numérateur : l'indicateur « ratio » additionne les deux, la "
        "ligne ne peut pas y entrer à moitié"
    )
    assert half_pair("score", frozenset({"denominator", "value"}), readers) is None
    # No catalogue (an organisation built alone), or none reading measurements: nothing judged.
    assert make_config().organisation.measurement_readers == ()
    assert uncounted("x", value, ()) is None
