"""Checks on the extracted statements: the balance sheet balances, printed subtotals add up,
and the statements agree with every EX-27 schedule column of the filing.

Every comparison becomes a `Check`; a statement that was not found gives a `skip` check
saying why, and a disagreement is a `fail`: no wrong number passes silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from edgarliq.checks import Check, compare
from edgarliq.model import KINDS, Statement

__all__ = ["reconcile", "FDS_PAIRS"]

# (statement kind, statement concept, EX-27 canonical name, is a flow)
FDS_PAIRS: tuple[tuple[str, str, str, bool], ...] = (
    ("balance_sheet", "total_assets", "total_assets", False),
    ("balance_sheet", "total_current_assets", "current_assets", False),
    ("balance_sheet", "total_current_liabilities", "current_liabilities", False),
    ("income_statement", "revenue", "total_revenues", True),
    ("income_statement", "pretax_income", "income_pretax", True),
    ("income_statement", "net_income", "net_income", True),
)
# Printed subtotals whose components are the rows above them in the same section.
SUBTOTALS: tuple[tuple[str, str], ...] = (
    ("balance_sheet", "total_current_assets"),
    ("balance_sheet", "total_current_liabilities"),
)


def reconcile(statements: Mapping[str, Statement], schedules: Iterable[Any] = ()) -> list[Check]:
    """All checks for one filing (see module docstring)."""
    checks: list[Check] = []
    missing = dict(getattr(statements, "missing", ()) or ())
    for kind in KINDS:
        if kind not in statements:
            checks.append(Check(f"{kind}.found", "skip", detail=missing.get(kind, "statement not found")))
        elif statements[kind].unit_source == "assumed":
            # no "(in thousands)" anywhere: the figures are as printed, which may well be thousands
            checks.append(Check(f"{kind}.unit", "skip", detail="no amount unit printed in this or any sibling "
                                "statement: values are taken as printed (unit 1) and may be understated"))
    bs = statements.get("balance_sheet")
    if bs is not None:
        checks.extend(_balance(bs))
        # Statements rebuilt from inline XBRL facts hold only the tagged concept rows, not every
        # printed line, so their components cannot be summed against the printed subtotal.
        # (only the inline XBRL reader builds those, always with unit_source "xbrl": its module,
        # and lxml with it, is imported for them alone, not for every plain-text filing)
        if bs.unit_source != "xbrl" or not bs.title.endswith(_xbrl_title_suffix()):
            for _kind, concept in SUBTOTALS:
                checks.extend(_subtotal(bs, concept))
    checks.extend(_versus_fds(statements, list(schedules)))
    return checks


def _xbrl_title_suffix() -> str:
    from edgarliq.tables.ixbrl import XBRL_TITLE_SUFFIX

    return XBRL_TITLE_SUFFIX


def _tol(st: Statement, other: float = 1) -> float:
    return max(st.unit, other) / 2


def _balance(bs: Statement) -> list[Check]:
    out = []
    for i, col in enumerate(bs.columns):
        assets = bs.value("total_assets", i)
        le = bs.value("total_liabilities_and_equity", i)
        how = "printed total liabilities and equity"
        if le is None:
            tl, te = bs.value("total_liabilities", i), bs.value("total_equity", i)
            if tl is not None and te is not None:
                le, how = tl + te, "total liabilities + total equity (derived)"
        out.append(compare("balance_sheet.balances", assets, le, _tol(bs),
                           f"total assets = {how} at {col.label}", column=col.label))
    return out


def _subtotal(st: Statement, concept: str) -> list[Check]:
    """Sum the value rows between the section start and the printed subtotal.

    Nested subtotals (an unlabelled inventory total under "Inventories:") replace the rows
    they sum, found greedily: a total row equal to the sum of the rows just above it.
    """
    idx = next((k for k, r in enumerate(st.rows) if r.concept == concept), None)
    if idx is None:
        return []
    # components start after the section heading ("Current assets:"); without one they are not
    # identifiable and no check is made (inner labelled totals are nested subtotals, see below)
    start = idx
    while start > 0:
        above = st.rows[start - 1]
        if all(v is None for v in above.values) and "current" in above.label.lower():
            break
        if above.concept in ("total_assets", "total_current_assets", "total_equity"):
            break
        start -= 1
    if start == 0 and concept != "total_current_assets":
        return []
    out = []
    for i, col in enumerate(st.columns):
        items: list[float] = []
        for r in st.rows[start:idx]:
            v = r.values[i] if i < len(r.values) else None
            if v is None:
                continue
            if r.total and len(items) >= 2:
                for k in range(len(items) - 2, -1, -1):
                    if abs(sum(items[k:]) - v) <= _tol(st):
                        del items[k:]
                        break
            items.append(v)
        if len(items) < 2:
            continue
        out.append(compare(f"{st.kind}.{concept}.sum", st.rows[idx].values[i], sum(items), _tol(st),
                           f"{concept} = sum of the {len(items)} rows above it at {col.label}", column=col.label))
    return out


def _canonical(column: Any) -> dict[str, float]:
    try:
        return dict(column.canonical())
    except (AttributeError, TypeError):
        return {}


def _versus_fds(statements: Mapping[str, Statement], schedules: list[Any]) -> list[Check]:
    out: list[Check] = []
    for sch in schedules:
        article = str(getattr(sch, "article", "") or "").strip()
        if article not in ("", "5"):
            continue  # banks, insurers ...: other tags, not comparable with article-5 names
        mult = float(getattr(sch, "multiplier", 1) or 1)
        dtype = getattr(sch, "document_type", "EX-27")
        for col in getattr(sch, "columns", ()):
            values = _canonical(col)
            end: date | None = getattr(col, "period_end", None)
            months = getattr(col, "months", None)
            for kind, concept, tag, flow in FDS_PAIRS:
                want = values.get(tag)
                name = f"fds.{tag}"
                where = f"{dtype} {end.isoformat() if end else '?'}" + (f" {months}M" if flow and months else "")
                if not want:
                    continue  # absent, or 0 = "not reported" in many schedules
                st = statements.get(kind)
                if st is None:
                    out.append(Check(name, "skip", want, None, None, None,
                                     f"{where}: {kind} not found", {"period_end": _iso(end)}))
                    continue
                ci = st.column_index(end, months if flow else None)
                if ci is None:
                    ci, problem = _near_column(st, end, months if flow else None)
                    if problem:
                        out.append(Check(f"{name}.period", "fail", want, None, None, None, f"{where}: {problem}",
                                         {"period_end": _iso(end), "months": months if flow else None}))
                    if ci is None:
                        if not problem:
                            out.append(Check(name, "skip", want, None, None, None,
                                             f"{where}: the {kind} prints no column for this period",
                                             {"period_end": _iso(end), "months": months}))
                        continue
                got = st.value(concept, ci)
                tol = max(mult, st.unit) / 2
                if got is None:
                    out.append(Check(name, "fail", want, None, None, tol,
                                     f"{where}: no {concept} row recognised in the {kind}",
                                     {"period_end": _iso(end), "months": months}))
                    continue
                out.append(compare(name, want, got, tol, f"{where}: {kind} {concept} vs EX-27 {tag}",
                                   period_end=_iso(end), months=months if flow else None))
    return out


def _near_column(st: Statement, end: date | None, months: int | None) -> tuple[int | None, str]:
    """When no statement column has the EX-27 period exactly: the column to compare with, and why
    the periods disagree (a failed check: the scorer, and any reader, matches periods exactly).

    - a column ending within 7 days with the same duration: the schedule and the statement name
      different ends of one 52/53-week period (Apple 1996-06: EX-27 06-29, statement June 28);
      its values are still compared, but the date disagreement is a failure of its own;
    - a column with the same end but another duration: the schedule's duration is wrong (Apple
      1997-06: EX-27 "6-MOS", the statement prints three and nine months); nothing to compare.
    """
    if end is None:
        return None, ""
    for i, c in enumerate(st.columns):
        if c.period_end is None or c.period_end == end or abs((c.period_end - end).days) > 7:
            continue
        if months is None or c.months in (None, months):
            return i, (f"the EX-27 period ends {end.isoformat()}, the {st.kind} column ends "
                       f"{c.period_end.isoformat()} (compared with that column)")
    if months is not None:
        printed = sorted({c.months for c in st.columns if c.period_end == end and c.months})
        if printed:
            return None, (f"the EX-27 column covers {months} months to {end.isoformat()}; the {st.kind} prints "
                          + ", ".join(f"{m} months" for m in printed) + " to that date")
    return None, ""


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
