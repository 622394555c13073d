"""Batch runs on a real Dask LocalCluster (worker processes), and stopping a pooled run with Ctrl-C.

One cluster of two single-threaded worker processes serves the module (starting one costs seconds).
The Dask tables are compared row for row with the process pool's on real corpus filings; worker
deaths, a killed client and timeouts use stub analyzers (from test_batch) so they test the engine,
not what the stages extract. Workers unpickle the stubs by value: they need not import this module.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

pytest.importorskip("distributed")

import cloudpickle  # noqa: E402 - after the skip: a dependency of distributed
import test_batch  # noqa: E402
from test_batch import CORPUS, _failures, _write, needs_corpus, needs_pipeline, stub_analyzer  # noqa: E402

from edgarliq.batch import TABLES, read_table, run_batch  # noqa: E402
from edgarliq.batch.dask_engine import connect  # noqa: E402

cloudpickle.register_pickle_by_value(test_batch)
cloudpickle.register_pickle_by_value(sys.modules[__name__])

ROOT = Path(__file__).resolve().parents[1]
TIMING_COLUMNS = ("t_container", "t_schedules", "t_statements", "t_metrics", "t_total", "processed_at")


@pytest.fixture(scope="module")
def dask_client() -> Any:
    client, close = connect("local", workers=2)
    try:
        assert sorted(client.nthreads().values()) == [1, 1]  # two processes of one thread each
        yield client
    finally:
        close()


def slow_analyzer(data: bytes, name: str) -> tuple[dict[str, Any], dict[str, float]]:
    """The stub, a little slower (so a run lasts long enough to be interrupted); SPIN loops in Python;
    HOLD sleeps a minute while EDGARLIQ_TEST_HOLD is set."""
    if b"SPIN" in data:
        while True:
            pass
    if b"HOLD" in data and os.environ.get("EDGARLIQ_TEST_HOLD"):
        time.sleep(60)
    time.sleep(0.05)
    return stub_analyzer(data, name)


def _stub_inputs(d: Path, n: int, extra: dict[str, str] | None = None) -> Path:
    for i in range(n):
        _write(d, f"f{i:03d}.txt", f"filing {i} ACC=0000000001-97-{i:06d}\n")
    for name, text in (extra or {}).items():
        _write(d, name, text)
    return d


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    """Every table, without the timings, in one canonical row order: comparable row for row."""
    tables = {}
    for t in TABLES:
        df = read_table(out, t)
        df = df.drop(columns=[c for c in TIMING_COLUMNS if c in df.columns])
        tables[t] = df.sort_values(list(df.columns), na_position="first").reset_index(drop=True)
    return tables


def _committed_parts(out: Path) -> int:
    return len(list((out / "filings.parquet").glob("part-*.parquet"))) if (out / "filings.parquet").is_dir() else 0


def _wait_for(condition: Any, limit: float = 30.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


def _assert_complete(out: Path, n: int) -> pd.DataFrame:
    """Every one of the n stub filings once, ok, with its detail rows exactly once."""
    filings = read_table(out, "filings")
    assert len(filings) == n and filings["filing_key"].is_unique and filings["path"].is_unique
    assert set(filings["status"]) == {"ok"}
    schedules = read_table(out, "schedules")
    assert len(schedules) == 3 * n and schedules.groupby("filing_key").size().eq(3).all()
    assert len(read_table(out, "checks")) == 2 * n
    return filings


# ---------------------------------------------------------------------------------------------
# The real pipeline: Dask and the pool write the same tables


@needs_pipeline
@needs_corpus
def test_dask_tables_equal_the_pools_on_40_corpus_filings(tmp_path: Path, dask_client: Any) -> None:
    names = sorted(p.name for p in CORPUS.glob("1_*.txt"))[:40]
    d = tmp_path / "in"
    d.mkdir()
    for name in names:
        (d / name).symlink_to(CORPUS / name)
    pool = run_batch([d], tmp_path / "pool", workers=2, progress=False)
    dask = run_batch([d], tmp_path / "dask", dask=dask_client, progress=False)
    assert (dask.ok, dask.failed, dask.inputs) == (pool.ok, pool.failed, 40) and dask.engine.startswith("dask")
    pool_tables, dask_tables = _tables(tmp_path / "pool"), _tables(tmp_path / "dask")
    for t in TABLES:
        assert len(dask_tables[t]) == len(pool_tables[t]) > 0, t
        pd.testing.assert_frame_equal(dask_tables[t], pool_tables[t], check_exact=True, obj=t)
    # One figure through the cluster: Intel's 10-K for 1997 prints TOTAL-ASSETS 28880 in millions.
    schedules = read_table(tmp_path / "dask", "schedules")
    intel = schedules[(schedules["filing_key"] == "0000050863-98-000031") & (schedules["tag"] == "TOTAL-ASSETS")]
    assert intel["value"].iloc[0] == 28_880_000_000


# ---------------------------------------------------------------------------------------------
# Faults on the cluster


def test_killed_worker_loses_nothing(tmp_path: Path, dask_client: Any) -> None:
    d = _stub_inputs(tmp_path / "in", 60)
    out = tmp_path / "out"
    pids = dask_client.run(os.getpid)
    victim = next(iter(pids.values()))
    killed = threading.Event()

    def kill_when_started() -> None:
        _wait_for(lambda: _committed_parts(out) >= 2)
        os.kill(victim, signal.SIGKILL)  # mid-run: the other tasks of its worker are in flight
        killed.set()

    killer = threading.Thread(target=kill_when_started, daemon=True)
    killer.start()
    summary = run_batch([d], out, dask=dask_client, task_size=3, progress=False, analyzer=slow_analyzer)
    killer.join(5)
    assert killed.is_set()
    assert (summary.ok, summary.failed) == (60, 0)
    _assert_complete(out, 60)
    _wait_for(lambda: len(dask_client.nthreads()) == 2)  # the nanny restarted it, for the next test


def test_filing_that_kills_its_worker_or_spins_is_a_failure_with_its_stage(tmp_path: Path, dask_client: Any,
                                                                          ) -> None:
    d = _stub_inputs(tmp_path / "in", 10, {"f004b.txt": "CRASH\n", "f007b.txt": "SPIN\n"})
    out = tmp_path / "out"
    summary = run_batch([d], out, dask=dask_client, task_size=4, timeout=0.5, progress=False,
                        analyzer=slow_analyzer)
    assert (summary.ok, summary.failed) == (10, 2)
    failures = {Path(r["file"]).name: r for r in _failures(out)}
    assert failures["f004b.txt"]["stage"] == "worker" and failures["f004b.txt"]["error_type"] == "WorkerCrash"
    assert failures["f007b.txt"]["stage"] == "timeout" and "0.5 s" in failures["f007b.txt"]["message"]
    assert read_table(out, "filings")["filing_key"].is_unique
    assert len(read_table(out, "schedules")) == 10 * 3
    _wait_for(lambda: len(dask_client.nthreads()) == 2)


_CLIENT_SCRIPT = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    import cloudpickle, test_batch, test_dask
    cloudpickle.register_pickle_by_value(test_batch)
    cloudpickle.register_pickle_by_value(test_dask)
    from edgarliq.batch import run_batch
    try:
        run_batch([{inputs!r}], {out!r}, workers=2, dask={dask!r}, chunk_size=3, task_size=1, timeout=120,
                  progress=False, analyzer=test_dask.slow_analyzer)
    except KeyboardInterrupt:
        sys.exit(130)
""")


