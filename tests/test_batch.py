"""Batch runs: mixed good and corrupt inputs, resume, schemas, CSV, dead workers, time limits.

Corpus filings are read in place through symlinks in tmp_path (never copied into the repository);
tests needing them skip when ../shared/corpus is absent. Tests of the batch mechanics themselves
(crashes, timeouts, duplicates, flattening) use a stub analyzer returning the JSON contract, so they
do not depend on what the pipeline's stages extract.
"""

from __future__ import annotations

import csv
import os
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest
from paths import CORPUS

from edgarliq.batch import DETAIL_TABLES, SCHEMAS, TABLES, flatten, read_table, run_batch
from edgarliq.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "computer_horizons_10q_1997q2.txt"
BAD = ROOT / "fixtures" / "batch"
# Small era-1 filings of three companies: a 10-Q/A, Apple's 10-Q/A, plain 10-Qs.
CORPUS_FILES = (
    "1_0000002488_10-Q-A_20000702.txt",
    "1_0000014272_10-Q_19940331.txt",
    "1_0000320193_10-Q-A_19971007.txt",
    "1_0000826083_10-Q_19971102.txt",
)


def _pipeline_ready() -> bool:
    try:
        from edgarliq.analysis import compute_metrics  # noqa: F401
        from edgarliq.fds import parse_schedules  # noqa: F401
        from edgarliq.reconcile import reconcile  # noqa: F401
        from edgarliq.statements import extract_statements  # noqa: F401
    except ImportError:
        return False
    return True


needs_pipeline = pytest.mark.skipif(not _pipeline_ready(), reason="pipeline stages not all present yet")
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus absent")


# ---------------------------------------------------------------------------------------------
# A stub analyzer speaking the JSON contract. Module level: a process pool pickles it by name.


def stub_doc(name: str, accession: str | None = None) -> dict[str, Any]:
    return {
        "filing": {"source": name, "accession": accession, "cik": "0000000001", "company": "STUB CORP",
                   "form": "10-Q", "period_of_report": "1997-06-30", "filed": "1997-08-12", "documents": [{}, {}]},
        "schedules": [{"document_type": "EX-27", "article": "5", "multiplier": 1000, "currency": "U.S. DOLLARS",
                       "restated": False, "warnings": [],
                       "columns": [{"period_type": "6-MOS", "months": 6, "period_start": "1997-01-01",
                                    "period_end": "1997-06-30", "fiscal_year_end": "1997-12-31",
                                    "values": {"TOTAL-ASSETS": 96386000, "EPS-PRIMARY": 0.35, "CASH": None}}]}],
        "statements": {"balance_sheet": {
            "title": "Balance sheet", "unit": "thousands", "source": {"document": 1, "line": 40},
            "columns": [{"period_end": "1997-06-30", "months": None, "header": "June 30, 1997"},
                        {"period_end": "1996-12-31", "months": None, "header": "December 31, 1996"}],
            "rows": [{"label": "Current assets:", "concept": None, "level": 0, "total": False, "values": [None, None]},
                     {"label": "Cash", "concept": "cash", "level": 1, "total": False, "values": [12000, 10000]},
                     {"label": "Odd", "concept": None, "level": 1, "total": False, "values": ["n/a"]}],
        }},
        "metrics": {"current_ratio": [{"name": "current_ratio", "value": 2.5, "unit": "ratio",
                                       "period_end": "1997-06-30", "months": None, "formula": "CA / CL",
                                       "inputs": {"CA": 5, "CL": 2}, "status": "ok", "reason": None,
                                       "reading": "comfortable", "note": None},
                                      {"name": "current_ratio", "value": None, "unit": "ratio",
                                       "period_end": "1996-12-31", "months": None, "formula": "CA / CL",
                                       "inputs": {}, "status": "unknown", "reason": "no current liabilities",
                                       "reading": None, "note": None}]},
        "checks": [{"name": "assets = liabilities + equity", "status": "pass", "expected": 1.0, "actual": 1.0,
                    "difference": 0.0, "tolerance": 0.5, "detail": ""},
                   {"name": "fds total assets", "status": "fail", "expected": 2.0, "actual": 3.0,
                    "difference": 1.0, "tolerance": 0.5, "detail": "off"}],
    }


