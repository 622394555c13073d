"""Batch runs: the whole pipeline over thousands of saved filings, into long Parquet (or CSV) tables.

Layout of an output directory (``--out DIR``)::

    DIR/filings.parquet/part-00001.parquet    one row per input file (ok, failed or duplicate)
    DIR/schedules.parquet/part-00001.parquet  EX-27 values, long: one row per (schedule, column, tag)
    DIR/statements.parquet/part-00001.parquet statement cells, long: one row per (statement, row, column)
    DIR/metrics.parquet/part-00001.parquet    one row per metric value
    DIR/checks.parquet/part-00001.parquet     one row per check
    DIR/failures.csv                          file, stage, error type, message (derived from filings)

Each table is a *directory of part files*, one part per chunk of filings, so memory stays flat
(a chunk is written and dropped) and a rerun only appends. ``pandas.read_parquet(DIR /
"filings.parquet")`` reads a whole table; :func:`read_table` does the same for both formats and
applies the declared schema (CSV parts carry no types). With ``--format csv`` the directories are
``filings.csv/part-00001.csv`` and so on.

Crash safety: every part is written to a dot-file and renamed into place. The filings part of a
chunk is written *last* and is the chunk's commit record: on start, detail parts whose number has
no filings part (a run killed mid-chunk) are deleted, and those filings are simply done again.

Resume: a file is skipped when its (path, size, mtime) or its SHA-256 is already in the filings
table, so a second run over the same inputs reads no filing at all. A filing's key is its
accession number when the header has one, else ``sha256:<hex>``; a file whose hash or accession
was already done (a copy, the same filing saved twice) is recorded with status ``duplicate`` and
no detail rows. Failed filings are recorded too and are *not* retried by default (most failures
are the input's, and would fail again); ``retry_failed=True`` (``--retry-failed``) drops their
rows and runs them again.

Failures never stop a run: each filing's exception is caught in the worker and recorded with its
stage; a worker that dies outright (segfault, out of memory) breaks the pool, and the files that
were in flight are re-run one at a time in a fresh pool so the one that kills its worker is
recorded as a ``worker`` failure and the others go through.
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import glob
import hashlib
import io
import itertools
import json
import os
import signal
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from edgarliq.errors import EdgarliqError, FilingError

__all__ = [
    "SCHEMAS", "TABLES", "BatchSummary", "discover_inputs", "flatten", "read_table", "run_batch",
]

FILING_SUFFIXES = (".txt", ".nc", ".htm", ".html")
STAGES = ("container", "schedules", "statements", "metrics")
DEFAULT_CHUNK = 200  # filings per part file: large enough for good Parquet row groups, small for memory
DEFAULT_TIMEOUT = 300.0  # seconds per filing; era-1 filings take milliseconds, so this only stops hangs
# Snappy rather than zstd: the parent writes the parts on the same cores the workers use, and
# snappy costs ~40% less CPU to write for parts ~30% larger (readers handle both transparently).
PARQUET_COMPRESSION = "snappy"

# ---------------------------------------------------------------------------------------------
# Schemas. Declared, not inferred: a chunk where a column is all null (or a table is empty) must
# still write the same types, or the part files of one table stop being readable together.

_STR, _I32, _I64, _F64, _BOOL, _DATE = pa.string(), pa.int32(), pa.int64(), pa.float64(), pa.bool_(), pa.date32()

SCHEMAS: dict[str, pa.Schema] = {
    "filings": pa.schema([
        ("filing_key", _STR),  # accession, else "sha256:<hex>"; the join key of every table
        ("path", _STR),
        ("sha256", _STR),
        ("size", _I64),
        ("mtime_ns", _I64),
        ("status", _STR),  # ok | failed | duplicate
        ("accession", _STR),
        ("cik", _STR),
        ("company", _STR),
        ("form", _STR),
        ("period_of_report", _DATE),
        ("filed", _DATE),
        ("envelope", _STR),
        ("n_documents", _I32),
        ("n_schedules", _I32),
        ("n_statements", _I32),
        ("n_metrics", _I32),  # metric values that are known (not None)
        ("n_checks", _I32),
        ("n_checks_failed", _I32),
        ("t_container", _F64),  # seconds per stage
        ("t_schedules", _F64),
        ("t_statements", _F64),
        ("t_metrics", _F64),
        ("t_total", _F64),  # the whole worker call: read, hash, pipeline, flattening
        ("stage", _STR),  # failed only: where it failed
        ("error_type", _STR),
        ("error", _STR),
        ("error_where", _STR),  # innermost edgarliq frame (file:line in function) of a bug
        ("duplicate_of", _STR),
        ("processed_at", pa.timestamp("ms", tz="UTC")),
    ]),
    "schedules": pa.schema([
        ("filing_key", _STR),
        ("schedule", _I32),  # index of the schedule within the filing
        ("document_type", _STR),
        ("article", _STR),
        ("multiplier", _I64),
        ("currency", _STR),
        ("restated", _BOOL),
        ("column", _I32),
        ("period_type", _STR),
        ("months", _I32),
        ("period_start", _DATE),
        ("period_end", _DATE),
        ("fiscal_year_end", _DATE),
        ("tag", _STR),
        ("value", _F64),
    ]),
    "statements": pa.schema([
        ("filing_key", _STR),
        ("statement", _STR),  # balance_sheet, income_statement, cash_flow ...
        ("title", _STR),
        ("unit", _STR),
        ("row", _I32),
        ("label", _STR),
        ("concept", _STR),
        ("level", _I32),
        ("total", _BOOL),
        ("column", _I32),
        ("period_end", _DATE),
        ("months", _I32),
        ("header", _STR),
        ("value", _F64),
    ]),
    "metrics": pa.schema([
        ("filing_key", _STR),
        ("name", _STR),
        ("period_end", _DATE),
        ("months", _I32),
        ("value", _F64),
        ("unit", _STR),
        ("status", _STR),
        ("reason", _STR),
        ("formula", _STR),
        ("inputs", _STR),  # JSON text: the inputs differ per metric, so no fixed columns for them
        ("reading", _STR),
        ("note", _STR),
    ]),
    "checks": pa.schema([
        ("filing_key", _STR),
        ("name", _STR),
        ("status", _STR),
        ("expected", _F64),
        ("actual", _F64),
        ("difference", _F64),
        ("tolerance", _F64),
        ("detail", _STR),
    ]),
}
TABLES = tuple(SCHEMAS)
DETAIL_TABLES = TABLES[1:]
FAILURE_COLUMNS = ("file", "stage", "error_type", "message", "where", "filing_key", "sha256")

# ---------------------------------------------------------------------------------------------
# Coercion of JSON values to the declared column types. The pipeline's JSON is the contract, but a
# batch over thousands of filings must not die on one odd value: anything that does not fit the
# column type becomes null.


def _str(v: Any) -> str | None:
    if v is None or type(v) is str:  # (the usual cases first: this runs for every text cell)
        return v
    return v if isinstance(v, str) else str(v)


def _int(v: Any) -> int | None:
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v if -(2**63) <= v < 2**63 else None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return int(f) if f.is_integer() and abs(f) < 2**63 else None


def _i32(v: Any) -> int | None:
    i = _int(v)
    return i if i is not None and -(2**31) <= i < 2**31 else None


_INF = float("inf")


def _float(v: Any) -> float | None:
    # Fast paths for the two types the JSON holds (this runs for every statement cell); they give
    # what the general path below gives: an int converts exactly or overflows, a float is kept
    # when finite (NaN fails both comparisons).
    t = type(v)
    if t is int:
        try:
            return float(v)
        except OverflowError:
            return None
    if t is float:
        return v if -_INF < v < _INF else None
    if v is None or isinstance(v, bool):
        return None
    try:
        f = float(v)
    except (TypeError, ValueError, OverflowError):
        return None
    return f if f == f and f not in (float("inf"), float("-inf")) else None  # NaN/inf -> null


def _bool(v: Any) -> bool | None:
    return v if isinstance(v, bool) else None


def _date(v: Any) -> date | None:
    if isinstance(v, date):
        return v
    if isinstance(v, str) and len(v) >= 10:
        try:
            return date.fromisoformat(v[:10])
        except ValueError:
            return None
    return None


# What json.dumps(v, default=str, sort_keys=True) builds on every call (any argument besides the
# defaults makes it construct a new encoder); made once, it encodes the same text.
_JSON_ENCODER = json.JSONEncoder(default=str, sort_keys=True)


def _json(v: Any) -> str | None:
    if v is None:
        return None
    try:
        return _JSON_ENCODER.encode(v)
    except (TypeError, ValueError):
        return str(v)


# ---------------------------------------------------------------------------------------------
# Flattening: the JSON contract of `Analysis.to_dict()` -> rows of the long tables. Written against
# the JSON (not the dataclasses) so internal changes to the stages do not reach the batch format.

Rows = dict[str, list[tuple[Any, ...]]]


def flatten(doc: dict[str, Any], key: str) -> tuple[dict[str, Any], Rows]:
    """Return (filing facts and counts for the filings row, detail rows per table)."""
    filing = doc.get("filing") or {}
    rows: Rows = {t: [] for t in DETAIL_TABLES}

    sched_rows = rows["schedules"]
    schedules = doc.get("schedules") or []
    for si, s in enumerate(schedules):
        head = (key, si, _str(s.get("document_type")), _str(s.get("article")), _int(s.get("multiplier")),
                _str(s.get("currency")), _bool(s.get("restated")))
        for ci, col in enumerate(s.get("columns") or []):
            mid = (ci, _str(col.get("period_type")), _i32(col.get("months")), _date(col.get("period_start")),
                   _date(col.get("period_end")), _date(col.get("fiscal_year_end")))
            for tag, value in (col.get("values") or {}).items():
                sched_rows.append((*head, *mid, _str(tag), _float(value)))

    st_rows = rows["statements"]
    statements = doc.get("statements") or {}
    for kind, st in statements.items():
        cols = st.get("columns") or []
        col_facts = [(ci, _date(c.get("period_end")), _i32(c.get("months")), _str(c.get("header")))
                     for ci, c in enumerate(cols)]
        head = (key, _str(kind), _str(st.get("title")), _str(st.get("unit")))
        n_cols = len(col_facts)
        for ri, r in enumerate(st.get("rows") or []):
            rhead = (*head, ri, _str(r.get("label")), _str(r.get("concept")), _i32(r.get("level")),
                     _bool(r.get("total")))
            values = r.get("values") or []
            if len(values) < n_cols:  # (a short row: the missing cells are null)
                values = [*values, *[None] * (n_cols - len(values))]
            # (not strict: values beyond the columns are dropped, as before)
            st_rows.extend([(*rhead, *col, _float(v)) for col, v in zip(col_facts, values, strict=False)])

    m_rows = rows["metrics"]
    metrics = doc.get("metrics") or {}
    n_metrics = 0
    for name, ms in metrics.items():
        for m in ms or []:
            value = _float(m.get("value"))
            n_metrics += value is not None
            m_rows.append((key, _str(m.get("name") or name), _date(m.get("period_end")), _i32(m.get("months")),
                           value, _str(m.get("unit")), _str(m.get("status")), _str(m.get("reason")),
                           _str(m.get("formula")), _json(m.get("inputs")), _str(m.get("reading")),
                           _str(m.get("note"))))

    c_rows = rows["checks"]
    checks = doc.get("checks") or []
    for c in checks:
        c_rows.append((key, _str(c.get("name")), _str(c.get("status")), _float(c.get("expected")),
                       _float(c.get("actual")), _float(c.get("difference")), _float(c.get("tolerance")),
                       _str(c.get("detail"))))

    facts = {
        "accession": _str(filing.get("accession")),
        "cik": _str(filing.get("cik")),
        "company": _str(filing.get("company")),
        "form": _str(filing.get("form")),
        "period_of_report": _date(filing.get("period_of_report")),
        "filed": _date(filing.get("filed")),
        "envelope": _str(filing.get("envelope")),
        "n_documents": len(filing.get("documents") or []),
        "n_schedules": len(schedules),
        "n_statements": len(statements),
        "n_metrics": n_metrics,
        "n_checks": len(checks),
        "n_checks_failed": sum(1 for c in checks if c.get("status") == "fail"),
    }
    return facts, rows


# ---------------------------------------------------------------------------------------------
# The worker side: one file in, one plain picklable result out. Exceptions never cross the process
# boundary (they may not pickle); they are turned into strings here.


class _StageFailure(Exception):
    """An exception tagged with the stage it came from (the container stage runs here)."""

    def __init__(self, stage: str, cause: BaseException) -> None:
        super().__init__(stage, cause)
        self.stage, self.cause = stage, cause


class FilingTimeout(Exception):
    """A filing took longer than the per-filing time limit."""


Analyzer = Callable[[bytes, str], tuple[dict[str, Any], dict[str, float]]]


def pipeline_analyzer(data: bytes, name: str) -> tuple[dict[str, Any], dict[str, float]]:
    """The real pipeline: bytes -> (the `analyze --json` document, stage timings in seconds).

    The container stage runs here rather than inside `analyze()` so that a `FilingError` from it is
    attributed to the ``container`` stage; the other stages name themselves (`StageError.stage`).
    """
    from edgarliq.pipeline import analyze
    from edgarliq.submission import read_submission

    t0 = time.perf_counter()
    try:
        submission = read_submission(data, name=name)
    except Exception as exc:
        raise _StageFailure("container", exc) from exc
    t_container = time.perf_counter() - t0
    analysis = analyze(submission)
    timings = dict(analysis.timings)
    timings["container"] = t_container
    try:
        doc = analysis.to_dict()
    except Exception as exc:
        raise _StageFailure("output", exc) from exc
    return doc, timings


@dataclass(frozen=True, slots=True)
class _Job:
    path: str  # absolute path (symlinks kept: the name the user gave is the name recorded)
    size: int
    mtime_ns: int


def _where(exc: BaseException) -> str | None:
    """The innermost frame inside edgarliq: where a bug is, without the whole traceback."""
    where = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if "edgarliq" in frame.filename.replace("\\", "/").split("/site-packages/")[-1]:
            where = f"{Path(frame.filename).name}:{frame.lineno} in {frame.name}"
    return where


def _describe(exc: BaseException) -> tuple[str, str, str, str | None]:
    """(stage, error type, message, where) of a filing's exception."""
    stage = "pipeline"
    if isinstance(exc, _StageFailure):
        stage, exc = exc.stage, exc.cause
    elif isinstance(exc, FilingTimeout):
        stage = "timeout"
    elif getattr(exc, "stage", None):  # the pipeline's StageError names its stage
        stage = str(exc.stage)  # type: ignore[attr-defined]
        cause = getattr(exc, "cause", None)
        if isinstance(cause, BaseException):
            exc = cause
    if isinstance(exc, FilingError):
        # The file is in its own column: keep the place and the cause.
        message = f"{exc.where}: {exc.cause}" if exc.where else exc.cause
    else:
        message = str(exc) or repr(exc)
    return stage, type(exc).__name__, message.replace("\n", " ")[:2000], _where(exc)


