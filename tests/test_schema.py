"""The JSON Schema shipped for `analyze --json` holds for every corpus filing and for the seed."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest
from paths import CORPUS, SEED, corpus_files

from edgarliq.cli import main
from edgarliq.pipeline import analyze

jsonschema = pytest.importorskip("jsonschema")


@pytest.fixture(scope="module")
def validator() -> object:
    schema = json.loads(files("edgarliq").joinpath("data", "analysis.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _problems(validator: object, doc: dict) -> list[str]:
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))  # type: ignore[attr-defined]
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:3]]


def test_schema_command_prints_the_shipped_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"].endswith("2020-12/schema")
    assert schema["properties"]["metrics"]["additionalProperties"]["items"] == {"$ref": "#/$defs/metric"}


def test_seed_json_validates_and_the_schema_catches_a_text_value(validator: object,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(SEED), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert _problems(validator, doc) == []
    verdict = doc["metrics"]["balance_sheet_liquidity"][0]
    assert verdict["value"] is None and verdict["verdict"] == "not absolutely liquid"
    verdict["value"] = "not absolutely liquid"  # the old mixed shape must not validate
    assert _problems(validator, doc)[0] == ("metrics/balance_sheet_liquidity/0/value: 'not absolutely liquid' "
                                            "is not of type 'number', 'null'")


def test_every_corpus_filing_validates(validator: object) -> None:
    paths = corpus_files("*_*.txt")
    if not paths:
        pytest.skip(f"shared corpus not available ({CORPUS})")
    bad = {}
    for path in paths:
        doc = analyze(path).to_dict()
        json.dumps(doc, allow_nan=False)  # no NaN or infinity can reach the JSON
        if problems := _problems(validator, doc):
            bad[path.name] = problems
    assert not bad, f"{len(bad)} of {len(paths)} filings do not validate: {dict(list(bad.items())[:5])}"
    assert len(paths) >= 400
