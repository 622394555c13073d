"""Batch rows built straight from the pipeline's objects, and a pool task's rows packed in Arrow tables.

`analysis_rows` must give exactly what `flatten(analysis.to_dict())` gives (the JSON contract is the
batch format's definition); `Packed` tasks must land in the same part files, with the same
duplicates cut out, as per-filing results do.
"""

from __future__ import annotations

import datetime
import gc
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from paths import CORPUS, SEED, corpus
from test_batch import _write, stub_analyzer

from edgarliq.batch import DETAIL_TABLES, read_table, run_batch
from edgarliq.batch.rows import _inputs_json, _json, analysis_rows, flatten, pack, process_file
from edgarliq.pipeline import analyze

# Every era and shape: EX-27 schedules of several columns, a 10-Q/A, HTML and inline XBRL filings.
FILINGS = (
    "1_0000002488_10-Q-A_20000702.txt",
    "1_0000014272_10-Q_19940331.txt",
    "1_0000320193_10-Q-A_19971007.txt",
    "1_0000826083_10-Q_19971102.txt",
    "2_0000014272_10-K-A_20011231.txt",
    "2_0000014272_10-K_20021231.txt",
)


def _era3() -> list[str]:
    return sorted(p.name for p in CORPUS.glob("3_*"))[:2] if CORPUS.is_dir() else []


@pytest.mark.parametrize("name", [*FILINGS, *_era3()])
def test_rows_from_objects_equal_rows_from_the_json_document(name: str) -> None:
    analysis = analyze(corpus(name))
    want = flatten(analysis.to_dict(), "KEY")
    got = analysis_rows(analysis, "KEY")
    # repr tells -0.0 from 0.0, NaN from None and 3 from 3.0: the rows are the same, not just equal
    assert repr(got[0]) == repr(want[0])
    for table in DETAIL_TABLES:
        assert repr(got[1][table]) == repr(want[1][table]), table
    assert sum(len(r) for r in got[1].values()) > 0


def test_rows_of_the_seed_10q_carry_the_printed_figures() -> None:
    facts, rows = analysis_rows(analyze(SEED), "K")
    assert facts["company"] == "COMPUTER HORIZONS CORP." and facts["period_of_report"] == datetime.date(1997, 6, 27)
    cash = [r for r in rows["statements"] if r[1] == "balance_sheet" and r[5] == "Cash and cash equivalents"]
    assert [(r[11], r[14]) for r in cash] == [(datetime.date(1997, 6, 27), 3751000.0),
                                              (datetime.date(1996, 12, 31), 10937000.0)]
    assert cash[0][3] == "1000"  # the statement's printed unit, as text
    assert cash[0][9] == "currency"  # the row's measure: absolute currency, that unit applied
    eps = [r for r in rows["statements"] if r[1] == "income_statement" and r[6] == "eps_basic"]
    assert [(r[9], r[14]) for r in eps] == [("per share", v) for v in (0.19, 0.08, 0.35, 0.21)]
    wc = next(r for r in rows["metrics"] if r[1] == "working_capital" and r[2] == datetime.date(1997, 6, 27))
    assert wc[4] == 59810000.0
    assert wc[10].startswith('{"total_current_assets": {"source": "balance_sheet: \'TOTAL CURRENT ASSETS\' ')
    assert facts["n_checks"] == len(rows["checks"]) and facts["n_checks_failed"] == 0


def test_rows_from_objects_keep_the_json_forms_of_odd_values() -> None:
    """The seed's analysis with odd values put in: the JSON's conversions (plain_number's rounding
    and -0.0 -> 0, a schedule's integral float -> int, NaN and infinity -> null, a check's extra
    fields) give the same cells either way."""
    from edgarliq.checks import Check, compare
    from edgarliq.record import replace

    analysis = analyze(SEED)
    bs = analysis.statements["balance_sheet"]
    odd = [(-0.0, 1e-7), (float("nan"), float("inf")), (2.0000004, -1e300), (10**30, None), (3, 1.5)]
    rows = tuple(replace(r, values=odd[i]) if i < len(odd) else r for i, r in enumerate(bs.rows))
    statements = replace(analysis.statements, found={**analysis.statements.found, "balance_sheet": replace(
        bs, rows=rows)})
    s0 = analysis.schedules[0]
    col = replace(s0.columns[0], values={**s0.columns[0].values, "CASH": -0.0, "X": float("nan"), "Y": 7.0})
    schedules = [replace(s0, multiplier=1000.0, columns=(col, *s0.columns[1:])), *analysis.schedules[1:]]
    name, ms = next(iter(analysis.metrics.items()))
    metrics = {**analysis.metrics, name: [replace(ms[0], value=float("nan")), replace(ms[0], value=True), *ms[1:]]}
    checks = [*analysis.checks, Check("odd", "skip", float("inf"), None, None, 0.5, "", {"status": "fail"}),
              compare("odd2", 1, 2, 0.5, detail="d", claim="x")]
    odd_analysis = replace(analysis, statements=statements, schedules=schedules, metrics=metrics, checks=checks)
    want = flatten(odd_analysis.to_dict(), "K")
    got = analysis_rows(odd_analysis, "K")
    assert repr(got) == repr(want)
    assert got[0]["n_checks_failed"] == 2  # the extra "status" is what the JSON says
    cells = [r[-1] for r in got[1]["statements"][:10]]
    assert repr(cells) == repr([0.0, 0.0, None, None, 2.0, -1e300, 1e30, None, 3.0, 1.5])  # 0.0, never -0.0