@contextlib.contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Raise FilingTimeout in this thread after `seconds` (SIGALRM: main thread on POSIX only)."""
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise FilingTimeout(f"no result after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def process_file(job: _Job, analyzer: Analyzer | None = None, timeout: float | None = DEFAULT_TIMEOUT,
                 ) -> tuple[dict[str, Any], Rows]:
    """Run one file: its filings row (as a dict) and its detail rows. Never raises for the file."""
    start = time.perf_counter()
    row: dict[str, Any] = {"path": job.path, "size": job.size, "mtime_ns": job.mtime_ns}
    rows: Rows = {t: [] for t in DETAIL_TABLES}
    try:
        data = Path(job.path).read_bytes()
    except OSError as exc:
        row.update(filing_key=f"path:{job.path}", status="failed", stage="read", error_type=type(exc).__name__,
                   error=exc.strerror or str(exc))
        row["t_total"] = time.perf_counter() - start
        return row, rows
    sha = hashlib.sha256(data).hexdigest()
    row.update(sha256=sha, size=len(data), filing_key=f"sha256:{sha}")
    try:
        with _time_limit(timeout):
            doc, timings = (analyzer or pipeline_analyzer)(data, job.path)
            del data  # the text lives on in the Submission; do not hold the bytes as well
            # The key flatten() puts in every row: its own facts["accession"] (the same coercion of
            # the same field), else the hash; taken first so the rows are built with it once.
            key = _str((doc.get("filing") or {}).get("accession")) or f"sha256:{sha}"
            facts, rows = flatten(doc, key)
    except Exception as exc:  # noqa: BLE001 - one filing's failure is recorded, never raised
        stage, etype, message, where = _describe(exc)
        row.update(status="failed", stage=stage, error_type=etype, error=message, error_where=where)
        row["t_total"] = time.perf_counter() - start
        return row, rows
    row.update(facts, filing_key=key, status="ok")
    for stage in STAGES:
        row[f"t_{stage}"] = timings.get(stage)
    row["t_total"] = time.perf_counter() - start
    return row, rows


def _process_many(jobs: Sequence[_Job], analyzer: Analyzer | None, timeout: float | None,
                  ) -> list[tuple[dict[str, Any], Rows]]:
    """One pool task: several files, to amortise the inter-process round trip."""
    return [process_file(job, analyzer, timeout) for job in jobs]


def _worker_init() -> None:
    # Ctrl-C goes to the whole process group: the parent handles it (writes what is done and
    # stops the pool); workers ignoring it keeps their tracebacks off the terminal.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(Exception):
        import edgarliq.pipeline  # noqa: F401 - import once per worker, not on its first filing


def _crash_row(job: _Job, detail: str) -> tuple[dict[str, Any], Rows]:
    """The result of a file whose worker process died while running it, alone."""
    sha = _sha256_file(job.path)
    row = {"path": job.path, "size": job.size, "mtime_ns": job.mtime_ns, "sha256": sha,
           "filing_key": f"sha256:{sha}" if sha else f"path:{job.path}", "status": "failed",
           "stage": "worker", "error_type": "WorkerCrash", "error": detail}
    return row, {t: [] for t in DETAIL_TABLES}


def _sha256_file(path: str) -> str | None:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------
# Running the jobs: in process, or in a pool that survives dead workers.


Result = tuple[dict[str, Any], Rows]


def _run_in_process(jobs: Sequence[_Job], analyzer: Analyzer | None, timeout: float | None,
                    ) -> Generator[Result, None, None]:
    for job in jobs:
        yield process_file(job, analyzer, timeout)


def _new_pool(workers: int) -> ProcessPoolExecutor:
    # The platform's default start method: fork on Linux up to Python 3.13 (workers start in
    # milliseconds with the pipeline already imported), forkserver/spawn elsewhere (which import it).
    return ProcessPoolExecutor(workers, initializer=_worker_init)


def _run_pool(jobs: Sequence[_Job], workers: int, task_size: int, analyzer: Analyzer | None,
              timeout: float | None) -> Generator[Result, None, None]:
    """Results in completion order. In flight: at most 4 tasks per worker, so memory is bounded.

    A dead worker breaks the whole pool and fails every future in flight, so which file killed it is
    unknown. Those files are queued again as *suspects*, run one at a time in a fresh pool: a suspect
    that breaks the pool again is the culprit and is recorded as failed; the rest go through.
    """
    queue: deque[tuple[tuple[_Job, ...], bool]] = deque(
        (tuple(jobs[i:i + task_size]), False) for i in range(0, len(jobs), task_size))
    max_inflight = workers * 4
    executor = _new_pool(workers)
    inflight: dict[Future[list[tuple[dict[str, Any], Rows]]], tuple[tuple[_Job, ...], bool]] = {}
    try:
        while queue or inflight:
            while queue and len(inflight) < max_inflight:
                task, suspect = queue[0]
                if suspect and inflight:
                    break  # suspects run alone, so a crash points at exactly one file
                queue.popleft()
                inflight[executor.submit(_process_many, task, analyzer, timeout)] = (task, suspect)
                if suspect:
                    break
            done, _ = wait(inflight, return_when=FIRST_COMPLETED)
            broken = False
            for fut in done:
                task, suspect = inflight.pop(fut)
                try:
                    results = fut.result()
                except BrokenProcessPool:
                    broken = True
                    if suspect:
                        yield _crash_row(task[0], "the worker process died while running this filing alone "
                                                  "(a crash in native code, or killed: out of memory?)")
                    else:
                        queue.extendleft(((job,), True) for job in reversed(task))
                    continue
                except Exception as exc:  # noqa: BLE001 - e.g. a result that does not pickle
                    for job in task:
                        row, rows = _crash_row(job, f"{type(exc).__name__}: {exc}")
                        row.update(stage="pool", error_type=type(exc).__name__)
                        yield row, rows
                    continue
                yield from results
            if broken:
                # Everything still in flight died with the pool; requeue it as suspects, then start over.
                for fut, (task, _suspect) in inflight.items():
                    fut.cancel()
                    queue.extendleft(((job,), True) for job in reversed(task))
                inflight.clear()
                executor.shutdown(wait=True, cancel_futures=True)
                executor = _new_pool(workers)
    finally:
        executor.shutdown(wait=False, cancel_futures=True)


# ---------------------------------------------------------------------------------------------
# Inputs


def discover_inputs(inputs: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files named, filing files under directories (recursive), and glob matches; each once.

    A directory contributes ``*.txt``, ``*.nc``, ``*.htm`` and ``*.html`` files (not hidden ones);
    a file named explicitly is taken whatever its suffix. Order: as given, sorted within each
    directory or pattern, so runs (and part files) are reproducible.
    """
    seen: set[str] = set()
    found: list[Path] = []

    def add(p: Path) -> None:
        key = os.path.abspath(p)
        if key not in seen:
            seen.add(key)
            found.append(p)

    def add_dir(d: Path) -> None:
        for p in sorted(d.rglob("*")):
            rel = p.relative_to(d).parts
            if p.suffix.lower() in FILING_SUFFIXES and not any(part.startswith(".") for part in rel) and p.is_file():
                add(p)

    for item in inputs:
        text = os.fspath(item)
        p = Path(text).expanduser()
        if p.is_dir():
            add_dir(p)
        elif p.is_file():
            add(p)
        elif glob.has_magic(text):
            matches = sorted(glob.glob(os.path.expanduser(text), recursive=True))
            if not matches:
                raise FilingError(text, "", "no file matches this pattern")
            for m in matches:
                mp = Path(m)
                if mp.is_dir():
                    add_dir(mp)
                elif mp.is_file():
                    add(mp)
        else:
            raise FilingError(text, "", "no such file or directory")
    return found


