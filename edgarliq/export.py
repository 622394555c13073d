"""Exports: the analysis as tables (pandas), CSV files and an Excel workbook. Nothing is recomputed.

Every table starts with the filing's identity (IDENTITY_COLUMNS), so a table read on its own, or
concatenated with the same table of other filings, still says which filing each row is from; and
every table has a `unit` column saying what its numbers are. The long tables (fds, statements,
metrics, checks) have the same columns for every filing; the wide statement tables have one
column per period the filing prints. Column meanings are documented in the README.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from edgarliq import lazyre
from edgarliq.analysis.metrics import metrics_frame
from edgarliq.model import row_measure

if TYPE_CHECKING:
    import pandas as pd

    from edgarliq.pipeline import Analysis

STATEMENT_KINDS = ("balance_sheet", "income_statement", "cash_flow")
IDENTITY_COLUMNS = ("cik", "company", "accession", "form", "period_of_report")
ROW_COLUMNS = ("statement", "row", "label", "concept", "level", "total", "derived", "unit", "scale", "unit_source")
LONG_STATEMENT_COLUMNS = (*IDENTITY_COLUMNS, *ROW_COLUMNS, "column", "header", "period_end", "months", "value")
FDS_COLUMNS = ("schedule", "document_type", "article", "column", "period_type", "months", "period_start",
               "period_end", "tag", "canonical", "raw", "value", "unit", "multiplier")
CHECK_COLUMNS = ("name", "status", "expected", "actual", "difference", "tolerance", "unit", "detail")


def period_label(column: dict[str, Any]) -> str:
    """Column name showing both duration and date: ``6M 1997-06-27``; balances: ``1997-06-27``."""
    end = column.get("period_end") or column.get("header") or "?"
    months = column.get("months")
    return f"{months}M {end}" if months else str(end)


def identity(filing: dict[str, Any]) -> dict[str, Any]:
    """The identity columns of one filing (None where the file does not say)."""
    return {c: filing.get(c) for c in IDENTITY_COLUMNS}


def _row_facts(kind: str, statement: dict[str, Any], i: int, row: dict[str, Any]) -> dict[str, Any]:
    return {"statement": kind, "row": i, "label": row["label"], "concept": row.get("concept"),
            "level": row.get("level", 0), "total": row.get("total", False), "derived": row.get("derived"),
            "unit": row_measure(row), "scale": statement.get("unit"),
            "unit_source": statement.get("unit_source")}


def statement_frame(statement: dict[str, Any], kind: str = "", filing: dict[str, Any] | None = None) -> pd.DataFrame:
    """Wide: one row per printed line, one column per period (named by `period_label`)."""
    names: list[str] = []
    for col in statement.get("columns", []):
        name = period_label(col)
        while name in names:  # two columns for the same period (e.g. restated): keep both
            name += "'"
        names.append(name)
    ident = identity(filing or {})
    records = []
    for i, row in enumerate(statement.get("rows", [])):
        rec: dict[str, Any] = {**ident, **_row_facts(kind, statement, i, row)}
        values = row.get("values", [])
        for j, name in enumerate(names):
            rec[name] = values[j] if j < len(values) else None
        records.append(rec)
    import pandas as pd

    frame = pd.DataFrame.from_records(records, columns=[*IDENTITY_COLUMNS, *ROW_COLUMNS, *names])
    for name in names:
        frame[name] = frame[name].astype("float64")
    return _typed(frame)


def statements_long_frame(statements: dict[str, dict[str, Any]], filing: dict[str, Any]) -> pd.DataFrame:
    """Tidy: one row per statement x printed line x period, the same columns for every filing."""
    import pandas as pd

    ident = identity(filing)
    records = []
    for kind in STATEMENT_KINDS:
        st = statements.get(kind)
        if not st:
            continue
        columns = st.get("columns", [])
        for i, row in enumerate(st.get("rows", [])):
            facts = _row_facts(kind, st, i, row)
            values = row.get("values", [])
            for j, col in enumerate(columns):
                records.append({**ident, **facts, "column": j, "header": col.get("header"),
                                "period_end": col.get("period_end"), "months": col.get("months"),
                                "value": values[j] if j < len(values) else None})
    frame = pd.DataFrame.from_records(records, columns=LONG_STATEMENT_COLUMNS)
    frame["column"] = frame["column"].astype("Int64")
    frame["value"] = frame["value"].astype("float64")
    return _typed(frame)


def checks_frame(checks: list[dict[str, Any]], metrics: dict[str, list[dict[str, Any]]] | None = None,
                 filing: dict[str, Any] | None = None) -> pd.DataFrame:
    import pandas as pd

    ident = identity(filing or {})
    records = [{**ident, **{c: ch.get(c) for c in CHECK_COLUMNS}, "unit": check_unit(ch, metrics or {})}
               for ch in checks]
    frame = pd.DataFrame.from_records(records, columns=[*IDENTITY_COLUMNS, *CHECK_COLUMNS])
    for c in ("expected", "actual", "difference", "tolerance"):
        frame[c] = frame[c].astype("float64")
    return _typed(frame)


def check_unit(check: dict[str, Any], metrics: dict[str, list[dict[str, Any]]]) -> str | None:
    """The unit of a check's expected/actual: a claim's is its metric's; a statement or EX-27
    comparison is in currency (per share for EPS); a check without numbers has none."""
    if check.get("expected") is None and check.get("actual") is None:
        return None
    metric = check.get("metric")
    if metric:
        units = {m.get("unit") for m in metrics.get(metric, [])}
        return units.pop() if len(units) == 1 else None
    return "per share" if "eps" in str(check.get("name", "")).lower() else "currency"


def fds_frame(analysis: Analysis) -> pd.DataFrame:
    """One row per schedule, column and tag: raw text, scaled value, unit and period."""
    import pandas as pd

    from edgarliq.fds import fds_rows

    ident = identity(analysis.filing)
    rows = [{**ident, **r} for r in fds_rows(analysis.schedules)]
    frame = pd.DataFrame.from_records(rows, columns=[*IDENTITY_COLUMNS, *FDS_COLUMNS])
    for c in ("schedule", "column", "months"):
        frame[c] = frame[c].astype("Int64")
    frame["value"] = frame["value"].astype("float64")
    frame["period_start"] = pd.to_datetime(frame["period_start"], format="%Y-%m-%d")
    return _typed(frame)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """The dtypes every table shares: dates datetime64, counts nullable Int64, `cik` text as the
    header prints it (zero padded, as in the JSON and batch's filings table)."""
    import pandas as pd

    for c in ("period_of_report", "period_end"):
        if c in frame:
            frame[c] = pd.to_datetime(frame[c], format="%Y-%m-%d")
    for c in ("months", "level", "row"):
        if c in frame:
            frame[c] = frame[c].astype("Int64")
    return frame


def frames(analysis: Analysis, *, long: bool = False) -> dict[str, pd.DataFrame]:
    """Every table of one analysis, keyed by the CSV file stem (and Excel sheet name).

    ``long=True`` gives the statements as one tidy `statements` table instead of one wide table
    per statement: then every table has the same columns for every filing and concatenates.
    """
    doc = analysis.to_dict()
    filing = doc["filing"]
    out: dict[str, pd.DataFrame] = {"fds": fds_frame(analysis)}
    if long:
        out["statements"] = statements_long_frame(doc["statements"], filing)
    else:
        for kind in STATEMENT_KINDS:
            if kind in doc["statements"]:
                out[kind] = statement_frame(doc["statements"][kind], kind, filing)
    metrics = metrics_frame(doc["metrics"])  # the analysis layer owns its table shape
    for i, (c, v) in enumerate(identity(filing).items()):
        metrics.insert(i, c, v)
    out["metrics"] = _typed(metrics)
    out["checks"] = checks_frame(doc["checks"], doc["metrics"], filing)
    return out


def export_csv(analysis: Analysis, directory: Path, *, long: bool = False) -> list[Path]:
    """Write fds.csv, the statements (one CSV each, or statements.csv with `long`), metrics.csv
    and checks.csv; return the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, frame in frames(analysis, long=long).items():
        path = directory / f"{stem}.csv"
        tmp = path.with_suffix(".csv.tmp")
        # %.15g: integral amounts print without ".0" and per-share values keep their decimals
        frame.to_csv(tmp, index=False, float_format="%.15g", date_format="%Y-%m-%d")
        tmp.replace(path)  # never leave a half-written CSV under the final name
        written.append(path)
    return written


# Characters an .xlsx cannot hold (openpyxl refuses them): C0 controls except tab, LF, CR.
_XLSX_ILLEGAL = lazyre.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def export_xlsx(analysis: Analysis, path: Path, *, long: bool = False) -> Path:
    """One workbook, one sheet per table (the same tables and columns as the CSV files)."""
    try:
        import openpyxl  # noqa: F401 - pandas' engine; checked here for a clear message
    except ImportError:
        from edgarliq.errors import EdgarliqError

        raise EdgarliqError("--xlsx needs openpyxl: pip install 'edgarliq[excel]' (or openpyxl)") from None
    import pandas as pd

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
        for name, frame in frames(analysis, long=long).items():
            clean = frame.copy()
            for c in clean.columns:
                if not (pd.api.types.is_numeric_dtype(clean[c]) or pd.api.types.is_datetime64_any_dtype(clean[c])):
                    clean[c] = clean[c].map(lambda v: _XLSX_ILLEGAL.sub("", v) if isinstance(v, str) else v)
            clean.to_excel(writer, sheet_name=name[:31], index=False)
    tmp.replace(path)
    return path
