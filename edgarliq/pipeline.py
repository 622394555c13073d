"""The pipeline: bytes -> Submission -> schedules and statements -> metrics and checks.

`analyze()` is the one entry point the CLI, the batch runner and the Python API share.
"""

from __future__ import annotations

import os
import time

from edgarliq.checks import Check
from edgarliq.errors import EdgarliqError
from edgarliq.record import field, record, replace
from edgarliq.submission import Submission, read_submission, xbrl_exhibit

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/design.md, start-up)
if TYPE_CHECKING:
    from typing import Any

    import pandas as pd

STAGES = ("container", "schedules", "statements", "metrics")


class StageError(EdgarliqError):
    """An unexpected failure inside one stage (a bug or an input we do not handle yet)."""

    def __init__(self, source: str, stage: str, cause: BaseException) -> None:
        self.source, self.stage, self.cause = source, stage, cause
        super().__init__(f"{source}: {stage} stage failed: {type(cause).__name__}: {cause}")


@record(slots=True, repr=False)  # (its own __repr__ below: none generated, issue 15)
class Analysis:
    """One filing's results. `to_dict()` is the JSON contract of `analyze --json`."""

    submission: Submission
    schedules: list[Any]
    statements: Any
    metrics: dict[str, list[Any]]
    checks: list[Check]
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def filing(self) -> dict[str, Any]:
        return self.submission.filing_dict()

    def to_dict(self) -> dict[str, Any]:
        statements = self.statements
        return {
            "filing": self.filing,
            "schedules": [s.to_dict() for s in self.schedules],
            "statements": {kind: st.to_dict() for kind, st in statements.items()} if statements else {},
            "metrics": {name: [m.to_dict() for m in ms] for name, ms in self.metrics.items()},
            "checks": [c.to_dict() for c in self.checks],
        }

    def to_json(self, *, indent: bool = False) -> str:
        """The `to_dict()` document as JSON text: compact by default (what batch and the Python API
        want), two-space indented with ``indent=True`` (what `analyze --json` prints)."""
        return dumps_json(self.to_dict(), indent=indent).decode("utf-8")

    def frames(self, *, long: bool = False) -> dict[str, pd.DataFrame]:
        """Every table of the analysis as a DataFrame (the same tables `export` writes).

        ``long=True``: the statements as one tidy `statements` table (see `export --long`)."""
        from edgarliq.export import frames

        return frames(self, long=long)

    def to_frame(self, table: str = "metrics") -> pd.DataFrame:
        """One table: metrics, checks, fds, balance_sheet / income_statement / cash_flow (wide),
        or statements (all three, long: one row per statement, line and period)."""
        tables = self.frames(long=table == "statements")
        if table not in tables:
            raise KeyError(f"no table {table!r}; available: {', '.join(tables)}, statements")
        return tables[table]

    # -- notebooks: a one-line repr (the full analysis is hundreds of KB), tables as HTML

    def __repr__(self) -> str:
        from edgarliq.report import analysis_summary

        return f"<Analysis {analysis_summary(self)}>"

    def _repr_html_(self) -> str:
        from edgarliq.report import analysis_html

        return analysis_html(self)


# --------------------------------------------------------------------------------------------
# JSON. Compact output (batch, the API, `to_json()`) goes through orjson, 5-10x faster than
# json; json, compact, is the fallback when orjson is missing or refuses a value (an integer
# beyond 64 bits). Indented output is one document for a person to read (`analyze --json`), so it
# is written by `_indented` below, not orjson, whose import alone (dataclasses, uuid, platform) is
# 10-13 ms of a process that lives 70 ms, nor json, whose indenting encoder is pure Python built
# of generators (2.6 ms on a 10-Q's document, and 0.6 ms more to import it): the same text as
# `json.dumps(doc, indent=2, ensure_ascii=False)` in half the time, with json's C string
# escaper. Either way NaN and infinities never reach the output: both write them as null.