# ---------------------------------------------------------------------------------------------
# The output store: part directories, commit records, failures.csv


def _part_name(n: int, fmt: str) -> str:
    return f"part-{n:05d}.{fmt}"


def _part_number(name: str) -> int | None:
    stem = name.split(".", 1)[0]
    if stem.startswith("part-") and stem[5:].isdigit():
        return int(stem[5:])
    return None


def _table_from_rows(table: str, rows: Sequence[tuple[Any, ...]]) -> pa.Table:
    schema = SCHEMAS[table]
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(schema)
    return pa.Table.from_arrays([pa.array(col, type=f.type) for col, f in zip(columns, schema, strict=True)],
                                schema=schema)


def _table_from_dicts(table: str, rows: Sequence[dict[str, Any]]) -> pa.Table:
    schema = SCHEMAS[table]
    return _table_from_rows(table, [tuple(r.get(name) for name in schema.names) for r in rows])


def _read_dir(directory: Path, table: str, fmt: str, columns: Sequence[str] | None = None) -> pa.Table:
    schema = SCHEMAS[table]
    files = sorted(p for p in directory.glob(f"part-*.{fmt}")) if directory.is_dir() else []
    if not files:
        empty = schema.empty_table()
        return empty.select(list(columns)) if columns else empty
    if fmt == "parquet":
        dataset = pads.dataset([str(f) for f in files], schema=schema, format="parquet")
        return dataset.to_table(columns=list(columns) if columns else None)
    options = pacsv.ConvertOptions(column_types=schema, strings_can_be_null=True,
                                   include_columns=list(columns) if columns else None)
    parts = [pacsv.read_csv(f, convert_options=options) for f in files]
    return pa.concat_tables([t.cast(pa.schema([schema.field(n) for n in t.column_names])) for t in parts])


