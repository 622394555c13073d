"""Exports: the analysis as tables (pandas), CSV files and JSON. Nothing is recomputed here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from edgarliq.analysis.metrics import metrics_frame

if TYPE_CHECKING:
    import pandas as pd

    from edgarliq.pipeline import Analysis

STATEMENT_KINDS = ("balance_sheet", "income_statement", "cash_flow")


def period_label(column: dict[str, Any]) -> str:
    """Column name showing both duration and date: ``6M 1997-06-27``; balances: ``1997-06-27``."""
    end = column.get("period_end") or column.get("header") or "?"
    months = column.get("months")
    return f"{months}M {end}" if months else str(end)


def statement_frame(statement: dict[str, Any]) -> pd.DataFrame:
    """One row per printed line (label, concept, level, total), one column per period."""
    names: list[str] = []
    for col in statement.get("columns", []):
        name = period_label(col)
        while name in names:  # two columns for the same period (e.g. restated): keep both
            name += "'"
        names.append(name)
    records = []
    for row in statement.get("rows", []):
        rec: dict[str, Any] = {
            "label": row["label"], "concept": row.get("concept"),
            "level": row.get("level", 0), "total": row.get("total", False),
        }
        values = row.get("values", [])
        for i, name in enumerate(names):
            rec[name] = values[i] if i < len(values) else None
        records.append(rec)
    import pandas as pd

    frame = pd.DataFrame.from_records(records, columns=["label", "concept", "level", "total", *names])
    return frame


def checks_frame(checks: list[dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd

    cols = ["name", "status", "expected", "actual", "difference", "tolerance", "detail"]
    return pd.DataFrame.from_records([{c: ch.get(c) for c in cols} for ch in checks], columns=cols)


def fds_frame(analysis: Analysis) -> pd.DataFrame:
    """One row per schedule, column and tag: raw text, scaled value, unit and period."""
    import pandas as pd

    from edgarliq.fds import fds_rows

    rows = fds_rows(analysis.schedules)
    cols = ["schedule", "document_type", "article", "column", "period_type", "months", "period_start",
            "period_end", "tag", "canonical", "raw", "value", "unit", "multiplier"]
    return pd.DataFrame.from_records(rows, columns=cols)


def frames(analysis: Analysis) -> dict[str, pd.DataFrame]:
    """Every table of one analysis, keyed by the CSV file stem."""
    doc = analysis.to_dict()
    out: dict[str, pd.DataFrame] = {"fds": fds_frame(analysis)}
    for kind in STATEMENT_KINDS:
        if kind in doc["statements"]:
            out[kind] = statement_frame(doc["statements"][kind])
    out["metrics"] = metrics_frame(doc["metrics"])  # the analysis layer owns its table shape
    out["checks"] = checks_frame(doc["checks"])
    return out


def export_csv(analysis: Analysis, directory: Path) -> list[Path]:
    """Write fds.csv, one CSV per statement found, metrics.csv and checks.csv; return the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, frame in frames(analysis).items():
        path = directory / f"{stem}.csv"
        tmp = path.with_suffix(".csv.tmp")
        # %.15g: integral amounts print without ".0" and per-share values keep their decimals
        frame.to_csv(tmp, index=False, float_format="%.15g")
        tmp.replace(path)  # never leave a half-written CSV under the final name
        written.append(path)
    return written