@pytest.mark.parametrize("inputs", [
    {},
    {"b": {"value": 1, "source": "x"}, "a": {"source": "é\n\"", "value": 2.5}},
    {"a": {"value": float("nan"), "source": None}},
    {"a": {"value": float("-inf"), "source": "s"}, "b": {"value": float("inf"), "source": "s"}},
    {"a": {"value": True, "source": "s"}},
    {"a": {"value": 1e16, "source": "s"}, "b": {"value": -0.0, "source": "\u2028"}},
    {"a": {"value": 10**30, "source": "s"}},
    {"a": {"value": 1, "source": "s", "extra": 1}},  # another shape: the general encoder
    {"a": {"value": 1}},
    {"a": {"value": 1, "other": 2}},
    {1: {"value": 1, "source": "s"}},
    {1: {"value": 1, "source": "s"}, "a": {"value": 1, "source": "s"}},  # unsortable names
    {"a": {"value": [1], "source": "s"}},
    {"a": {"value": datetime.date(1997, 1, 1), "source": "s"}},  # default=str
])
def test_metric_inputs_are_written_as_the_json_encoder_writes_them(inputs: dict) -> None:
    assert _inputs_json(inputs) == _json({k: dict(v) for k, v in inputs.items()})


def test_a_packed_task_keeps_each_files_rows_apart() -> None:
    from edgarliq.batch.inputs import make_job

    d = Path(__file__).resolve().parents[1] / "fixtures" / "batch"
    jobs = [make_job(p) for p in sorted(d.iterdir())[:2]]
    results = [process_file(j, stub_analyzer) for j in jobs]
    packed = pack(results)
    assert len(packed) == 2 and packed.filings == [r for r, _ in results]
    for i, (_, rows) in enumerate(results):
        for table in DETAIL_TABLES:
            assert packed.slice(table, i, i + 1).num_rows == len(rows[table])


def test_pool_tasks_split_across_parts_and_duplicates_cut_out(tmp_path: Path) -> None:
    d = tmp_path / "in"
    for i in range(10):
        _write(d, f"f{i:02d}.txt", f"filing {i} ACC=0000000001-97-{i:06d}\n")
    _write(d, "f00b.txt", "filing 0 ACC=0000000001-97-000000\n")  # same bytes as f00, in the same task
    _write(d, "f08b.txt", "saved again ACC=0000000001-97-000002\n")  # same accession as f02, a later task
    out = tmp_path / "out"
    # 12 files in tasks of 4 and parts of 5: tasks straddle parts, and f08b sits at a part's end
    # when the tasks finish in order (they need not: f02 is then the duplicate of f08b)
    summary = run_batch([d], out, workers=2, task_size=4, chunk_size=5, progress=False, analyzer=stub_analyzer)
    assert (summary.ok, summary.duplicate) == (10, 2)
    filings = read_table(out, "filings")
    duplicates = set(filings[filings.status == "duplicate"].path.map(lambda p: Path(p).name))
    assert len(filings) == 12 and duplicates in ({"f00b.txt", "f08b.txt"}, {"f00b.txt", "f02.txt"})
    for table, per_filing in (("schedules", 3), ("statements", 6), ("metrics", 2), ("checks", 2)):
        rows = read_table(out, table)
        assert len(rows) == 10 * per_filing and set(rows.groupby("filing_key").size()) == {per_filing}, table
    # Each part's detail rows belong to the filings of the same part (its commit record), or a run
    # killed before that record would leave rows of filings it then runs again.
    parts = sorted((out / "filings.parquet").glob("part-*.parquet"))
    assert len(parts) == 3
    for part in parts:
        keys = set(pq.read_table(part)["filing_key"].to_pylist())
        for table in DETAIL_TABLES:
            detail = pq.read_table(out / f"{table}.parquet" / part.name)
            assert set(detail["filing_key"].to_pylist()) <= keys, (part.name, table)


def test_in_process_run_leaves_the_garbage_collector_as_it_was(tmp_path: Path) -> None:
    threshold = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    run_batch([SEED], tmp_path / "out", workers=1, progress=False)
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == threshold


def test_pool_tasks_shrink_towards_the_end_so_the_workers_finish_together() -> None:
    from edgarliq.batch.engines import tasks

    jobs = list(range(1050))
    auto = tasks(jobs, None, 2)  # type: ignore[arg-type]
    assert [j for t in auto for j in t] == jobs  # every job once, in order
    sizes = [len(t) for t in auto]
    assert sizes[0] == 16 and sizes == sorted(sizes, reverse=True) and sizes[-8:] == [1] * 8
    assert [len(t) for t in tasks(jobs[:13], 4, 2)] == [4, 4, 4, 1]  # a size given is kept  # type: ignore[arg-type]