def read_table(out_dir: str | os.PathLike[str], table: str, columns: Sequence[str] | None = None) -> Any:
    """One table of a batch output directory as a pandas DataFrame, typed by the declared schema."""
    if table not in SCHEMAS:
        raise KeyError(f"no table {table!r}; tables: {', '.join(TABLES)}")
    out = Path(out_dir)
    fmt = _existing_format(out) or "parquet"
    return _read_dir(out / f"{table}.{fmt}", table, fmt, columns).to_pandas()


def _existing_format(out: Path) -> str | None:
    for fmt in ("parquet", "csv"):
        if (out / f"filings.{fmt}").is_dir():
            return fmt
    return None


class _Store:
    """The output directory: writes chunks as part files, knows what is done, keeps failures.csv."""

    def __init__(self, out: Path, fmt: str) -> None:
        self.out, self.fmt = out, fmt
        self.dirs = {t: out / f"{t}.{fmt}" for t in TABLES}
        self.failures_path = out / "failures.csv"
        self.next_part = 1

    def open(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        for d in self.dirs.values():
            d.mkdir(exist_ok=True)
        self._recover()

    def _recover(self) -> None:
        """Delete leftovers of an interrupted run: temp files and uncommitted detail parts."""
        committed = {_part_number(p.name) for p in self.dirs["filings"].glob(f"part-*.{self.fmt}")}
        committed.discard(None)
        highest = max((n for n in committed if n is not None), default=0)
        for table, d in self.dirs.items():
            for p in d.iterdir():
                if p.name.startswith(".") and p.name.endswith(".tmp"):
                    p.unlink()
                    continue
                n = _part_number(p.name)
                if table != "filings" and n is not None and n not in committed:
                    p.unlink()  # written before its chunk's commit record: that chunk will be redone
                elif n is not None:
                    highest = max(highest, n)
        self.next_part = highest + 1

    def filings(self, columns: Sequence[str] | None = None) -> pa.Table:
        return _read_dir(self.dirs["filings"], "filings", self.fmt, columns)

    def _write(self, table: str, n: int, data: pa.Table) -> None:
        final = self.dirs[table] / _part_name(n, self.fmt)
        tmp = final.with_name(f".{final.name}.tmp")  # dot-files are ignored by pyarrow datasets
        if self.fmt == "parquet":
            pq.write_table(data, tmp, compression=PARQUET_COMPRESSION)
        else:
            pacsv.write_csv(data, tmp)
        os.replace(tmp, final)

    def write_chunk(self, filings: list[dict[str, Any]], details: dict[str, list[tuple[Any, ...]]]) -> None:
        n = self.next_part
        self.next_part += 1
        # Always write every table, even with zero rows: an empty part still carries the schema.
        for table in DETAIL_TABLES:
            self._write(table, n, _table_from_rows(table, details[table]))
        self._write("filings", n, _table_from_dicts("filings", filings))  # last: the commit record
        failed = [r for r in filings if r.get("status") == "failed"]
        if failed:
            new = not self.failures_path.exists()
            with open(self.failures_path, "a", newline="", encoding="utf-8") as f:
                w = csv.writer(f)
                if new:
                    w.writerow(FAILURE_COLUMNS)
                w.writerows(_failure_record(r) for r in failed)

    def drop_failed(self) -> int:
        """Remove failed filings' rows (for --retry-failed). They have no detail rows to remove."""
        dropped = 0
        for p in sorted(self.dirs["filings"].glob(f"part-*.{self.fmt}")):
            t = _read_dir_file(p, self.fmt)
            kept = t.filter(pc.fill_null(pc.not_equal(t["status"], "failed"), True))
            if kept.num_rows != t.num_rows:
                dropped += t.num_rows - kept.num_rows
                tmp = p.with_name(f".{p.name}.tmp")
                if self.fmt == "parquet":
                    pq.write_table(kept, tmp, compression=PARQUET_COMPRESSION)
                else:
                    pacsv.write_csv(kept, tmp)
                os.replace(tmp, p)
        return dropped

    def rewrite_failures(self) -> None:
        """failures.csv from the filings table: the source of truth, so an interrupted append heals.

        Written even when nothing failed (a header only), so its absence never has to be interpreted.
        """
        t = self.filings(["path", "stage", "error_type", "error", "error_where", "filing_key", "sha256", "status"])
        failed = [r for r in t.to_pylist() if r["status"] == "failed"]
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(FAILURE_COLUMNS)
        w.writerows(_failure_record(r) for r in failed)
        tmp = self.failures_path.with_name(".failures.csv.tmp")
        tmp.write_text(buf.getvalue(), encoding="utf-8")
        os.replace(tmp, self.failures_path)


def _read_dir_file(p: Path, fmt: str) -> pa.Table:
    if fmt == "parquet":
        return pq.read_table(p).cast(SCHEMAS["filings"])
    options = pacsv.ConvertOptions(column_types=SCHEMAS["filings"], strings_can_be_null=True)
    return pacsv.read_csv(p, convert_options=options)


def _failure_record(r: dict[str, Any]) -> tuple[Any, ...]:
    return (r.get("path"), r.get("stage"), r.get("error_type"), r.get("error"), r.get("error_where"),
            r.get("filing_key"), r.get("sha256"))


@contextlib.contextmanager
def _locked(out: Path) -> Iterator[None]:
    """One batch run per output directory at a time: two would interleave part numbers."""
    with open(out / ".lock", "w") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise EdgarliqError(f"{out}: another batch run is writing to this directory") from None
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


# ---------------------------------------------------------------------------------------------
# Filings from EDGAR: a full-index quarter (--year/--quarter) or one company's list (--cik).


def select_remote(client: Any, *, year: int | None = None, quarter: int | None = None, cik: int | None = None,
                  forms: Sequence[str] = ("10-Q", "10-K"), amendments: bool = False,
                  limit: int | None = None) -> list[Any]:
    """EDGAR listing entries (`edgarliq.edgar.index.Filing`) to run: a quarter's full index (a whole
    year when no quarter is given; ``cik`` filters it), or one company's filings when only ``cik``."""
    from edgarliq.edgar.index import full_index, list_filings

    if year is not None:
        found: list[Any] = []
        for q in [quarter] if quarter else [1, 2, 3, 4]:
            found.extend(full_index(client, year, q, forms, amendments=amendments, cik=cik))
    elif quarter is not None:
        raise EdgarliqError("--quarter needs --year")
    elif cik is not None:
        found = list_filings(client, cik, forms, amendments=amendments)
    else:
        return []
    return found[:limit] if limit else found


def _fetch_all(client: Any, remote: Sequence[Any], done_keys: set[str], out: Path, show: bool,
               summary: BatchSummary) -> tuple[list[Path], list[dict[str, Any]]]:
    """Download (or find in the cache) each listed filing not yet done; failed downloads become rows.

    Serial on purpose: SEC allows 10 requests/s for the whole user, which `EdgarClient` enforces, so
    parallel downloads would not be faster; cached filings cost no request at all.
    """
    paths: list[Path] = []
    failed: list[dict[str, Any]] = []
    todo = []
    for f in remote:
        if f.accession in done_keys:
            summary.skipped += 1  # done by accession: not even downloaded again
        else:
            todo.append(f)
    save_to = None if getattr(client, "cache", None) is not None else out / "_fetched"
    bar = _progress_bar(len(todo), show, desc="fetch")
    for f in todo:
        try:
            paths.append(client.download(f.cik, f.accession, save_to))
        except EdgarliqError as exc:
            failed.append({"filing_key": f.accession, "path": f.url, "size": -1, "mtime_ns": -1, "status": "failed",
                           "accession": f.accession, "cik": f"{int(f.cik):010d}", "company": f.company,
                           "form": f.form, "filed": f.filed, "stage": "fetch", "error_type": type(exc).__name__,
                           "error": str(exc)})
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    return paths, failed


# ---------------------------------------------------------------------------------------------
# The run


@dataclass(slots=True)
class BatchSummary:
    """What a run did. `processed` = ok + failed + duplicate (files actually read this run)."""

    out_dir: Path
    inputs: int = 0
    ok: int = 0
    failed: int = 0
    skipped: int = 0  # already done in an earlier run (by path/size/mtime), not read again
    duplicate: int = 0  # read, but the same bytes or accession was already done
    retried: int = 0
    elapsed: float = 0.0
    failures: list[str] = field(default_factory=list)  # first few "file: stage: message", for the CLI

    @property
    def processed(self) -> int:
        return self.ok + self.failed + self.duplicate

    @property
    def rate(self) -> float:
        return self.processed / self.elapsed if self.elapsed > 0 else 0.0

    def line(self) -> str:
        dup = f", {self.duplicate} duplicate" if self.duplicate else ""
        retried = f" ({self.retried} failed retried)" if self.retried else ""
        where = f"; failures in {self.out_dir / 'failures.csv'}" if self.failed else ""
        return (f"{self.ok} ok, {self.failed} failed, {self.skipped} skipped{dup}{retried} of {self.inputs} inputs "
                f"in {self.elapsed:.1f} s ({self.rate:.1f} filings/s) -> {self.out_dir}{where}")


def _auto_task_size(n: int, workers: int) -> int:
    # Several files per task amortise the round trip (~0.2 ms) against ~5 ms per era-1 filing, but
    # keep at least ~8 tasks per worker so the last, slow file does not leave the others idle.
    return max(1, min(16, n // (workers * 8)))


def run_batch(
    inputs: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    workers: int | None = None,
    fmt: str = "parquet",
    chunk_size: int = DEFAULT_CHUNK,
    task_size: int | None = None,
    retry_failed: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
    progress: bool | None = None,
    analyzer: Analyzer | None = None,
    remote: Sequence[Any] = (),
    client: Any = None,
) -> BatchSummary:
    """Run the pipeline over every filing in `inputs`, appending results to `out_dir`.

    `workers`: processes (default ``os.cpu_count()``; 1 runs in this process). `chunk_size`: filings
    per part file. `task_size`: files per pool task (default: automatic). `timeout`: seconds per
    filing (None: no limit). `progress`: a tqdm bar on stderr (default: when stderr is a terminal).
    `analyzer` replaces the pipeline (tests; it must be picklable for a pool). `remote`: EDGAR listing
    entries (see `select_remote`) fetched with `client` (an `EdgarClient`) and run with the local
    inputs; an accession already done is skipped before it is downloaded.
    """
    if fmt not in ("parquet", "csv"):
        raise ValueError(f"format must be parquet or csv, not {fmt!r}")
    started = time.perf_counter()
    out = Path(out_dir)
    existing = _existing_format(out) if out.is_dir() else None
    if existing and existing != fmt:
        raise EdgarliqError(f"{out}: holds {existing} output from an earlier run; use --format {existing} "
                            "or another --out")
    files = discover_inputs(inputs)
    summary = BatchSummary(out_dir=out, inputs=len(files) + len(remote))
    show = sys.stderr.isatty() if progress is None else progress
    store = _Store(out, fmt)
    out.mkdir(parents=True, exist_ok=True)
    with _locked(out):
        store.open()
        if retry_failed:
            summary.retried = store.drop_failed()
        done = store.filings(["path", "size", "mtime_ns", "sha256", "filing_key", "status"]).to_pydict()
        done_stat = set(zip(done["path"], done["size"], done["mtime_ns"], strict=True))
        done_sha = {s for s in done["sha256"] if s}
        done_keys = {k for k, s in zip(done["filing_key"], done["status"], strict=True) if s != "duplicate"}
        del done

        pre_failed: list[dict[str, Any]] = []
        if remote:
            fetched, pre_failed = _fetch_all(client, remote, done_keys, out, show, summary)
            files = [*files, *fetched]

        jobs: list[_Job] = []
        for p in files:
            path = os.path.abspath(p)
            try:
                st = os.stat(path)
            except OSError:
                st = None  # vanished or unreadable: the worker records why
            job = _Job(path, st.st_size if st else -1, st.st_mtime_ns if st else -1)
            if (job.path, job.size, job.mtime_ns) in done_stat:
                summary.skipped += 1
            else:
                jobs.append(job)

        n_workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
        n_workers = min(n_workers, max(1, len(jobs)))
        results: Iterator[Result]
        if n_workers == 1:
            source = _run_in_process(jobs, analyzer, timeout)
        else:
            size = task_size or _auto_task_size(len(jobs), n_workers)
            source = _run_pool(jobs, n_workers, size, analyzer, timeout)
        results = source
        if pre_failed:
            results = itertools.chain(((r, {}) for r in pre_failed), results)

        bar = _progress_bar(len(jobs) + len(pre_failed), show)
        chunk: list[dict[str, Any]] = []
        details: dict[str, list[tuple[Any, ...]]] = {t: [] for t in DETAIL_TABLES}
        try:
            for row, rows in results:
                now = datetime.now(timezone.utc)  # noqa: UP017 - explicit, py3.11 has datetime.UTC too
                row["processed_at"] = now
                status = row.get("status")
                key = row.get("filing_key")
                if row.get("sha256") in done_sha or key in done_keys:
                    # Same bytes, or the same accession, already done: count it, keep no detail rows.
                    row["duplicate_of"] = key
                    row["status"] = status = "duplicate"
                    rows = {}
                if status == "ok":
                    summary.ok += 1
                elif status == "failed":
                    summary.failed += 1
                    if len(summary.failures) < 20:
                        summary.failures.append(f"{row.get('path')}: {row.get('stage')}: {row.get('error')}")
                else:
                    summary.duplicate += 1
                if row.get("sha256"):
                    done_sha.add(row["sha256"])
                if status != "duplicate" and key:
                    done_keys.add(key)
                chunk.append(row)
                for table, trs in rows.items():
                    details[table].extend(trs)
                if len(chunk) >= chunk_size:
                    store.write_chunk(chunk, details)
                    chunk = []
                    details = {t: [] for t in DETAIL_TABLES}
                if bar is not None:
                    bar.update(1)
                    if summary.failed:
                        bar.set_postfix(failed=summary.failed, refresh=False)
        finally:
            # Also on Ctrl-C or an unexpected error: what is finished is written, so a rerun resumes.
            if bar is not None:
                bar.close()
            source.close()  # stops the pool now, not whenever the generator is collected
            if chunk or store.next_part == 1:
                store.write_chunk(chunk, details)  # the first run always leaves readable tables
            store.rewrite_failures()
    summary.elapsed = time.perf_counter() - started
    return summary


def _progress_bar(total: int, show: bool, desc: str = "batch") -> Any:
    if not show or total == 0:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit=" filings", desc=desc, file=sys.stderr, dynamic_ncols=True, smoothing=0.1)