def stub_analyzer(data: bytes, name: str) -> tuple[dict[str, Any], dict[str, float]]:
    """Fails like the container on empty input; dies on CRASH; hangs on SLEEP; accession from ACC=."""
    if not data.strip():
        from edgarliq.errors import FilingError

        raise FilingError(name, "byte 0", "empty file")
    if b"CRASH" in data:
        os._exit(7)  # a worker dying outright, as a segfault or the OOM killer would
    if b"SLEEP" in data:
        time.sleep(30)
    if b"BUG" in data:
        raise KeyError("missing_key")
    acc = data.split(b"ACC=", 1)[1].split()[0].decode() if b"ACC=" in data else None
    return stub_doc(name, acc), {"container": 0.001, "schedules": 0.002, "statements": 0.003, "metrics": 0.004}


# ---------------------------------------------------------------------------------------------
# Helpers


def _link_corpus(directory: Path, names: tuple[str, ...] = CORPUS_FILES) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    links = []
    for name in names:
        link = directory / name
        link.symlink_to(CORPUS / name)
        links.append(link)
    return links


def _mixed_inputs(tmp_path: Path) -> Path:
    """Corpus filings, the seed, and the corrupt fixtures sorted in between them."""
    d = tmp_path / "in"
    names = CORPUS_FILES[:2]
    _link_corpus(d, names)
    for bad in ("binary.txt", "empty.txt", "truncated.txt"):
        (d / f"1_0000014272_10-Q_19940401_{bad}").symlink_to(BAD / bad)  # sorts mid-corpus
    _link_corpus(d, CORPUS_FILES[2:])
    (d / "seed.txt").symlink_to(SEED)
    (d / "notes.md").write_text("not a filing suffix: ignored in a directory\n")
    return d


