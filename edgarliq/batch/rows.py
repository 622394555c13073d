"""One filing -> table rows: the declared schemas, the coercion of JSON values to column types, the
flattening of the `analyze --json` document into long tables, and `process_file`, the pure function
every engine runs (bytes in, one filings row and its detail rows out, never an exception).
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa

from edgarliq.batch.inputs import Job, read_input
from edgarliq.errors import FilingError
from edgarliq.model import plain_number, row_measure
from edgarliq.record import record

STAGES = ("container", "schedules", "statements", "metrics")
DEFAULT_TIMEOUT = 300.0  # seconds per filing; era-1 filings take milliseconds, so this only stops hangs

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
        ("measure", _STR),  # currency (absolute), per share, shares, percent, other: model.MEASURES
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
        ("verdict", _STR),  # a classification's words ("absolutely liquid"); `value` is then null
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


_json_str = json.encoder.encode_basestring_ascii  # what the encoder above writes a str with (ensure_ascii)
_NAME_TEXT: dict[str, str] = {}  # input name -> its JSON text: the same few dozen names in every filing


def _value_text(v: Any) -> str | None:
    """The JSON text the encoder above writes for a scalar, or None for any other type."""
    t = type(v)
    if t is int:
        return int.__repr__(v)
    if t is float:
        if -_INF < v < _INF:
            return float.__repr__(v)
        return "NaN" if v != v else "Infinity" if v > 0 else "-Infinity"
    if v is None:
        return "null"
    if t is bool:
        return "true" if v else "false"
    if t is str:
        return _json_str(v)
    return None


def _inputs_json(inputs: dict[str, Any]) -> str | None:
    """`_json` of a metric's inputs, ``{name: {"value": number, "source": text}}``, written directly:
    the encoder costs more per call (it is set up anew each time) than the encoding itself, and a
    filing has ~70 metrics. Anything of another shape or type goes through `_json`."""
    try:
        names = sorted(inputs)  # (sort_keys; the names are distinct)
    except TypeError:  # names of different types: the encoder refuses them too
        return _json(inputs)
    parts = []
    for name in names:
        entry = inputs[name]
        if type(name) is not str or type(entry) is not dict or len(entry) != 2:
            return _json({k: dict(v) for k, v in inputs.items()})
        source, value = entry.get("source", _MISSING), entry.get("value", _MISSING)
        # (the usual case inline: a text source and a finite number)
        tv = type(value)
        if type(source) is str and (tv is int or tv is float and -_INF < value < _INF):
            value_text: str | None = int.__repr__(value) if tv is int else float.__repr__(value)
            source_text: str | None = _json_str(source)
        else:
            value_text, source_text = _value_text(value), _value_text(source)
            if value_text is None or source_text is None:  # (also a key other than source and value)
                return _json({k: dict(v) for k, v in inputs.items()})
        name_text = _NAME_TEXT.get(name)
        if name_text is None:
            if len(_NAME_TEXT) > 4096:  # (names come from our code, but never let it grow unbounded)
                _NAME_TEXT.clear()
            name_text = _NAME_TEXT[name] = _json_str(name)
        parts.append(f'{name_text}: {{"source": {source_text}, "value": {value_text}}}')
    return "{" + ", ".join(parts) + "}"


_MISSING = object()


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
                     _bool(r.get("total")), _str(row_measure(r)))
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
                           value, _str(m.get("unit")), _str(m.get("status")), _str(m.get("verdict")),
                           _str(m.get("reason")),
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
# The same rows straight from the pipeline's objects: what `flatten(analysis.to_dict(), key)` gives,
# without building the JSON document first (its dicts, the documents' and schedules' fields no
# table has, the ISO dates parsed back). This couples the batch format to the dataclasses, so
# tests/test_batch_rows.py compares the two on corpus filings of every era and on the stub.


def analysis_rows(analysis: Any, key: str) -> tuple[dict[str, Any], Rows]:
    """`flatten(analysis.to_dict(), key)` for a `pipeline.Analysis`, computed from its objects."""
    sub = analysis.submission
    rows: Rows = {t: [] for t in DETAIL_TABLES}

    sched_rows = rows["schedules"]
    schedules = analysis.schedules
    for si, s in enumerate(schedules):
        head = (key, si, _str(s.document_type), _str(s.article), _int(_json_number(s.multiplier)), _str(s.currency),
                _bool(s.restated))
        for ci, col in enumerate(s.columns):
            mid = (ci, _str(col.period_type), _i32(col.months), _day(col.period_start), _day(col.period_end),
                   _day(col.fiscal_year_end))
            sched_rows.extend([(*head, *mid, _str(tag), _float(_json_number(v))) for tag, v in col.values.items()])

    st_rows = rows["statements"]
    statements = analysis.statements
    found = statements.items() if statements else ()
    n_statements = 0
    for kind, st in found:
        n_statements += 1
        col_facts = [(ci, _day(c.period_end), _i32(c.months), _str(c.header)) for ci, c in enumerate(st.columns)]
        head = (key, _str(kind), _str(st.title), _str(st.unit))
        n_cols = len(col_facts)
        for ri, r in enumerate(st.rows):
            rhead = (*head, ri, _str(r.label), _str(r.concept), _i32(r.level), _bool(r.total), r.measure)
            # _float(plain_number(v)), inline for the usual finite float: rounded to 6 places, and
            # -0.0 (integral, so plain_number makes it the int 0) is 0.0, which "+ 0.0" gives
            values = [None if v is None else round(v, 6) + 0.0 if type(v) is float and v - v == 0.0
                      else _float(plain_number(v)) for v in r.values]
            if len(values) < n_cols:
                values += [None] * (n_cols - len(values))
            st_rows.extend([(*rhead, *col, v) for col, v in zip(col_facts, values, strict=False)])

    m_rows = rows["metrics"]
    n_metrics = 0
    for name, ms in analysis.metrics.items():
        for m in ms or ():
            value = _metric_float(m.value)
            n_metrics += value is not None
            m_rows.append((key, _str(m.name or name), _day(m.period_end), _i32(m.months), value, _str(m.unit),
                           _str(m.status), _str(m.verdict), _str(m.reason), _str(m.formula),
                           _inputs_json(m.inputs), _str(m.reading), _str(m.note)))

    c_rows = rows["checks"]
    checks = analysis.checks
    n_failed = 0
    for c in checks:
        if c.extra:  # (extra fields may stand in for the named ones in the JSON: take its form)
            d = c.to_dict()
            name, status, exp, act, diff, tol, detail = (d.get(k) for k in (
                "name", "status", "expected", "actual", "difference", "tolerance", "detail"))
        else:
            name, status, exp, act, diff, tol, detail = (c.name, c.status, c.expected, c.actual, c.difference,
                                                         c.tolerance, c.detail)
        n_failed += status == "fail"
        c_rows.append((key, _str(name), _str(status), _float(exp), _float(act), _float(diff), _float(tol),
                       _str(detail)))

    facts = {
        "accession": _str(sub.accession),
        "cik": _str(sub.cik),
        "company": _str(sub.company),
        "form": _str(sub.form),
        "period_of_report": _day(sub.period_of_report),
        "filed": _day(sub.filed),
        "envelope": _str(sub.envelope),
        "n_documents": len(sub.documents),
        "n_schedules": len(schedules),
        "n_statements": n_statements,
        "n_metrics": n_metrics,
        "n_checks": len(checks),
        "n_checks_failed": n_failed,
    }
    return facts, rows


def _day(d: Any) -> date | None:
    """What `_date` gives for the JSON form of a date field (``d.isoformat() if d else None``)."""
    if type(d) is date:
        return d
    return _date(d.isoformat()) if d else None


def _json_number(v: Any) -> Any:
    """The JSON form of an EX-27 number (`fds._num_out`): an int when integral (so -0.0 is 0)."""
    return int(v) if isinstance(v, float) and v.is_integer() else v


def _metric_float(v: Any) -> float | None:
    """`_float` of a metric value's JSON form (`Metric.to_dict`: a finite int or float, else None)."""
    if isinstance(v, bool) or not isinstance(v, int | float):
        return None
    f = float(v)
    return f if -_INF < f < _INF else None


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

    (`process_file` without an analyzer runs the same pipeline but builds its rows straight from
    the objects, `analysis_rows`, rather than through this document.)
    """
    analysis, timings = _run_pipeline(data, name)
    try:
        doc = analysis.to_dict()
    except Exception as exc:
        raise _StageFailure("output", exc) from exc
    return doc, timings


def _run_pipeline(data: bytes, name: str) -> tuple[Any, dict[str, float]]:
    """bytes -> (`pipeline.Analysis`, stage timings in seconds).

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
    return analysis, timings