def dumps_json(doc: Any, *, indent: bool = False) -> bytes:
    """`doc` (plain dicts, lists, str, numbers, None) as UTF-8 JSON bytes, ending in a newline."""
    if indent:
        return (_indented(doc) + "\n").encode("utf-8")
    try:
        # (imported here: the report and export paths never encode JSON)
        import orjson as _orjson
    except ImportError:  # pragma: no cover - orjson is a dependency; a stripped install still works
        _orjson = None
    if _orjson is not None:
        option = _orjson.OPT_NON_STR_KEYS | _orjson.OPT_APPEND_NEWLINE
        try:
            return _orjson.dumps(doc, option=option)
        except TypeError:  # orjson.JSONEncodeError: an integer beyond 64 bits, a type it does not know
            pass
    import json

    try:
        text = json.dumps(doc, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except ValueError:  # a NaN or infinity somewhere: null, as orjson writes it
        text = json.dumps(_finite(doc), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


def _indented(doc: Any) -> str:
    """`json.dumps(doc, indent=2, ensure_ascii=False)` (NaN and infinities as null): the same text,
    written by one recursive walk over the containers appending to a list, the common value
    types told apart by `type() is` before the general tests (tests/test_json.py compares the two
    on the documents of corpus filings)."""
    try:
        from _json import encode_basestring as quote  # (what json itself uses for ensure_ascii=False)
    except ImportError:  # pragma: no cover - a Python without the C accelerator
        from json.encoder import py_encode_basestring as quote
    out: list[str] = []
    put = out.append
    float_repr, int_repr = float.__repr__, int.__repr__

    def key(k: Any) -> str:
        if isinstance(k, str):
            return quote(k)
        if k is True or k is False or k is None:
            return '"' + ("true" if k is True else "false" if k is False else "null") + '"'
        if isinstance(k, int):
            return '"' + int_repr(k) + '"'
        if isinstance(k, float):
            return '"' + (float_repr(k) if k - k == 0 else "null") + '"'
        raise TypeError(f"keys must be str, int, float, bool or None, not {type(k).__name__}")

    def scalar(x: Any) -> str:
        if isinstance(x, str):
            return quote(x)
        if x is None:
            return "null"
        if x is True:
            return "true"
        if x is False:
            return "false"
        if isinstance(x, int):
            return int_repr(x)
        if isinstance(x, float):
            return float_repr(x) if x - x == 0 else "null"  # (nan - nan and inf - inf are nan)
        raise TypeError(f"Object of type {type(x).__name__} is not JSON serializable")

    def item(x: Any, pad: str) -> None:
        t = type(x)
        if t is str:
            put(quote(x))
        elif t is float:
            put(float_repr(x) if x - x == 0 else "null")
        elif t is dict or t is list or t is tuple or isinstance(x, (dict, list, tuple)):
            container(x, pad)
        else:
            put(scalar(x))

    def container(v: dict | list | tuple, pad: str) -> None:
        opening, closing = ("{", "}") if isinstance(v, dict) else ("[", "]")
        if not v:
            put(opening + closing)
            return
        inner = pad + "  "
        sep = ",\n" + inner
        put(opening + "\n" + inner)
        first = True
        if isinstance(v, dict):
            for k, x in v.items():
                if first:
                    first = False
                else:
                    put(sep)
                put((quote(k) if type(k) is str else key(k)) + ": ")
                item(x, inner)
        else:
            for x in v:
                if first:
                    first = False
                else:
                    put(sep)
                item(x, inner)
        put("\n" + pad + closing)

    item(doc, "")
    return "".join(out)


def _finite(v: Any) -> Any:
    """`v` with every NaN or infinite float replaced by None."""
    if isinstance(v, float):
        return v if v - v == 0 else None  # (nan - nan and inf - inf are nan)
    if isinstance(v, dict):
        return {k: _finite(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_finite(x) for x in v]
    return v


def analyze(source: str | bytes | os.PathLike[str] | Submission, *, name: str | None = None,
            strict: bool = True) -> Analysis:
    """Run the whole pipeline on one filing (a path, bytes, text or a parsed Submission).

    Bad input raises `FilingError`; an unexpected failure inside a stage raises `StageError`
    naming the stage, so batch runs can record where a filing failed.
    """
    from edgarliq.analysis import compute_metrics
    from edgarliq.analysis.claims import check_claims
    from edgarliq.fds import parse_schedules
    from edgarliq.reconcile import reconcile
    from edgarliq.statements import extract_statements

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    if isinstance(source, Submission):
        submission = source
    else:
        submission = read_submission(source, name=name, strict=strict)
    label = submission.source
    t1 = time.perf_counter()
    timings["container"] = t1 - t0

    def stage(stage_name: str, fn: Any, *args: Any) -> Any:
        start = time.perf_counter()
        try:
            return fn(*args)
        except EdgarliqError:
            raise
        except Exception as exc:  # noqa: BLE001 - re-raised with the stage named
            raise StageError(label, stage_name, exc) from exc
        finally:
            timings[stage_name] = timings.get(stage_name, 0.0) + time.perf_counter() - start

    schedules = stage("schedules", parse_schedules, submission)
    statements = stage("statements", extract_statements, submission, schedules)
    if getattr(statements, "warnings", ()):  # (a truncated HTML document: said with the filing's warnings)
        submission = replace(submission, warnings=(*submission.warnings, *statements.warnings))
    checks: list[Check] = list(stage("statements", reconcile, statements, schedules,
                                      getattr(submission, "period_of_report", None)))
    # the filing's own presentation/label linkbases (EX-101.PRE/.LAB), when it carries them, confirm
    # the inline XBRL statements' rows and order (no EX-101 documents: nothing changes)
    if _has_xbrl_exhibits(submission):  # (the module is imported only then: start-up of the rest)
        from edgarliq.tables.linkbase import confirm_statements

        statements, confirmed = stage("statements", confirm_statements, submission, statements)
        checks.extend(confirmed)
    metrics = stage("metrics", compute_metrics, statements, schedules)
    checks.extend(stage("metrics", check_claims, submission, metrics))
    return Analysis(submission, schedules, statements, metrics, checks, timings)


def _has_xbrl_exhibits(submission: Any) -> bool:
    """The submission carries XBRL exhibits (the documents tables/linkbase.py reads)."""
    return any(xbrl_exhibit(getattr(d, "type", None)) for d in getattr(submission, "documents", ()))