def _failures(out: Path) -> list[dict[str, str]]:
    with open(out / "failures.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _parts(out: Path) -> list[str]:
    return sorted(str(p.relative_to(out)) for p in out.rglob("part-*"))


# ---------------------------------------------------------------------------------------------
# The real pipeline over real filings


@needs_pipeline
@needs_corpus
@pytest.mark.parametrize("workers", [1, 2])
def test_mixed_run_records_every_input(tmp_path: Path, workers: int) -> None:
    inputs = _mixed_inputs(tmp_path)
    out = tmp_path / "out"
    summary = run_batch([inputs], out, workers=workers, progress=False)
    n = len(CORPUS_FILES) + 1 + 3
    assert summary.inputs == n and summary.ok + summary.failed == n and summary.skipped == 0

    filings = pd.read_parquet(out / "filings.parquet")  # a part directory reads as one table
    assert len(filings) == n and filings["filing_key"].is_unique
    by_name = {Path(p).name: row for p, row in zip(filings["path"], filings.to_dict("records"), strict=True)}
    failures = {Path(r["file"]).name: r for r in _failures(out)}

    for bad, cause in (("binary.txt", "binary"), ("empty.txt", "empty"), ("truncated.txt", "truncated")):
        name = f"1_0000014272_10-Q_19940401_{bad}"
        assert by_name[name]["status"] == "failed"
        assert failures[name]["stage"] == "container"
        assert failures[name]["error_type"] == "FilingError"
        assert cause in failures[name]["message"]

    seed = by_name["seed.txt"]
    assert seed["status"] == "ok", failures.get("seed.txt")
    assert seed["form"] == "10-Q" and seed["filing_key"].startswith("sha256:")  # no header: keyed by hash
    assert seed["n_schedules"] == 1
    for name in CORPUS_FILES:  # each is ok, or failed with its reason recorded
        row = by_name[name]
        assert row["status"] == "ok" or failures[name]["message"], name
    ok = filings[filings["status"] == "ok"]
    assert ok["accession"].notna().sum() >= len(ok) - 1  # all but the header-less seed
    assert (ok["t_container"] > 0).all() and (ok["t_total"] >= ok["t_container"]).all()

    schedules = pd.read_parquet(out / "schedules.parquet")
    seed_values = schedules[schedules["filing_key"] == seed["filing_key"]].set_index("tag")["value"]
    assert seed_values["TOTAL-ASSETS"] == 96386000
    assert set(schedules["filing_key"]) <= set(ok["filing_key"])  # failed filings leave no detail rows
    assert set(pd.read_parquet(out / "statements.parquet")["filing_key"]) <= set(ok["filing_key"])


@needs_pipeline
@needs_corpus
def test_resume_is_a_noop_and_retry_failed_reruns_failures(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                           ) -> None:
    inputs = _mixed_inputs(tmp_path)
    out = tmp_path / "out"
    assert main(["batch", str(inputs), "--out", str(out), "--workers", "2"]) == 0
    first = capsys.readouterr()
    assert first.err == ""  # stderr is not a terminal here: no progress bar
    assert "8 ok, 3 failed, 0 skipped" in first.out or " 0 skipped" in first.out
    parts = _parts(out)
    rows = {t: len(read_table(out, t)) for t in TABLES}
    failures = _failures(out)

    assert main(["batch", str(inputs), "--out", str(out), "--workers", "2"]) == 0
    second = capsys.readouterr().out
    assert "0 ok, 0 failed, 8 skipped of 8 inputs" in second
    assert _parts(out) == parts  # nothing written
    assert {t: len(read_table(out, t)) for t in TABLES} == rows
    assert _failures(out) == failures

    # --retry-failed runs the failed ones again (they fail again) and replaces, not duplicates, them.
    assert main(["batch", str(inputs), "--out", str(out), "--workers", "1", "--retry-failed"]) == 0
    third = capsys.readouterr().out
    assert f"0 ok, {len(failures)} failed, {8 - len(failures)} skipped" in third
    filings = read_table(out, "filings")
    assert len(filings) == rows["filings"] and filings["filing_key"].is_unique
    assert len(_failures(out)) == len(failures)


@needs_pipeline
@needs_corpus
def test_csv_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = tmp_path / "in"
    _link_corpus(d, CORPUS_FILES[:2])
    out = tmp_path / "out"
    assert main(["batch", str(d / "*.txt"), str(SEED), str(BAD / "empty.txt"), "--out", str(out),
                 "--format", "csv", "--workers", "1"]) == 0
    assert "3 ok, 1 failed" in capsys.readouterr().out
    for table in TABLES:
        (part,) = (out / f"{table}.csv").glob("part-*.csv")
        with open(part, newline="") as f:
            assert next(csv.reader(f)) == SCHEMAS[table].names  # header: the declared columns, in order
    filings = read_table(out, "filings")
    assert list(filings.columns) == SCHEMAS["filings"].names
    assert str(filings["size"].dtype) == "int64" and filings["t_total"].dtype == "float64"
    parquet_dtypes = _dtypes_via_parquet(tmp_path, [d / CORPUS_FILES[0]])
    assert {c: str(t) for c, t in read_table(out, "schedules").dtypes.items()} == parquet_dtypes
    # A directory holding CSV output refuses a Parquet run rather than mixing formats.
    assert main(["batch", str(SEED), "--out", str(out)]) == 2
    assert "csv" in capsys.readouterr().err


def _dtypes_via_parquet(tmp_path: Path, files: list[Path]) -> dict[str, str]:
    out = tmp_path / "pq"
    run_batch(files, out, workers=1, progress=False)
    return {c: str(t) for c, t in read_table(out, "schedules").dtypes.items()}


# ---------------------------------------------------------------------------------------------
# Schemas: declared, so empty tables and all-null columns keep their types


def test_schemas_of_failures_only_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = run_batch([BAD], out, workers=1, progress=False)
    assert (summary.ok, summary.failed) == (0, 3)
    for table in TABLES:
        (part,) = (out / f"{table}.parquet").glob("part-*.parquet")
        assert pq.read_schema(part).remove_metadata() == SCHEMAS[table]
    assert len(pd.read_parquet(out / "schedules.parquet")) == 0
    filings = pd.read_parquet(out / "filings.parquet")
    assert filings["accession"].isna().all() and set(filings["stage"]) == {"container"}
    assert {r["stage"] for r in _failures(out)} == {"container"}


def test_schema_columns() -> None:
    s = SCHEMAS
    assert s["filings"].names[:6] == ["filing_key", "path", "sha256", "size", "mtime_ns", "status"]
    for stage in ("container", "schedules", "statements", "metrics"):
        assert str(s["filings"].field(f"t_{stage}").type) == "double"
    assert str(s["filings"].field("period_of_report").type) == "date32[day]"
    assert {f.name: str(f.type) for f in s["schedules"]}.items() >= {
        "filing_key": "string", "schedule": "int32", "document_type": "string", "article": "string",
        "column": "int32", "period_type": "string", "months": "int32", "period_end": "date32[day]",
        "tag": "string", "value": "double"}.items()
    assert {"statement", "row", "label", "concept", "period_end", "months", "value"} <= set(s["statements"].names)
    assert {"name", "period_end", "months", "value", "unit", "status", "reason"} <= set(s["metrics"].names)
    assert s["checks"].names == ["filing_key", "name", "status", "expected", "actual", "difference", "tolerance",
                                 "detail"]
    assert all(t.names[0] == "filing_key" for t in s.values())


def test_flatten_follows_the_json_contract() -> None:
    facts, rows = flatten(stub_doc("x.txt", "0000000001-97-000001"), "K")
    assert facts["accession"] == "0000000001-97-000001" and facts["n_documents"] == 2
    assert (facts["n_schedules"], facts["n_statements"], facts["n_metrics"]) == (1, 1, 1)
    assert (facts["n_checks"], facts["n_checks_failed"]) == (2, 1)
    assert len(rows["schedules"]) == 3 and {r[-2] for r in rows["schedules"]} == {"TOTAL-ASSETS", "EPS-PRIMARY", "CASH"}
    assert len(rows["statements"]) == 6  # 3 rows x 2 columns, blanks kept as nulls
    odd = [r for r in rows["statements"] if r[5] == "Odd"]
    assert [r[-1] for r in odd] == [None, None]  # a non-number and a missing cell become null, not an error
    assert all(r[0] == "K" for t in DETAIL_TABLES for r in rows[t])
    assert rows["metrics"][0][10] == '{"CA": 5, "CL": 2}'  # inputs as JSON text


@pytest.mark.parametrize(("value", "want"), [
    (None, None), (True, None), (False, None), (3, 3.0), (-(10**400), None), (2.5, 2.5), (float("nan"), None),
    (float("inf"), None), (float("-inf"), None), ("1.5", 1.5), ("x", None), ("inf", None), ([1], None),
])
def test_float_coercion(value: object, want: float | None) -> None:
    from edgarliq.batch.rows import _float

    got = _float(value)
    assert got == want and type(got) is type(want)


# ---------------------------------------------------------------------------------------------
# Batch mechanics with the stub analyzer


def _write(d: Path, name: str, text: str) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    p = d / name
    p.write_text(text)
    return p


def test_dead_worker_is_recorded_and_the_rest_go_through(tmp_path: Path) -> None:
    d = tmp_path / "in"
    for i in range(12):
        _write(d, f"f{i:02d}.txt", f"filing {i} ACC=0000000001-97-{i:06d}\n")
    _write(d, "f05b.txt", "CRASH\n")
    out = tmp_path / "out"
    summary = run_batch([d], out, workers=2, task_size=4, progress=False, analyzer=stub_analyzer)
    assert (summary.ok, summary.failed) == (12, 1)
    (failure,) = _failures(out)
    assert Path(failure["file"]).name == "f05b.txt"
    assert failure["stage"] == "worker" and failure["error_type"] == "WorkerCrash"
    filings = read_table(out, "filings")
    assert len(filings) == 13 and filings["filing_key"].is_unique
    assert len(read_table(out, "schedules")) == 12 * 3


def test_time_limit_and_bugs_are_failures_with_a_stage(tmp_path: Path) -> None:
    d = tmp_path / "in"
    _write(d, "a.txt", "fine ACC=0000000001-97-000001\n")
    _write(d, "b.txt", "SLEEP\n")
    _write(d, "c.txt", "BUG\n")
    out = tmp_path / "out"
    start = time.perf_counter()
    summary = run_batch([d], out, workers=1, timeout=0.5, progress=False, analyzer=stub_analyzer)
    assert time.perf_counter() - start < 10
    assert (summary.ok, summary.failed) == (1, 2)
    failures = {Path(r["file"]).name: r for r in _failures(out)}
    assert failures["b.txt"]["stage"] == "timeout" and "0.5 s" in failures["b.txt"]["message"]
    assert failures["c.txt"]["error_type"] == "KeyError" and "missing_key" in failures["c.txt"]["message"]
    assert "test_batch.py" not in failures["c.txt"]["where"]  # only frames inside edgarliq are named


def test_duplicates_and_chunks(tmp_path: Path) -> None:
    d = tmp_path / "in"
    for i in range(7):
        _write(d, f"f{i}.txt", f"filing {i} ACC=0000000001-97-{i:06d}\n")
    _write(d, "copy.txt", "filing 3 ACC=0000000001-97-000003\n")  # same bytes as f3
    _write(d, "resaved.txt", "filing 4, saved again ACC=0000000001-97-000004\n")  # same accession as f4
    out = tmp_path / "out"
    summary = run_batch([d], out, workers=1, chunk_size=3, progress=False, analyzer=stub_analyzer)
    assert (summary.ok, summary.duplicate) == (7, 2)
    assert len(list((out / "filings.parquet").glob("part-*"))) == 3  # 9 files in chunks of 3
    filings = read_table(out, "filings")
    dup = filings[filings["status"] == "duplicate"]
    # Files run in sorted order, so copy.txt comes first and f3.txt is the copy of it.
    assert dict(zip(dup["path"].map(lambda p: Path(p).name), dup["duplicate_of"], strict=True)) == {
        "f3.txt": "0000000001-97-000003", "resaved.txt": "0000000001-97-000004"}
    assert read_table(out, "checks")["filing_key"].nunique() == 7  # duplicates add no detail rows
    # A second run reads nothing, duplicates included.
    again = run_batch([d], out, workers=2, progress=False, analyzer=stub_analyzer)
    assert (again.ok, again.failed, again.duplicate, again.skipped) == (0, 0, 0, 9)


def test_interrupted_chunk_is_cleaned_up_and_redone(tmp_path: Path) -> None:
    d = tmp_path / "in"
    _write(d, "a.txt", "ACC=0000000001-97-000001\n")
    out = tmp_path / "out"
    run_batch([d], out, workers=1, progress=False, analyzer=stub_analyzer)
    # A run killed after writing chunk 2's detail parts but before its filings part (the commit):
    orphan = out / "schedules.parquet" / "part-00002.parquet"
    orphan.write_bytes((out / "schedules.parquet" / "part-00001.parquet").read_bytes())
    (out / "checks.parquet" / ".part-00002.parquet.tmp").write_bytes(b"partial")
    _write(d, "b.txt", "ACC=0000000001-97-000002\n")
    summary = run_batch([d], out, workers=1, progress=False, analyzer=stub_analyzer)
    assert (summary.ok, summary.skipped) == (1, 1)
    assert not (out / "checks.parquet" / ".part-00002.parquet.tmp").exists()
    schedules = read_table(out, "schedules")
    assert len(schedules) == 6 and schedules["filing_key"].nunique() == 2  # the orphan's rows are gone


def test_inputs_globs_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = tmp_path / "in"
    _write(d / "sub", "a.txt", "ACC=0000000001-97-000001\n")
    _write(d, "b.nc", "ACC=0000000001-97-000002\n")
    _write(d, "c.htm", "ACC=0000000001-97-000003\n")
    _write(d, "skip.csv", "not a filing\n")
    _write(d / ".hidden", "x.txt", "ACC=0000000001-97-000009\n")
    out = tmp_path / "out"
    summary = run_batch([d, str(d / "**" / "*.txt")], out, workers=1, progress=False, analyzer=stub_analyzer)
    assert (summary.inputs, summary.ok) == (3, 3)  # the glob repeats a.txt: counted once
    assert main(["batch", str(tmp_path / "nothing-*.txt"), "--out", str(out)]) == 2
    assert "no file matches" in capsys.readouterr().err
    assert main(["batch", "--out", str(out)]) == 2


# ---------------------------------------------------------------------------------------------
# EDGAR selections: listed filings are downloaded (through the client) and run like local files


class FakeClient:
    """Stands in for `EdgarClient`: `download` saves a stub filing, or fails for accession ...-000002."""

    cache = True  # a cache is configured: downloads land there, nothing is saved under --out

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.calls: list[str] = []

    def download(self, cik: int, accession: str, out_dir: Any = None) -> Path:
        from edgarliq.edgar.client import NotFoundError

        self.calls.append(accession)
        if accession.endswith("000002"):
            raise NotFoundError(f"https://www.sec.gov/Archives/edgar/data/{cik}/{accession}.txt", "not found", 404)
        self.directory.mkdir(exist_ok=True)
        path = self.directory / f"{accession}.txt"
        path.write_text(f"ACC={accession}\n")
        return path


def _listing(n: int) -> list[Any]:
    from datetime import date

    from edgarliq.edgar.index import Filing

    return [Filing(cik=1, company="STUB CORP", form="10-Q", accession=f"0000000001-97-{i:06d}", filed=date(1997, 8, 1),
                   period=None, primary_document="", url=f"https://www.sec.gov/Archives/edgar/data/1/{i}.txt")
            for i in range(1, n + 1)]


def test_edgar_selection_is_fetched_run_and_resumed_by_accession(tmp_path: Path) -> None:
    client = FakeClient(tmp_path / "cache")
    out = tmp_path / "out"
    summary = run_batch([], out, workers=1, progress=False, analyzer=stub_analyzer, remote=_listing(3), client=client)
    assert (summary.ok, summary.failed) == (2, 1)
    (failure,) = _failures(out)
    assert failure["stage"] == "fetch" and failure["error_type"] == "NotFoundError"
    assert failure["filing_key"] == "0000000001-97-000002"
    # A rerun downloads nothing: every accession is done (the failed one too, until --retry-failed).
    client.calls.clear()
    again = run_batch([], out, workers=1, progress=False, analyzer=stub_analyzer, remote=_listing(3), client=client)
    assert (again.skipped, client.calls) == (3, [])
    retry = run_batch([], out, workers=1, progress=False, analyzer=stub_analyzer, remote=_listing(3), client=client,
                      retry_failed=True)
    assert (retry.failed, retry.skipped, client.calls) == (1, 2, ["0000000001-97-000002"])
    assert len(read_table(out, "filings")) == 3


def test_select_remote_reads_each_quarter_and_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    import edgarliq.edgar.index as index
    from edgarliq.batch import select_remote

    asked = []

    def fake_full_index(client: Any, year: int, quarter: int, forms: Any, **kw: Any) -> list[Any]:
        asked.append((year, quarter, tuple(forms), kw.get("cik")))
        return _listing(2)

    monkeypatch.setattr(index, "full_index", fake_full_index)
    assert len(select_remote(None, year=1997, forms=("10-Q",))) == 8
    assert [q for _, q, _, _ in asked] == [1, 2, 3, 4]
    asked.clear()
    assert len(select_remote(None, year=1997, quarter=3, forms=("10-Q",), cik=1, limit=1)) == 1
    assert asked == [(1997, 3, ("10-Q",), 1)]