def _pipeline_rows(data: bytes, name: str, sha: str) -> tuple[str, dict[str, Any], Rows, dict[str, float]]:
    """The default analyzer of `process_file`: (filing key, facts, detail rows, timings)."""
    analysis, timings = _run_pipeline(data, name)
    key = _str(analysis.submission.accession) or f"sha256:{sha}"
    try:
        facts, rows = analysis_rows(analysis, key)
    except Exception as exc:
        raise _StageFailure("output", exc) from exc
    return key, facts, rows, timings


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
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise FilingTimeout in this thread after `seconds`.

    In the main thread (in-process runs, pool workers) SIGALRM interrupts whatever runs. Dask runs a
    task in a worker thread, where no signal can reach it, so there a watchdog timer raises the
    exception asynchronously in the thread (`PyThreadState_SetAsyncExc`): it lands at the next
    bytecode, which the pipeline (pure Python, linear regular expressions) reaches quickly.
    """
    if not seconds:
        yield
        return
    message = f"no result after {seconds:g} s"
    try:
        if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
            with _thread_time_limit(seconds):
                yield
        else:
            with _alarm_time_limit(seconds):
                yield
    except Exception as exc:
        # A stage wraps what it raises (StageError): a timeout is a timeout whichever stage it hit.
        if isinstance(exc, FilingTimeout) or isinstance(getattr(exc, "cause", None), FilingTimeout):
            where = getattr(exc, "stage", None)
            raise FilingTimeout(f"{message} (in {where})" if where else message) from None
        raise


@contextlib.contextmanager
def _alarm_time_limit(seconds: float) -> Iterator[None]:

    def on_alarm(signum: int, frame: Any) -> None:
        raise FilingTimeout()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _ThreadTimeout(FilingTimeout):
    """Raised asynchronously (the class itself: async exceptions carry no arguments)."""


@contextlib.contextmanager
def _thread_time_limit(seconds: float) -> Iterator[None]:
    thread_id = threading.get_ident()
    lock = threading.Lock()
    state = {"active": True, "fired": False}

    def fire() -> None:
        with lock:  # never raise into the thread once it has left the block
            if state["active"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(_ThreadTimeout))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["active"] = False
            timer.cancel()
            fired = state["fired"]
        if fired:
            # Fired after the block's last bytecode but before the lock: clear the pending exception.
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), None)


def process_file(job: Job, analyzer: Analyzer | None = None, timeout: float | None = DEFAULT_TIMEOUT,
                 ) -> tuple[dict[str, Any], Rows]:
    """Run one file: its filings row (as a dict) and its detail rows. Never raises for the file.

    This is the one function every engine runs, wherever it runs it: it reads the input itself (a
    path or an fsspec URL), so only the job's name travels to a worker.
    """
    start = time.perf_counter()
    row: dict[str, Any] = {"path": job.path, "size": job.size, "mtime_ns": job.mtime_ns}
    rows: Rows = {t: [] for t in DETAIL_TABLES}
    try:
        data = read_input(job.path)
    except OSError as exc:
        row.update(filing_key=f"path:{job.path}", status="failed", stage="read", error_type=type(exc).__name__,
                   error=exc.strerror or str(exc))
        row["t_total"] = time.perf_counter() - start
        return row, rows
    sha = hashlib.sha256(data).hexdigest()
    row.update(sha256=sha, size=len(data), filing_key=f"sha256:{sha}")
    try:
        with time_limit(timeout):
            if analyzer is None:
                key, facts, rows, timings = _pipeline_rows(data, job.path, sha)
            else:
                doc, timings = analyzer(data, job.path)
                del data  # the text lives on in the Submission; do not hold the bytes as well
                # The key flatten() puts in every row: its own facts["accession"] (the same coercion
                # of the same field), else the hash; taken first so the rows are built with it once.
                key = _str((doc.get("filing") or {}).get("accession")) or f"sha256:{sha}"
                facts, rows = flatten(doc, key)
    except Exception as exc:  # noqa: BLE001 - one filing's failure is recorded, never raised
        stage, etype, message, where = _describe(exc)
        row.update(status="failed", stage=stage, error_type=etype, error=message, error_where=where)
        row["t_total"] = time.perf_counter() - start
        return row, {t: [] for t in DETAIL_TABLES}
    row.update(facts, filing_key=key, status="ok")
    for stage in STAGES:
        row[f"t_{stage}"] = timings.get(stage)
    row["t_total"] = time.perf_counter() - start
    return row, rows


Result = tuple[dict[str, Any], Rows]


def process_many(jobs: Sequence[Job], analyzer: Analyzer | None, timeout: float | None) -> list[Result]:
    """One task of a pool or cluster: several files, to amortise the round trip per task."""
    return [process_file(job, analyzer, timeout) for job in jobs]


def table_from_rows(table: str, rows: Sequence[tuple[Any, ...]]) -> pa.Table:
    """Rows (tuples in the schema's column order) as an Arrow table of the declared schema."""
    schema = SCHEMAS[table]
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(schema)
    return pa.Table.from_arrays([pa.array(col, type=f.type) for col, f in zip(columns, schema, strict=True)],
                                schema=schema)


@record(slots=True)
class Packed:
    """The results of one task's files with their detail rows already in Arrow tables.

    What a pool worker sends back: a table pickles as its column buffers, where the same rows as
    tuples of Python objects cost more to pickle and unpickle than building the table does, and
    the parent (which shares the cores with the workers) then only slices and writes. File i's
    rows in ``tables[t]`` are ``offsets[t][i]:offsets[t][i + 1]``, so the one that turns out to
    be a duplicate, or that falls into the next part file, is cut out without a copy.
    """

    filings: list[dict[str, Any]]
    tables: dict[str, pa.Table]
    offsets: dict[str, list[int]]

    def __len__(self) -> int:
        return len(self.filings)

    def slice(self, table: str, start: int, stop: int) -> pa.Table:
        """The detail rows of files start..stop-1 (zero-copy)."""
        off = self.offsets[table]
        return self.tables[table].slice(off[start], off[stop] - off[start])


def pack(results: Sequence[Result]) -> Packed:
    filings = [row for row, _ in results]
    tables, offsets = {}, {}
    for table in DETAIL_TABLES:
        merged: list[tuple[Any, ...]] = []
        off = [0]
        for _, rows in results:
            merged.extend(rows.get(table, ()))
            off.append(len(merged))
        tables[table] = table_from_rows(table, merged)
        offsets[table] = off
    return Packed(filings, tables, offsets)


def process_packed(jobs: Sequence[Job], analyzer: Analyzer | None, timeout: float | None) -> Packed:
    """One task of the process pool: `process_many`, its detail rows packed into Arrow tables."""
    return pack(process_many(jobs, analyzer, timeout))


def crash_row(job: Job, detail: str, stage: str = "worker", error_type: str = "WorkerCrash") -> Result:
    """The result of a file whose worker process died while running it, alone."""
    sha = _sha256_input(job.path)
    row = {"path": job.path, "size": job.size, "mtime_ns": job.mtime_ns, "sha256": sha,
           "filing_key": f"sha256:{sha}" if sha else f"path:{job.path}", "status": "failed",
           "stage": stage, "error_type": error_type, "error": detail}
    return row, {t: [] for t in DETAIL_TABLES}


def _sha256_input(path: str) -> str | None:
    try:
        return hashlib.sha256(read_input(path)).hexdigest()
    except (OSError, ValueError):
        return None