def _client_process(inputs: Path, out: Path, dask: str | None, hold: bool) -> subprocess.Popen[bytes]:
    script = _CLIENT_SCRIPT.format(tests=str(ROOT / "tests"), inputs=str(inputs), out=str(out), dask=dask)
    env = {**os.environ, "EDGARLIQ_TEST_HOLD": "1" if hold else ""}
    # A session of its own: Ctrl-C at a terminal reaches the whole process group, as here.
    return subprocess.Popen([sys.executable, "-c", script], env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_rerun_after_killing_the_client_completes_without_duplicates(tmp_path: Path, dask_client: Any) -> None:
    d = _stub_inputs(tmp_path / "in", 40)
    out = tmp_path / "out"
    proc = _client_process(d, out, dask_client.scheduler.address, hold=False)
    try:
        _wait_for(lambda: _committed_parts(out) >= 3 or proc.poll() is not None)
        proc.kill()  # the client dies at once, tasks of its in flight on the workers
    finally:
        proc.wait(10)
    done = _committed_parts(out)
    assert 3 <= done < 40, proc.stderr.read().decode() if proc.stderr else ""
    summary = run_batch([d], out, dask=dask_client, progress=False, analyzer=slow_analyzer)
    assert summary.skipped >= 3 and summary.ok + summary.skipped == 40
    _assert_complete(out, 40)
    # And a third run has nothing left to do.
    again = run_batch([d], out, dask=dask_client, progress=False, analyzer=slow_analyzer)
    assert (again.ok, again.skipped) == (0, 40)


def test_fsspec_urls_for_inputs_and_output(tmp_path: Path, dask_client: Any) -> None:
    pytest.importorskip("fsspec")
    d = _stub_inputs(tmp_path / "in", 6)
    url_in, url_out = f"file://{d}/*.txt", f"file://{tmp_path / 'out'}"
    summary = run_batch([url_in], url_out, dask=dask_client, progress=False, analyzer=stub_analyzer)
    assert (summary.ok, summary.failed) == (6, 0)
    filings = read_table(url_out, "filings")
    assert all(p.startswith("file://") for p in filings["path"])
    _assert_complete(tmp_path / "out", 6)
    again = run_batch([url_in], url_out, workers=1, progress=False, analyzer=stub_analyzer)
    assert (again.ok, again.skipped) == (0, 6)  # resume by (URL, size, mtime), whichever engine runs


# ---------------------------------------------------------------------------------------------
# Ctrl-C during a pooled batch (issue 11, item 8)


def test_ctrl_c_stops_a_pooled_batch_at_once_and_a_rerun_completes_it(tmp_path: Path) -> None:
    d = _stub_inputs(tmp_path / "in", 30, {"f000hold.txt": "HOLD ACC=0000000001-97-999999\n"})
    out = tmp_path / "out"
    proc = _client_process(d, out, None, hold=True)  # the held filing would take 60 s (timeout 120 s)
    try:
        _wait_for(lambda: _committed_parts(out) >= 2 or proc.poll() is not None)
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        sent = time.monotonic()
        os.killpg(proc.pid, signal.SIGINT)
        code = proc.wait(30)
        stopped_in = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert code == 130
    assert stopped_in < 5.0, f"took {stopped_in:.1f} s to stop with a filing in flight"
    kept = read_table(out, "filings")
    assert 2 * 3 <= len(kept) < 31 and "0000000001-97-999999" not in set(kept["filing_key"])
    summary = run_batch([d], out, workers=2, progress=False, analyzer=slow_analyzer)
    assert summary.skipped == len(kept) and summary.ok == 31 - len(kept)
    _assert_complete(out, 31)


def test_filing_hung_in_native_code_is_a_timeout_and_the_run_completes(tmp_path: Path, dask_client: Any) -> None:
    # time.sleep stands for native code that no exception can interrupt (the limit inside the worker
    # cannot stop it): the client ends the worker holding it, then runs it alone to be sure.
    # (Last in this module: the cluster it leaves may be short of a worker. Dask's nanny restarts
    # an ended worker, but on a loaded machine it was once seen to close instead; the run's
    # results below do not depend on it.)
    d = _stub_inputs(tmp_path / "in", 3, {"f001b.txt": "SLEEP\n"})
    out = tmp_path / "out"
    summary = run_batch([d], out, dask=dask_client, task_size=1, timeout=0.5, progress=False, analyzer=stub_analyzer)
    assert (summary.ok, summary.failed) == (3, 1)
    (failure,) = _failures(out)
    assert Path(failure["file"]).name == "f001b.txt"
    assert failure["stage"] == "timeout" and failure["error_type"] == "FilingTimeout"
    filings = read_table(out, "filings")
    assert filings["filing_key"].is_unique and len(filings) == 4
    _wait_for(lambda: len(dask_client.nthreads()) >= 1, limit=60.0)  # a worker is back for what follows
