"""The JSON encoders of the pipeline (compact for batch and the API, indented for `analyze
--json`) and what `analyze` of a plain-text filing imports."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from paths import CORPUS_SKIP, SEED, corpus_files

from edgarliq.pipeline import analyze, dumps_json


@pytest.fixture(scope="module")
def seed_analysis():  # noqa: ANN201 - an Analysis
    return analyze(SEED)


def test_compact_json_of_the_seed_is_its_document_without_white_space(seed_analysis) -> None:  # noqa: ANN001
    text = seed_analysis.to_json()
    assert json.loads(text) == json.loads(json.dumps(seed_analysis.to_dict()))
    assert text.startswith('{"filing":{"source":') and "\n" not in text.rstrip("\n")
    (schedule,) = json.loads(text)["schedules"]
    assert schedule["multiplier"] == 1000 and schedule["article"] == "5"


def test_indented_json_of_the_seed_is_the_same_document_two_spaces_deep(seed_analysis) -> None:  # noqa: ANN001
    text = seed_analysis.to_json(indent=True)
    assert text.startswith('{\n  "filing": {\n    "source": ')
    assert json.loads(text) == json.loads(seed_analysis.to_json())


def test_nan_and_infinity_are_written_as_null_by_both_encoders() -> None:
    doc = {"nan": float("nan"), "inf": [float("inf"), -float("inf")], "x": 1.5}
    assert json.loads(dumps_json(doc)) == {"nan": None, "inf": [None, None], "x": 1.5}
    # an integer beyond 64 bits is refused by orjson: the json fallback writes it, NaN as null too
    big = {"big": 2**70, "nan": float("nan"), "s": "é"}
    for indent in (False, True):
        out = dumps_json(big, indent=indent)
        assert b"NaN" not in out and out.endswith(b"\n")
        assert json.loads(out) == {"big": 2**70, "nan": None, "s": "é"}


def _finite(v):  # noqa: ANN001, ANN202 - what both encoders write for NaN and infinities
    if isinstance(v, float):
        return v if v - v == 0 else None
    if isinstance(v, dict):
        return {k: _finite(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_finite(x) for x in v]
    return v


def test_indented_json_is_json_s_own_indented_text_on_odd_values() -> None:
    doc = {"a": [], "b": {}, "c": [{}, [], [[]], ()], 'é\n"x': "\u2028\x00\\ \U0001f600", 7: 2, 1.5: True, None: False,
           True: None, False: 0.1, "f": [1e16, -0.0, 1e-7, float("nan"), float("inf"), -float("inf"), 2**70, -5],
           "t": (1, (2, {"x": (None,)})), "deep": [[[[{"k": [[1]]}]]]]}
    assert dumps_json(doc, indent=True) == (json.dumps(_finite(doc), indent=2, ensure_ascii=False) + "\n").encode()
    for scalar in ("x", 1, 1.5, None, True, float("nan")):
        assert dumps_json(scalar, indent=True) == (json.dumps(_finite(scalar)) + "\n").encode()
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps_json({"x": object()}, indent=True)
    with pytest.raises(TypeError, match="keys must be"):
        dumps_json({(1, 2): 3}, indent=True)


def test_indented_json_is_json_s_own_indented_text_on_corpus_documents() -> None:
    files = corpus_files()[::12]  # every era, every company, about 37 filings
    if not files:
        pytest.skip(CORPUS_SKIP)
    for path in files:
        doc = analyze(path, strict=False).to_dict()
        assert dumps_json(doc, indent=True) == (json.dumps(_finite(doc), indent=2, ensure_ascii=False) + "\n"
                                                ).encode("utf-8"), path.name


def test_analyze_json_of_a_text_filing_loads_no_lxml_pandas_network_typing_or_json_modules() -> None:
    # (a fresh process: the test session has imported everything already)
    # (modules the interpreter had before edgarliq was imported do not count: an editable install's
    # finder imports pathlib at start-up, a regular install does not)
    code = (
        "import io, sys\n"
        "before = set(sys.modules)\n"
        "from edgarliq.cli import main\n"
        "out = io.TextIOWrapper(io.BytesIO(), encoding='utf-8')\n"
        "real, sys.stdout = sys.stdout, out\n"
        f"rc = main(['analyze', {str(SEED)!r}, '--json'])\n"
        "sys.stdout = real\n"
        "heavy = ('lxml', 'pandas', 'pyarrow', 'tqdm', 'requests', 'edgarliq.tables.ixbrl', 'edgarliq.report',\n"
        "         'edgarliq.tables.html', 'edgarliq.statements.grids', 'orjson', 'json', 'dataclasses',\n"
        "         'typing', 'pathlib', 'calendar')\n"
        "print(rc, sorted(m for m in heavy if m in sys.modules and m not in before))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert done.stdout.split("\n")[-2] == "0 []"
